"""Meetings: where a body is named as meeting, which one (number, dates, venue, host, chair),
and what the text says happened to it (held, forwarded_to, mentioned).

A mention is a body name read with what a press statement wraps around it: an ordinal before
("the 19th", "nineteenth", "the first meeting of the"), a number after ("SOMTC 18"), an
expansion's acronym in parentheses, a working group under its parent ("Senior Officials Meeting
on Transnational Crime (SOMTC) Working Group on Counter Terrorism"), and a partner ("SOMTC +
Japan", "ASEAN Plus Three Ministerial Meeting …", "ASEAN-Japan Summit") making it a consultation
``BODY+PARTY`` / ``BODY+3``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mufakat.ingest.extract import lexicon
from mufakat.ingest.extract.dates import DateMention
from mufakat.ingest.extract.gazetteer import Gazetteer, described_words
from mufakat.ingest.extract.numbers import (
    cardinal_after,
    ordinal_at,
    ordinal_before,
    own_ordinal_after,
    possessive_ordinal,
)
from mufakat.ingest.extract.tokens import Token, norm_word

_FRAME = re.compile(lexicon.FRAME_CUES, re.IGNORECASE)
_MEETING_OF = {"meeting", "session", "consultation", "conference", "summit", "edition"}
#: Between "the Nth meeting of the" and a working group's name: whose group it is.
_WHOSE_GROUP = {"senior", "official", "ministerial", "asean", "somtc's"}
_SKIP_BEFORE = {"annual", "regular", "special", "upcoming", "recent", "latest", "asean"}
_EXPANSION_JOINERS = {"on", "of", "the", "and", "+", "in", "for", "its", ","}


@dataclass
class Mention:
    """A body named in one sentence, as a meeting ("" for a body the registry does not know)."""

    body: str
    number: int | None
    sentence: int
    begin: int  # character offsets in the sentence
    end: int
    frame: bool = False  # "under the purview of the SOMTC": the body, not a meeting


@dataclass
class Attributes:
    """What a sentence says about the meeting a mention (or "the meeting") stands for."""

    dates: list[DateMention] = field(default_factory=list)
    city: str | None = None
    host: str | None = None
    chair: str | None = None
    online: bool = False


def _partner_at(g: Gazetteer, tokens: list[Token], j: int) -> tuple[str, int] | None:
    """A partner at ``tokens[j]``: "3"/"Three" (the Plus Three) or a state or the EU."""
    if j >= len(tokens):
        return None
    if tokens[j].norm == "3":
        return "3", j + 1
    end, entries = g.names.match(tokens, j, ("party",))
    for e in entries:
        info = g.parties.get(e.code)
        if info and (info.is_state or e.code == "EU"):
            return e.code, end
    return None


def _partner_first(g: Gazetteer, tokens: list[Token], i: int, code: str) -> tuple[str, int] | None:
    """ "EU-ASEAN Senior Officials' Consultation", "China-ASEAN (10+1) Ministerial Meeting": the
    body's consultation with the partner named before ASEAN, and where that name begins."""
    k = i
    if tokens[k].norm != "asean":
        if k > 0 and tokens[k - 1].norm == ")":  # "(10+1)"
            back = k - 2
            while back > 0 and tokens[back].norm != "(" and k - back < 8:
                back -= 1
            if tokens[back].norm == "(":
                # "the ASEAN-China (10+1) Ministerial Meeting", "the 13th ASEAN Plus Three
                # (10+3) Ministerial Meeting": ASEAN's partner named before the parenthesis
                after = _partner_after_asean(g, tokens, back, code)
                if after is not None:
                    return after
                k = back
        if k == 0 or tokens[k - 1].norm != "asean":
            return None
        k -= 1
    for width in (1, 2, 3, 4):
        start = k - width
        if start < 0:
            break
        partner = _dialogue_partner_named(g, tokens, start, k)
        if partner is not None:
            base = code.rsplit("+", 1)[0]
            if "+" in code and code != f"{base}+{partner}":
                return None
            return f"{base}+{partner}", start
    return None


def _dialogue_partner_named(g: Gazetteer, tokens: list[Token], start: int, end: int) -> str | None:
    """The dialogue partner (a state outside ASEAN, or the EU) named exactly by
    ``tokens[start:end]``."""
    stop, entries = g.names.match(tokens, start, ("party",))
    if stop != end:
        return None
    for e in entries:
        info = g.parties.get(e.code)
        if info and (info.is_state or e.code == "EU") and info.kind != "member_state":
            return e.code
    return None


def _partner_after_asean(
    g: Gazetteer, tokens: list[Token], k: int, code: str
) -> tuple[str, int] | None:
    """ "ASEAN-China" or "ASEAN Plus Three" ending at ``tokens[k]``: the body's consultation
    with that partner, and where "ASEAN" begins."""
    if "+" in code:
        return None
    if k >= 3 and [t.norm for t in tokens[k - 3 : k]] == ["asean", "+", "3"]:
        return f"{code}+3", k - 3
    for width in (1, 2, 3, 4):
        start = k - width
        if start < 1:
            break
        if tokens[start - 1].norm != "asean":
            continue
        partner = _dialogue_partner_named(g, tokens, start, k)
        if partner is not None:
            return f"{code}+{partner}", start - 1
    return None


def _consultation_in_parenthesis(g: Gazetteer, tokens: list[Token], j: int, code: str) -> str:
    """ "… Ministerial Meeting on Transnational Crime (AMMTC+3)": the acronym says which
    consultation of the body the long name belongs to."""
    if "+" in code or j >= len(tokens) or tokens[j].norm != "(":
        return code
    end, entries = g.names.match(tokens, j + 1, ("body",))
    inner = entries[0].code if entries else None
    if inner is None and end < len(tokens) and tokens[j + 1].norm == code.lower():
        partner = _partner_at(g, tokens, j + 3) if tokens[j + 2].norm == "+" else None
        inner = f"{code}+{partner[0]}" if partner else None
    return inner if inner and inner.startswith(code + "+") else code


def _skip_parenthesis(g: Gazetteer, tokens: list[Token], j: int) -> int:
    """Skip "(SOMTC)", "(WG on CT)", "(AMMTC+3)": an acronym repeating the name before it."""
    if j < len(tokens) and tokens[j].norm == "(":
        for k in range(j + 1, min(j + 9, len(tokens))):
            if tokens[k].norm == ")":
                inner = tokens[j + 1 : k]
                end, entries = g.names.match(tokens, j + 1, ("body",))
                if (entries and end == k) or (
                    inner
                    and all(t.text[:1].isupper() or not t.text[:1].isalpha() for t in inner)
                    and len(inner) <= 4
                ):
                    return k + 1
                break
    return j


def working_group_at(
    g: Gazetteer, tokens: list[Token], i: int, parent: str | None = None
) -> tuple[str, int] | None:
    """A working group named by what it works on rather than by its registry name: "the
    working group on illegal wildlife trade", "Working Group on Counter-Terrorism and Violent
    Extremism". The registry's working group for that crime area (under ``parent`` if given)."""
    words = [t.norm for t in tokens[i : i + 3]]
    if words[:2] == ["working", "group"]:
        j = i + 2
    elif words[:1] == ["wg"]:
        j = i + 1
    else:
        return None
    if j < len(tokens) and tokens[j].norm in {"meeting", "meetings"}:
        j += 1  # "the 3rd ASEAN Working Group Meeting on Money Laundering"
    if j >= len(tokens) or tokens[j].norm not in {"on", "of", "for", "against"}:
        return None
    stop = j + 1
    while stop < min(j + 10, len(tokens)) and tokens[stop].text[:1].isalnum():
        stop += 1
    for b, e, entries in g.names.find_all(tokens[j + 1 : stop], ("crime_area",)):
        group = g.working_group_for(entries[0].code, parent)
        if group is not None and b <= 2:
            return group, j + 1 + e
    return _group_by_topic(g, tokens, j + 1, stop, parent)


_TOPIC_STOP = {"the", "of", "and", "in", "on", "for", "illicit", "illegal", "trafficking", "trade"}


def _group_by_topic(
    g: Gazetteer, tokens: list[Token], j: int, stop: int, parent: str | None
) -> tuple[str, int] | None:
    """ "the working group on illegal wildlife trade": the one working group (under
    ``parent``) whose registry name shares a subject word with the words that follow."""
    said = [t.norm for t in tokens[j:stop]]
    words = {w for w in said[:4] if w not in _TOPIC_STOP and len(w) > 3}
    if not words:
        return None
    found = []
    for b in g.bodies.values():
        if b.level != "working_group" or (parent is not None and b.parent != parent):
            continue
        own = {w for w in re.findall(r"[a-z]+", b.name.lower()) if w not in _TOPIC_STOP}
        if own & words:
            found.append(b.code)
    if len(found) != 1:
        return None
    own = {w for w in re.findall(r"[a-z]+", g.bodies[found[0]].name.lower())}
    end, last = j, None
    while end < stop and tokens[end].norm in own | _TOPIC_STOP | words:
        end += 1
        if tokens[end - 1].norm not in {"the", "of", "and", "in", "on", "for"}:
            last = end  # "… on illegal wildlife trade", not "… on wildlife in"
    return (found[0], last) if last is not None else None


def _topic_after(g: Gazetteer, tokens: list[Token], j: int, code: str) -> tuple[str, int] | None:
    """A body's name that goes on with a subject of its own: "ASEAN Ministerial Meeting on
    Drugs" is the ministerial meeting on that crime area (the most specific one the registry
    has); "ASEAN Ministerial Meeting on the Rise of Radicalisation" is a body the registry does
    not know (``("", j)``). None when the name does not go on."""
    if j + 1 >= len(tokens) or tokens[j].norm not in {"on", "for"}:
        return None
    nxt = tokens[j + 1]
    if nxt.norm == "the" and j + 2 < len(tokens):
        nxt = tokens[j + 2]
    if not nxt.is_capitalised or nxt.norm[:3] in _MONTHS or nxt.norm in _WEEKDAYS:
        return None
    stop = j + 1
    while stop < min(j + 10, len(tokens)) and tokens[stop].text[:1].isalnum():
        stop += 1
    level = g.bodies[code].level if code in g.bodies else ""
    for b, e, entries in g.names.find_all(tokens[j + 1 : stop], ("crime_area",)):
        if b <= 1:
            found = g.most_specific(entries[0].code, level)
            return (found, j + 1 + e) if found else None
    if g.names.match(tokens, j + 1, ("party", "city"))[1]:
        return None  # "the SOMTC for Cambodia", "… for Bangkok"
    return "", j


_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _joined_in_a_list(
    g: Gazetteer, tokens: list[Token], j: int, partner: tuple[str, int], *, asean: bool = False
) -> bool:
    """ "the ASOD-China, ASOD-Japan and ASOD-ROK consultations": a partner joined to the body's
    name by a dash, in a list that ends in the meeting noun (a member state so joined is the
    body's national office, "SOMTC-Cambodia")."""
    if tokens[j].start - tokens[j - 1].end != 1 or tokens[partner[1]].norm not in {",", "and"}:
        return False
    info = g.parties.get(partner[0])
    if info is None or info.kind == "member_state":
        return False
    for tok in tokens[partner[1] : partner[1] + 16]:
        if tok.norm in {".", ";", ":"}:
            return False
        if tok.norm.startswith(_CONSULTATION_NOUNS[:1] if asean else _CONSULTATION_NOUNS):
            return True
    return False


#: What a consultation with a partner is called after "SOMTC-China" or "ASEAN-Japan".
_CONSULTATION_NOUNS = ("consultation", "dialogue")
_ON_CRIME = ["on", "transnational", "crime"]


def _consultation_named(
    g: Gazetteer, tokens: list[Token], j: int, partner: tuple[str, int], *, asean: bool = False
) -> bool:
    """ "the ASOD-EU dialogue", "the SOMTC-China meeting", "the ASEAN-Japan and ASEAN-Korea
    consultations": a partner joined by a dash to a body's name, followed by the meeting noun,
    or listed with others that end in it. After "ASEAN" only a consultation is one: "the
    ASEAN-Japan dialogue" is the partnership's, not a meeting of the body reported."""
    k = partner[1]
    if k >= len(tokens):
        return False
    if tokens[k].norm.startswith(_CONSULTATION_NOUNS[:1] if asean else _CONSULTATION_NOUNS):
        return True
    if tokens[k].norm == "meeting" and [t.norm for t in tokens[k + 1 : k + 4]] == _ON_CRIME:
        return True  # "the 5th ASEAN-India meeting on transnational crime": its consultation
    info = g.parties.get(partner[0])
    joined = (
        tokens[j].start - tokens[j - 1].end == 1
        and not asean
        and info is not None
        and info.kind != "member_state"
    )
    if joined and tokens[k].norm in {"meeting", "meetings", "session", "talk"}:
        return True
    if _joined_in_a_list(g, tokens, j, partner, asean=asean):
        return True
    # "the 8th ASOD-China, the ASOD-EU and …", "SOMTC-Australia was held": the name alone,
    # ending where the clause goes on (not "the SOMTC-China Work Plan")
    return joined and tokens[k].norm in _AFTER_A_NAME


#: What may follow a consultation named by its body and partner alone.
_AFTER_A_NAME = frozenset(
    {",", ".", ";", ":", ")", "and", "as", "in", "on", "from", "was", "were", "which", "took"}
)


#: The body of "the ASEAN-Japan consultation": the one the report is about, known only later
#: ("?ministerial+JPN": the one of that level).
UNSAID = "?"


def _level_consultation(tokens: list[Token], k: int) -> tuple[str, int] | None:
    """ "ministerial consultation", "senior officials' consultations" at ``tokens[k]``: the
    level of the body consulting, and where the phrase ends."""
    level = None
    j = k
    j += j < len(tokens) and tokens[j].norm == "senior"
    if j < len(tokens) and tokens[j].norm in _LEVEL_WORDS:
        level = _LEVEL_WORDS[tokens[j].norm]
        j += 1
    if level and j < len(tokens) and tokens[j].norm.startswith("consultation"):
        return level, j + 1
    return None


_DESCRIBED_STOP = {"of", "on", "the", "in", "'"}
#: A description ending in one person's title names the person: "the National Police Chief",
#: "the Senior Official" (the bodies' names speak of chiefs, ministers and officials).
_ONE_PERSON = {"chief", "minister", "official"}
_MANY_PEOPLE = {"chiefs", "ministers", "officials", "heads"}


def described_at(g: Gazetteer, tokens: list[Token], i: int) -> tuple[str, int] | None:
    """A body described in the words of its name rather than by a name the registry lists:
    "ASEAN Ministers Meeting on Drug Matters", "the Meeting of ASEAN Senior Officials on Drugs",
    "ASEAN senior officials on drug control", "the Conference of ASEAN Chiefs of Police", "ASEAN
    ministers in charge of drug matters". The longest run of such words that reads as exactly
    one body's name."""
    if not g.described:
        return None
    vocabulary = g.described_vocabulary()
    end = i
    while end < len(tokens) and end - i < 12 and tokens[end].norm in vocabulary:
        end += 1
    for stop in range(end, i, -1):
        if tokens[stop - 1].norm in _DESCRIBED_STOP:
            continue
        if tokens[stop - 1].text.lower() in _ONE_PERSON:
            return None  # "the National Police Chief": a person's title, not the conference
        span = " ".join(t.text for t in tokens[i:stop])
        words = described_words(span)
        code = g.described.get(words)
        people = {lexicon.DESCRIBED_SAME.get(t.norm, t.norm) for t in tokens[i:stop]}
        if len(words) == 1 and (
            "asean" not in people  # "a meeting of the National Police": any country's
            # "ASEAN Police Meeting" heads a report of any meeting of police officers; the
            # body's conference is named as one, or counted in its series
            or ("conference" not in people and ordinal_before(tokens, i) is None)
        ):
            continue
        if people & lexicon.DESCRIBED_DUTY and not any(
            t.text.lower() in _MANY_PEOPLE for t in tokens[i:stop]
        ):
            continue  # "the minister in charge of drug matters": one country's, no meeting
        if code and people & lexicon.DESCRIBED_PEOPLE:
            return code, stop
    return None


def _partners_listed(g: Gazetteer, tokens: list[Token], k: int) -> tuple[list[str], int]:
    """ "China, Japan and the Republic of Korea" at ``tokens[k]``: the partners listed, and
    where the list ends (right after its last partner)."""
    listed: list[str] = []
    while k < len(tokens):
        k += tokens[k].norm == "the"
        partner = _partner_at(g, tokens, k)
        if partner is None:
            break
        listed.append(partner[0])
        k = partner[1]
        if k + 1 < len(tokens) and tokens[k].norm in {",", "and"}:
            nxt = k + 1 + (tokens[k + 1].norm == "and") + (tokens[k + 1].norm == "the")
            if nxt < len(tokens) and _partner_at(g, tokens, nxt) is not None:
                k += 1 + (tokens[k + 1].norm == "and")
                continue
        break
    return listed, k


def _plus_three_spelled(g: Gazetteer, tokens: list[Token], k: int) -> int | None:
    """The Plus Three's members, all of them and no other, listed at ``tokens[k]``: where the
    list ends."""
    listed, end = _partners_listed(g, tokens, k)
    return end if len(listed) == 3 and set(listed) == set(g.partners_of("ASEAN+3")) else None


def _body_after_plus_three(g: Gazetteer, tokens: list[Token], end: int) -> tuple[str, int] | None:
    """The body of "ASEAN Plus China, Japan and Korea <name>": the name after the list, or the
    one a meeting named next shares with it ("the 10th ASEAN Plus China, Japan and Korea and the
    7th ASEAN-China Ministerial Meetings on Transnational Crime"): that body's Plus Three."""
    j = _skip_parenthesis(g, tokens, end)  # "(10+3)"
    after, entries = g.after_asean.match(tokens, j, ("body",))
    if entries and "+" not in entries[0].code:
        return f"{entries[0].code}+3", after
    described = described_at(g, tokens, j) if j < len(tokens) else None
    if described is not None and "+" not in described[0]:
        return f"{described[0]}+3", described[1]
    if j < len(tokens) and tokens[j].norm == "and":
        for m in range(j + 1, min(j + 5, len(tokens))):
            if tokens[m].norm == "asean":
                shared = body_at(g, tokens, m)
                if shared is not None and "+" in shared[0] and not shared[0].startswith("?"):
                    return f"{shared[0].split('+')[0]}+3", j
                break
    return None


#: Words for an occasion of a series' meeting, between the partner and the meeting's name.
_OCCASION = {"special", "commemorative", "extraordinary", "informal", "emergency"}


def body_at(g: Gazetteer, tokens: list[Token], i: int) -> tuple[str, int] | None:
    """The body named at ``tokens[i]`` (composed with working group and partner): (code, end)."""
    code: str | None = None
    j = i
    if tokens[i].norm == "asean" and i + 1 < len(tokens):
        spelled = _plus_three_spelled(g, tokens, i + 1 + (tokens[i + 1].norm in {"+", "and"}))
        if spelled is not None and (found := _body_after_plus_three(g, tokens, spelled)):
            return found  # "the 12th ASEAN Plus China, Japan and the ROK Ministerial Meeting …"
        k = i + 1 + (tokens[i + 1].norm == "+")
        partner = _partner_at(g, tokens, k)
        if partner:
            at = partner[1]
            while at < len(tokens) and tokens[at].norm in _OCCASION:
                at += 1  # "the ASEAN-China Special Summit": a summit of theirs all the same
            end, entries = g.after_asean.match(tokens, at, ("body",))
            if not entries:
                end, entries = g.after_asean.match(tokens, partner[1], ("body",))
            if entries and "+" not in entries[0].code:
                code, j = f"{entries[0].code}+{partner[0]}", end
            elif (leveled := _level_consultation(tokens, partner[1])) is not None and not (
                (found := described_at(g, tokens, partner[1])) and found[1] > leveled[1]
            ):  # not "the ASEAN-China Senior Officials Consultation on Transnational Crime"
                # "the ASEAN-China ministerial consultation", "ASEAN-ROK senior officials'
                # consultations": the consultation of the report's body of that level
                return f"{UNSAID}{leveled[0]}+{partner[0]}", leveled[1]
            elif not entries and (found := described_at(g, tokens, partner[1])):
                code, j = f"{found[0]}+{partner[0]}", found[1]  # "ASEAN-China Senior Officials …"
            elif _consultation_named(g, tokens, k, partner, asean=True):
                # "the ASEAN-Japan consultation on transnational crime": the consultation of the
                # body the report is about, which the extractor fills in (see UNSAID)
                noun = tokens[partner[1]].norm.startswith("consultation")
                return f"{UNSAID}+{partner[0]}", partner[1] + noun
    if code is None:
        first = _partner_at(g, tokens, i)  # "the 2nd Japan-ASEAN Ministerial Meeting on …"
        if first is not None and first[1] < len(tokens) and tokens[first[1]].norm == "asean":
            end, entries = g.after_asean.match(tokens, first[1] + 1, ("body",))
            if entries and "+" not in entries[0].code:
                code, j = f"{entries[0].code}+{first[0]}", end
        elif first is not None and first[1] < len(tokens):
            # "this year's EU-SOMTC meeting", "the next EU-SOMTC consultations"
            end, entries = g.names.match(tokens, first[1], ("body",))
            if (
                entries
                and "+" not in entries[0].code
                and end < len(tokens)
                and tokens[end].norm in lexicon.MEETING_NOUNS
            ):
                code, j = f"{entries[0].code}+{first[0]}", end
    if code is None:
        end, entries = g.names.match(tokens, i, ("body",))
        if entries:
            code, j = entries[0].code, end
            topic = _topic_after(g, tokens, j, code)
            if topic is not None and not topic[0]:
                # "the ASEAN Ministerial Meeting on Combatting Transnational Crime": a known
                # body's name in other words goes on past the short name
                described = described_at(g, tokens, i)
                if described is not None and described[1] > j:
                    return described
            if topic is not None:
                return topic  # "" for "Special ASEAN Ministerial Meeting on the Rise of …"
        else:
            group = working_group_at(g, tokens, i + (tokens[i].norm == "asean"))
            described = None if group else described_at(g, tokens, i)
            if described is None:
                return group or _officials_for(g, tokens, i)
            code, j = described  # "the Meeting of ASEAN Ministers on Drug Matters"
    code = _consultation_in_parenthesis(g, tokens, j, code)
    j = _skip_parenthesis(g, tokens, j)
    sub = g.under.get(code)
    if sub is not None and j < len(tokens):
        end, entries = sub.match(tokens, j, ("body",))
        if entries:
            code, j = entries[0].code, end
            j = _skip_parenthesis(g, tokens, j)
        else:
            group = working_group_at(g, tokens, j, parent=code)
            if group is not None:
                code, j = group
                j = _skip_parenthesis(g, tokens, j)
            else:
                other = _unknown_child(tokens, j)
                if other is not None:
                    return "", other  # "SOMTC Experts Working Group": not in the registry
    if "+" not in code and j < len(tokens):
        if tokens[j].norm == "+":
            if [t.norm for t in tokens[j + 1 : j + 4]] == ["1", "+", "3"]:
                j += 2  # "the SOMTC + 1 + 3 talks": the Plus Three's (the "+1" partners unnamed)
            partner = _partner_at(g, tokens, j + 1)
            if partner:
                code, j = f"{code}+{partner[0]}", partner[1]
                j = _skip_parenthesis(g, tokens, j)
        else:
            partner = _partner_at(g, tokens, j)
            if partner and partner[1] < len(tokens) and _consultation_named(g, tokens, j, partner):
                code, j = f"{code}+{partner[0]}", partner[1]
    # "the 2nd AMMTC with Japan", "a joint session of the SOMTC with China, Japan and Korea"
    if "+" not in code and (together := _with_partner_met(g, tokens, j)) is not None:
        code, j = f"{code}+{together[0]}", together[1]  # "the SOMTC and Japan held their …"
    numbered = ordinal_before(tokens, i) is not None or (
        i >= 3
        and [t.norm for t in tokens[i - 2 : i]] == ["of", "the"]
        and tokens[i - 3].norm in {"meeting", "session"}
    )
    if "+" not in code and (with_partners := _with_partners(g, tokens, j, code, numbered)):
        code, j = with_partners
    if "+" not in code and (event := _event_named_after(g, tokens, j)) is not None:
        return "", event  # "the 6th Aseanapol Police Training Cooperation Meeting"
    if j < len(tokens) and tokens[j].norm in {"consultation", "meeting"}:
        j += 1
    return code, _past_its_parent(g, tokens, j, code)


def _past_its_parent(g: Gazetteer, tokens: list[Token], j: int, code: str) -> int:
    """ "the counter-terrorism working group of the SOMTC": the parent named after a body is
    part of its name, not a meeting of its own (the end of the name)."""
    info = g.bodies.get(code)
    if info is None or not info.parent or j + 1 >= len(tokens) or tokens[j].norm != "of":
        return j
    k = j + 1 + (tokens[j + 1].norm == "the")
    end, entries = g.names.match(tokens, k, ("body",))
    return end if entries and entries[0].code == info.parent else j


_WITH_PARTNERS = ("with", ("their", "its", "the"), ("dialogue",), ("partner",), ("from", "of"))


_MET_TOGETHER = {"held", "hold", "holds", "met", "meet", "meets", "convened"}


def _with_partner_met(g: Gazetteer, tokens: list[Token], j: int) -> tuple[str, int] | None:
    """ "the SOMTC and Japan held their 19th meeting", "ASOD and the EU met": the body and a
    partner as the subject of one meeting are their consultation. (partner, end)."""
    if j + 1 >= len(tokens) or tokens[j].norm != "and":
        return None
    k = j + 1 + (tokens[j + 1].norm == "the")
    partner = _partner_at(g, tokens, k)
    if partner is None or partner[0] == "3":
        return None
    info = g.parties.get(partner[0])
    end = partner[1]
    verb = end + (end < len(tokens) and tokens[end].norm in {"also", "then", "later"})
    if info is None or info.kind == "member_state" or verb >= len(tokens):
        return None
    return (partner[0], end) if tokens[verb].norm in _MET_TOGETHER else None


def _with_partners(
    g: Gazetteer, tokens: list[Token], j: int, code: str, numbered: bool = False
) -> tuple[str, int] | None:
    """ "the Fourth ASEAN Ministerial Meeting on Transnational Crime with their dialogue
    partners from China, Japan and the Republic of Korea": the body's consultation with the Plus
    Three when the partners listed are its members. A numbered meeting of the body "with" its
    partners is one consultation too: "the 2nd AMMTC with Japan" (AMMTC+JPN), "the 19th SOMTC
    with China, Japan and Korea" (SOMTC+3), and so is "a (joint) session of the SOMTC with" them
    (``numbered``: the meeting is named as one)."""
    k = j
    if k >= len(tokens) or tokens[k].norm != "with":
        return None
    k += 1
    direct = numbered and _partner_at(g, tokens, k + (tokens[k].norm == "the")) is not None
    for words in _WITH_PARTNERS[1:] if not direct else ():
        if k < len(tokens) and tokens[k].norm in words:
            k += 1
        elif words == ("partner",):
            return None  # "with the participation of …", "with China": not this phrase
    listed, k = _partners_listed(g, tokens, k)
    plus_three = set(g.partners_of(f"{code}+3"))
    if len(listed) > 1 and set(listed) == plus_three:
        return f"{code}+3", k
    if direct and len(listed) == 1 and g.parties[listed[0]].kind != "member_state":
        return f"{code}+{listed[0]}", k
    return None


_OFFICIALS_MEETING = ("senior", "official", "meeting")


def _officials_for(g: Gazetteer, tokens: list[Token], i: int) -> tuple[str, int] | None:
    """ "A Preparatory Senior Officials Meeting for AMMTC + 3": the senior officials of the body
    under the ministers' (the registry's child of that level: the SOMTC under the AMMTC), in the
    same consultation (SOMTC+3)."""
    k = i + (tokens[i].norm == "asean")
    if tuple(t.norm for t in tokens[k : k + 3]) != _OFFICIALS_MEETING:
        return None
    k = _skip_parenthesis(g, tokens, k + 3)  # "(SOM)"
    if k >= len(tokens) or tokens[k].norm not in {"for", "of"}:
        return None
    k += 1 + (k + 1 < len(tokens) and tokens[k + 1].norm == "the")
    ministers = body_at(g, tokens, k) if k < len(tokens) else None
    if ministers is None or not ministers[0]:
        return None
    base, plus, partner = ministers[0].partition("+")
    officials = [
        b.code for b in g.bodies.values() if b.parent == base and b.level == "senior_officials"
    ]
    if len(officials) != 1:
        return None
    return officials[0] + plus + partner, ministers[1]


def _number(tokens: list[Token], i: int, j: int) -> int | None:
    k = i
    while k > 0 and tokens[k - 1].norm in _SKIP_BEFORE:
        k -= 1
    if k > 0 and tokens[k - 1].norm == "the":
        pass
    found = ordinal_before(tokens, k)
    if found is not None:
        return found
    # "The eighth Association of Southeast Asian Nations (ASEAN) ministerial meeting …"
    if k > 2 and tokens[k - 1].norm == ")":
        back = k - 2
        while back > 0 and tokens[back].norm != "(" and k - back < 6:
            back -= 1
        while back > 0 and (tokens[back - 1].is_capitalised or tokens[back - 1].norm == "of"):
            back -= 1
        found = ordinal_before(tokens, back) if tokens[back].norm != "(" else None
        if found is not None:
            return found
    # "the 12th ASEAN Plus Three – China, Japan, South Korea – Ministerial Meeting …"
    back = k
    while (
        back > 0
        and k - back < 12
        and (
            tokens[back - 1].norm in {",", "+", "3", "and", "asean"}
            or (tokens[back - 1].is_capitalised and not tokens[back - 1].text.isupper())
        )
    ):
        back -= 1
    if back < k and any(t.norm == "+" for t in tokens[back:k]):
        found = ordinal_before(tokens, back)
        if found is not None:
            return found
    # "the first meeting of the Working Group …", "19th session of the SOMTC", "the 9th Meeting
    # of the Senior Officials' Working Group on …"
    back = k - 1
    while back >= 0 and tokens[back].norm in _WHOSE_GROUP:
        back -= 1
    if back >= 0 and tokens[back].norm == "the":
        back -= 1
    if back >= 1 and tokens[back].norm == "of" and tokens[back - 1].norm in _MEETING_OF:
        m = back - 2
        while m >= 0 and tokens[m].norm in _SKIP_BEFORE:
            m -= 1
        for width in (1, 2):
            hit = ordinal_at(tokens, m - width + 1)
            if hit and hit[1] == width:
                return hit[0]
    return cardinal_after(tokens, j)


def _generic(words: list[Token]) -> bool:
    """A body's name written in lower case ("the ministerial meeting", "senior officials
    meeting"): a common noun, not a name."""
    content = [t for t in words if t.text[:1].isalpha() and t.norm not in {"the", "and", "for"}]
    return (
        len(words) > 1
        and all(t.norm in _COMMON_WORDS for t in content)  # "Aseanapol conference" names one
        and not all(t.is_capitalised for t in content)  # "Ministerial Meeting" is a name
    )


#: The words of a body's name that are common nouns and adjectives of the genre.
_COMMON_WORDS = {
    "ministerial", "minister", "meeting", "senior", "official", "officials", "conference",
    "summit", "consultation", "working", "group", "special", "annual", "regional",
}  # fmt: skip


#: Written after a body's name, lower case: what the body does or has, not a meeting of it.
_BODY_BUSINESS = {
    "cooperation", "activities", "activity", "programme", "programmes", "program", "programs",
    "project", "projects", "process", "agenda", "framework", "mechanism", "platform",
    "initiative", "initiatives", "efforts", "priorities", "mandate", "network", "database",
    "system", "portal", "partnership", "delegation", "delegations", "team",
}  # fmt: skip

#: After a body's name in the possessive: a part or a time of one of its meetings ("the
#: AMMTC's opening session", "the ASOD's annual meeting").
_OF_A_MEETING = {
    "opening", "closing", "plenary", "annual", "latest", "recent", "last", "next", "upcoming",
    "forthcoming", "first", "final", "special", "retreat", "preparatory", "meetings",
}  # fmt: skip

_CHILD_NOUNS = {"group", "force", "committee", "network", "workshop", "forum", "taskforce"}
_ROLE_NOUNS = {
    "head",
    "leader",
    "chair",
    "chairman",
    "chairperson",
    "secretariat",
    "focal",
    "shepherd",
}


#: After a body named without a number: the sentence describes the body, not a meeting of it
#: ("The AMMTC is the highest policy-making body …", "ASOD remains the key platform …", "the
#: SOMTC, which was established in 1997, …"). A meeting told of ("is being held", "is the
#: first meeting …", "is scheduled") is not a description.
_DESCRIBED_AS = re.compile(
    r"\s*,?\s*(?:which\s+|that\s+)?(?:"
    r"(?:is|remains|has\s+(?:long\s+)?been)\s+(?:the|an?|one|ASEAN'?s|our|their|its)\b"
    r"(?![^,;.]{0,40}?\b(?:first|second|third|last|final|\d+(?:st|nd|rd|th)|meeting\s+of\s+(?:this|the)\s+year)\b)"
    r"|(?:serves|acts|functions)\s+as\b"
    r"|was\s+(?:established|founded|set\s+up|created|formed)\s+(?:in|by|under)\b"
    # "The AMMTC, held every two years, …", "which meets annually": the series
    r"|(?:is\s+|are\s+)?(?:held|convened|meets?|gathers?)\s+(?:every|each|annually|biennially"
    r"|twice|once|yearly|regularly)\b)",
    re.IGNORECASE,
)


#: Before a body: it is the one someone shares with, works or cooperates with.
_WORKS_WITH = re.compile(
    r"\b(?:shar|cooperat|work|coordinat|engag|liais|collaborat|partner)\w*\s+"
    r"(?:(?!with\b)[\w'’-]+\s+){0,4}with\s+(?:[\w'’-]+\s+(?:and|,)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


def _described_as_body(sentence_text: str, tokens: list[Token], k: int) -> bool:
    """The words after a body's name (``tokens[k]`` on) describe the body itself."""
    after = tokens[k - 1].end if k > 0 else 0
    return bool(_DESCRIBED_AS.match(sentence_text, after))


def _member_state_before(g: Gazetteer, tokens: list[Token], i: int) -> bool:
    """A member state's name ends right before ``tokens[i]`` ("Philippine", "Thailand's")."""
    for k in range(max(0, i - 3), i):
        end, entries = g.names.match(tokens, k, ("party",))
        if entries and end == i:
            info = g.parties.get(entries[0].code)
            return bool(info and info.kind == "member_state")
    return False


def _unknown_child(tokens: list[Token], j: int) -> int | None:
    """ "SOMTC Experts Working Group", "ASOD Task Force on …": a group under the body that the
    registry does not list. The token after its name, or None."""
    k = j
    while k < len(tokens) and k < j + 4 and tokens[k].is_capitalised:
        if tokens[k].norm in _CHILD_NOUNS:
            return k + 1
        k += 1
    return None


_MANY = {"past", "previous", "earlier", "future", "successive", "several", "many", "all"}


def _many_past(tokens: list[Token], i: int, j: int) -> bool:
    """ "at past ASEAN Summits", "at future SOMTCs": meetings of the body in the plural, no
    one of them."""
    k = i - (i > 0 and tokens[i - 1].norm == "asean")
    return (
        k > 0
        and tokens[k - 1].norm in _MANY
        and tokens[j - 1].text.endswith("s")  # "Summits", "SOMTCs" (not "ASOD")
    )


def _event_named_after(g: Gazetteer, tokens: list[Token], j: int) -> int | None:
    """ "the 6th Aseanapol Police Training Cooperation Meeting": a body's name, then words of a
    name of its own (two or more), then the meeting noun — another meeting, which the registry
    does not know. The token after it, or None."""
    k = j
    while k < len(tokens) and k < j + 5 and tokens[k].is_capitalised:
        if tokens[k].norm in lexicon.MEETING_NOUNS:
            break
        if _partner_at(g, tokens, k) is not None or tokens[k].norm in {"+", "asean"}:
            return None
        k += 1
    named = k - j >= 2 and k < len(tokens) and tokens[k].norm in lexicon.MEETING_NOUNS
    return k + 1 if named and tokens[k].is_capitalised else None


def _organisation_only(g: Gazetteer, tokens: list[Token], i: int, j: int) -> bool:
    """A body whose name is also a party's ("ASEANAPOL"), named bare: no ordinal before it and
    no meeting noun after it."""
    at = i + (tokens[i].norm == "the" and i + 1 < j)  # "of the ASEAN Chiefs of Police"
    end, entries = g.names.match(tokens, at, ("party",))
    if not entries or end > j:
        return False
    if end < j and not (tokens[end].norm == "(" and tokens[j - 1].norm == ")"):
        return False  # "with ASEANAPOL (ASEAN Police Chiefs)": the name explained
    if ordinal_before(tokens, i) is not None or _expansion_number(tokens, i) is not None:
        return False  # "the 36th ASEAN Police Chiefs (Aseanapol)": a conference of it
    if tokens[j - 1].text.endswith(("'s", "’s")) and possessive_ordinal(tokens, j) is not None:
        return False  # "ASEANAPOL's 36th annual conference"
    k = j
    while k < len(tokens) and tokens[k].norm in {"(", ")"} | {t.norm for t in tokens[i:j]}:
        k += 1
    return not (k < len(tokens) and tokens[k].norm in lexicon.MEETING_NOUNS)


def _national(g: Gazetteer, tokens: list[Token], text: str, j: int) -> bool:
    """ "SOMTC-Cambodia", "ASOD-Viet Nam": a body's name joined to a member state's name."""
    if j >= len(tokens) or text[tokens[j - 1].end : tokens[j].start] != "-":
        return False
    _, entries = g.names.match(tokens, j, ("party",))
    info = g.parties.get(entries[0].code) if entries else None
    return bool(info and info.kind == "member_state")


def _more_partners(g: Gazetteer, tokens: list[Token], j: int) -> list[tuple[str, tuple[int, int]]]:
    """The partners listed after a consultation's first one, up to the meeting noun."""
    out: list[tuple[str, tuple[int, int]]] = []
    while j + 1 < len(tokens) and tokens[j].norm in {",", "and"}:
        k = j + 1 + (tokens[j + 1].norm == "and") + (tokens[j + 1].norm == "the")
        partner = _partner_at(g, tokens, k)
        if partner is None:
            return []
        out.append((partner[0], (tokens[k].start, tokens[partner[1] - 1].end)))
        j = partner[1]
    ends = j < len(tokens) and tokens[j].norm in lexicon.MEETING_NOUNS | {"coordination"}
    return out if ends else []


def _coordinated_ordinals(tokens: list[Token], i: int) -> list[int]:
    """The other ordinals of "the 44th and 45th ASEAN Summits", "the 7th, 8th and 9th …"."""
    out: list[int] = []
    k = i - 1  # the ordinal of the mention itself
    while k >= 2 and tokens[k - 1].norm in {"and", ","}:
        hit = ordinal_at(tokens, k - 2)
        if hit is None or hit[1] != 1:
            break
        out.append(hit[0])
        k -= 2
    return out[::-1]


def _expansion_number(tokens: list[Token], i: int) -> int | None:
    """The ordinal of the expansion an acronym in parentheses abbreviates: "the 12th
    ASEAN-Russia Consultations on Transnational Crime (SOMTC+Russia)" → 12."""
    if i < 2 or tokens[i - 1].norm != "(":
        return None
    k = i - 1
    while k > 0 and i - k < 16:
        prev = tokens[k - 1]
        if prev.is_capitalised or prev.norm in _EXPANSION_JOINERS:
            k -= 1
            continue
        break
    found = ordinal_before(tokens, k) if k < i - 1 else None
    if found is None:
        # "the 32nd conference of the police chiefs of the ASEAN countries (ASEANPOL)"
        for start in range(i - 2, max(0, i - 16), -1):
            if tokens[start].norm in {",", ".", ";", "(", ")"}:
                break
            hit = ordinal_at(tokens, start)
            if hit is not None:
                after = tokens[start + hit[1] : start + hit[1] + 2]
                if len(after) == 2 and after[0].norm in _MEETING_OF and after[1].norm == "of":
                    return hit[0]
                break
    return found


def _ordinal_in_parenthesis(tokens: list[Token], j: int, k: int) -> int | None:
    """ "SOMTC+3 (19th), SOMTC+China (18th)": the ordinal in parentheses right after the name
    (``j`` its end, ``k`` past any parenthesis after it)."""
    for at in (j - 3, j):
        if (
            at >= 0
            and at + 3 <= max(j, k)
            and tokens[at].norm == "("
            and (tokens[at + 2].norm == ")")
        ):
            hit = ordinal_at(tokens, at + 1)
            if hit and hit[1] == 1:
                return hit[0]
    return None


def _common_noun(tokens: list[Token], i: int, j: int) -> bool:
    """A body's name that is also a common noun, written as one ("the summit", "next year's
    summit"), without a number: a writer's word for the meeting reported, not that body."""
    return (
        j == i + 1
        and tokens[i].text.islower()
        and tokens[i].norm in lexicon.MEETING_NOUNS
        and ordinal_before(tokens, i) is None
    )


def _described_after(tokens: list[Token], i: int) -> bool:
    """ "the 30th Conference of the Police of the ASEAN Countries": a meeting of a body the
    words after it describe (see :func:`described_at`) begins at the meeting's noun."""
    return (
        tokens[i].norm in {"conference", "meeting"}
        and i + 1 < len(tokens)
        and tokens[i + 1].norm == "of"
    )


def find_mentions(
    g: Gazetteer, tokens: list[Token], sentence_text: str, sentence: int
) -> list[Mention]:
    """Every body named in the sentence, except where it only qualifies an instrument."""
    out: list[Mention] = []
    first = g.names.root.children
    i = 0
    while i < len(tokens):
        if tokens[i].norm not in first and not _described_after(tokens, i):
            i += 1
            continue
        found = body_at(g, tokens, i)
        if found is None:
            i += 1
            continue
        code, j = found
        if _common_noun(tokens, i, j):
            i = j  # "During the summit, participants …": the report's meeting, in other words
            continue
        if _generic(tokens[i:j]):
            i = j  # "the ministerial meeting": speaks of a meeting, names no body
            continue
        if not code:  # a meeting of a body the registry does not know: it ends a segment
            out.append(Mention("", None, sentence, tokens[i].start, tokens[j - 1].end))
            i = j
            continue
        if j < len(tokens) and tokens[j].norm in _ROLE_NOUNS:
            i = j  # "the SOMTC head", "AMMTC Leader": a person's role, no meeting
            continue
        if (
            (j < len(tokens) and tokens[j].text in _BODY_BUSINESS)
            # "the Philippine SOMTC coordination meeting", "Thailand's ASOD team": a member
            # state's own office for the body, not the body's meeting
            or (_member_state_before(g, tokens, i) and ordinal_before(tokens, i) is None)
        ):
            # "SOMTC cooperation activities", "the AMMTC agenda": the body's, no meeting; what
            # the sentence said before of a meeting named ends there
            out.append(Mention("", None, sentence, tokens[i].start, tokens[j].end))
            i = j + 1
            continue
        if _many_past(tokens, i, j):
            i = j  # "statements issued at past ASEAN Summits and SOMTCs": no one meeting
            continue
        if i and tokens[i - 1].norm == "related" and "+" not in code:
            i = j  # "the 44th and 45th ASEAN Summits and Related Summits": the ones around it
            continue
        partner = _partner_at(g, tokens, j) if "+" not in code else None
        if partner is not None and g.kinds.match(tokens, partner[1])[1]:
            i = partner[1]  # "SOMTC-South Korea Work Plan": names an instrument
            continue
        if _organisation_only(g, tokens, i, j):
            i = j  # "through ASEANAPOL": the organisation, not one of its conferences
            continue
        if _national(g, tokens, sentence_text, j):
            i = j + 1  # "SOMTC-Cambodia": a member state's national SOMTC office, no meeting
            continue
        k = _skip_parenthesis(g, tokens, j)
        _, kinds = g.kinds.match(tokens, k)
        if not kinds:
            # "the 3rd EU-ASEAN Senior Officials' Consultation", "the 9th China-ASEAN (10+1)
            # Ministerial Meeting": the partner named first, before ASEAN
            named_first = _partner_first(g, tokens, i, code)
            if named_first is not None:
                code = named_first[0]
            begin = tokens[named_first[1] if named_first else i].start
            frame = bool(_FRAME.search(sentence_text[max(0, begin - 40) : begin]))
            # "agreed to share its findings with ASEANAPOL and the SOMTC": whom one works with
            frame = frame or bool(_WORKS_WITH.search(sentence_text[max(0, begin - 80) : begin]))
            frame = frame or ("+" not in code and _consults_with(tokens, j))
            number = _number(tokens, i, j)
            # "The AMMTC is the highest policy-making body …": the body, not a meeting of it
            frame = frame or (number is None and _described_as_body(sentence_text, tokens, k))
            if number is None and named_first is not None:
                number = ordinal_before(tokens, named_first[1])
            if number is None:
                number = _expansion_number(tokens, i)
            if number is None:
                number = _ordinal_in_parenthesis(tokens, j, k)  # "SOMTC+3 (19th)"
            if number is None:
                number = own_ordinal_after(tokens, k)
            if number is None and tokens[j - 1].text.endswith(("'s", "’s")):
                number = possessive_ordinal(tokens, j)  # "the ASOD's 44th meeting"
                # "the ASOD's work on alternative development", "the SOMTC's mandate": the
                # body's, not a meeting of it
                frame = frame or (
                    number is None
                    and j < len(tokens)
                    and tokens[j].text[:1].isalpha()
                    and tokens[j].norm not in lexicon.MEETING_NOUNS | _OF_A_MEETING
                )
            for other in _coordinated_ordinals(tokens, i) if number is not None else ():
                out.append(Mention(code, other, sentence, begin, tokens[j - 1].end, frame))
            out.append(Mention(code, number, sentence, begin, tokens[j - 1].end, frame))
            # "ASOD plus China, Japan and South Korea Coordination Meetings"
            for more, at in _more_partners(g, tokens, j) if "+" in code else ():
                base = code.rsplit("+", 1)[0]
                out.append(Mention(f"{base}+{more}", None, sentence, at[0], at[1], frame))
        i = max(j, i + 1)
    taken = [(m.begin, m.end) for m in out]
    for begin, end in _other_events(tokens):
        if not any(b < end and begin < e for b, e in taken):
            out.append(Mention("", None, sentence, begin, end))  # ends the segment before it
    for k, tok in enumerate(tokens):
        between = _between(g, tokens, k) if tok.norm == "between" else None
        if tok.norm in {"of", "between"} and between is None:
            between = _of_asean_and(g, tokens, k)  # "the meeting between SOMTC and China"
        if between is not None:
            code, begin, end = between
            number = ordinal_before(tokens, begin)
            span = (tokens[begin].start, tokens[end - 1].end)
            # "the meeting of the ASOD and China": the ASOD named in it is no meeting of its own
            out = [m for m in out if not (span[0] <= m.begin and m.end <= span[1])]
            out.append(Mention(code, number, sentence, tokens[begin].start, tokens[end - 1].end))
    return sorted(out, key=lambda m: m.begin)


_EVENT_NOUNS = {"conference", "meeting", "summit", "forum", "retreat", "dialogue", "congress"}


#: "The SOMTC also held its annual consultations with …": words between the body and them
_HOLDS_ITS = {"also", "then", "held", "holds", "hold", "convened", "conducted", "its", "their"}
_HOLDS_ITS |= {"annual", "separate", "regular", "usual"}


#: Right after a body's name (token norms): the body meets partners ("also met with", "sat
#: down with", "held talks with").
_MEETS_PARTNERS = re.compile(
    r"(?:also |then |later )?(?:met (?:separately )?with|sat down with|(?:held|had) talks with)\b"
)


#: Plural nouns of a body's meetings with its partners: "the SOMTC sessions with …".
SESSIONS = ("meetings", "sessions", "talks")


def _sessions_with(tokens: list[Token], k: int) -> bool:
    """ "meetings with", "sessions with", "talks with" at ``tokens[k]``."""
    return (
        0 <= k < len(tokens) - 1
        and tokens[k].text.lower() in SESSIONS
        and tokens[k + 1].norm == "with"
    )


def _consults_with(tokens: list[Token], j: int) -> bool:
    """ "the SOMTC consultations with the United States and Russia", "the SOMTC also held its
    annual consultations with …", "ASOD's meetings with …": the body whose consultations they
    are, not a meeting of its own."""
    k = j if j < len(tokens) and tokens[j].norm.startswith("consultation") else j - 1
    held = j
    while held < len(tokens) and held - j < 6 and tokens[held].norm in _HOLDS_ITS:
        held += 1
    if (
        held > j
        and held < len(tokens)
        and {"held", "holds", "hold", "convened", "conducted"} & {t.norm for t in tokens[j:held]}
    ):
        k = held
    if _MEETS_PARTNERS.match(" ".join(t.norm for t in tokens[j : j + 5])):
        return True  # "ASOD also met with China on 28 August": the body meets, its own is over
    if _sessions_with(tokens, j - 1) or _sessions_with(tokens, j):
        return True  # "the SOMTC meetings with Japan and India", "the ASOD sessions with …"
    # "ASOD's meetings with China, India …", "the AMMTC's annual talks with its partners"
    owner = next(
        (n for n in range(j - 1, max(-1, j - 4), -1) if tokens[n].text.endswith(("'s", "’s"))), -1
    )
    if owner >= 0:
        k = owner + 1 + (owner + 1 < len(tokens) and tokens[owner + 1].norm in _HOLDS_ITS)
        return _sessions_with(tokens, k)
    return (
        0 <= k < len(tokens) - 1
        and tokens[k].norm.startswith("consultation")
        and tokens[k + 1].norm in {"with", "between", "involving"}
    )


def _other_events(tokens: list[Token]) -> list[tuple[int, int]]:
    """ "the Phnom Penh ASEAN Post-Ministerial Conference", "the UN Crime Congress": a meeting
    named in capitals that is no body the registry knows (character offsets). A date or place
    after it is its own, not that of a meeting named before it."""
    out = []
    for k, tok in enumerate(tokens):
        if tok.norm not in _EVENT_NOUNS:
            continue
        b = k
        while b > 0 and k - b < 6 and tokens[b - 1].is_capitalised and tokens[b - 1].norm != "the":
            b -= 1
        words = {t.norm for t in tokens[b:k]}
        # "the ASEAN Drug Monitoring Network meeting": a name of three words or more, then the
        # meeting noun in lower case
        named = tok.is_capitalised or k - b >= 3
        if named and k - b >= 2 and not words & {"its", "their", "related", "and"}:
            out.append((tokens[b].start, tok.end))
    return out


_LEVEL_WORDS = {
    "ministerial": "ministerial",
    "minister": "ministerial",
    "official": "senior_officials",
}


def _of_asean_and(g: Gazetteer, tokens: list[Token], k: int) -> tuple[str, int, int] | None:
    """ "a meeting of ASEAN and Japan ministers", "the consultation of ASEAN and Chinese senior
    officials": the consultation with that partner of the body of that level (AMMTC+JPN), as
    :func:`_between` reads it; "the meeting of SOMTC and Canada": the body's (SOMTC+CAN).
    (code, first token, end)."""
    if k < 1 or tokens[k - 1].norm not in {"meeting", "consultation"}:
        return None
    j = k + 1 + (k + 1 < len(tokens) and tokens[k + 1].norm == "the")
    body = body_at(g, tokens, j) if j < len(tokens) and tokens[j].norm != "asean" else None
    if body is not None and body[0] and "+" not in body[0] and body[1] + 1 < len(tokens):
        # "at the meeting of SOMTC and Canada": the body's consultation with the partner
        partner = _partner_at(g, tokens, body[1] + 1) if tokens[body[1]].norm == "and" else None
        info = g.parties.get(partner[0]) if partner else None
        if partner is None or info is None or info.kind == "member_state":
            return None
        return f"{body[0]}+{partner[0]}", k - 1, partner[1]
    if j >= len(tokens) or tokens[j].norm != "asean":
        return None
    j += 1 + (j + 1 < len(tokens) and tokens[j + 1].norm in _ASEAN_WHOSE)  # "ASEAN countries"
    if j + 1 >= len(tokens) or tokens[j].norm != "and":
        return None
    if (level := _LEVEL_WORDS.get(tokens[k - 2].norm) if k >= 2 else None) is not None:
        # "the 6th Ministerial Meeting of the ASEAN countries and China, Japan and the Republic
        # of Korea": the Plus Three of the body of that level
        listed = _plus_three_spelled(g, tokens, j + 1)
        if listed is not None:
            return _level_body(g, level, "3", k - 2, listed)
    partner = _partner_at(g, tokens, j + 1)
    if partner is None or partner[1] >= len(tokens):
        return None
    end = partner[1] + (tokens[partner[1]].norm == "senior")
    level = _LEVEL_WORDS.get(tokens[end].norm) if end < len(tokens) else None
    info = g.parties.get(partner[0])
    if level is None or info is None or info.kind == "member_state":
        return None
    return _level_body(g, level, partner[0], k - 1, end + 1)


#: After "ASEAN" in "a meeting of the ASEAN countries and …": whose, not a body.
_ASEAN_WHOSE = {norm_word(w) for w in ("countries", "members", "nations", "states")}


def _level_body(
    g: Gazetteer, level: str, partner: str, begin: int, end: int
) -> tuple[str, int, int] | None:
    """The consultation with ``partner`` of the one body of ``level`` whose consultation with
    it the registry records (AMMTC+JPN for "ministerial" and Japan)."""
    found = [
        f"{b.code}+{partner}"
        for b in g.bodies.values()
        if b.level == level and f"{b.code}+{partner}" in g.bodies
    ]
    return (found[0], begin, end) if len(found) == 1 else None


def _between(g: Gazetteer, tokens: list[Token], k: int) -> tuple[str, int, int] | None:
    """ "the second ministerial meeting between Japan and the 10-member ASEAN", "senior
    officials' consultations between ASEAN and India": the consultation with that partner of the
    body of that level whose consultation with it the registry records (AMMTC+JPN).
    (code, first token, end)."""
    if k < 2 or tokens[k - 1].norm not in {"meeting", "consultation", "talk"}:
        return None
    level = _LEVEL_WORDS.get(tokens[k - 2].norm)
    if level is None:
        return None
    begin = k - 2 - (tokens[k - 2].norm == "official" and k > 2 and tokens[k - 3].norm == "senior")

    def asean_at(j: int) -> int | None:
        while j < len(tokens) and (tokens[j].norm in {"the", "member"} or tokens[j].norm.isdigit()):
            j += 1  # "the 10-member ASEAN"
        end, entries = g.names.match(tokens, j, ("party",))
        if any(e.code == "ASEAN" for e in entries):
            return end
        return j + 1 if j < len(tokens) and tokens[j].norm == "asean" else None

    j = k + 1
    partner = _partner_at(g, tokens, j + (j < len(tokens) and tokens[j].norm == "the"))
    if partner is not None and partner[1] < len(tokens) and tokens[partner[1]].norm == "and":
        end = asean_at(partner[1] + 1)
    elif (after := asean_at(j)) is not None and after < len(tokens) and tokens[after].norm == "and":
        partner = _partner_at(g, tokens, after + 1 + (tokens[after + 1].norm == "the"))
        end = partner[1] if partner else None
    else:
        return None
    if partner is None or end is None:
        return None
    return _level_body(g, level, partner[0], begin, end)
