"""Instruments: declarations, conventions, plans of action, work plans and programmes, roadmaps
and joint statements named in the text, with their period ("2019–2025", "(2016-2025)", "in the
period 2018-2022", "for the 2023-2027 period").

An instrument is proposed only when the text names it: a proper modifier before the kind word
("Bali Work Plan", "ASEAN-Japan joint declaration"), a subject after it ("Plan of Action in
Combating Transnational Crime", "work plan to combat transnational crime") or a period. "The
work plan" alone refers back and "work programme activities" is no instrument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mufakat.ingest.extract import lexicon
from mufakat.ingest.extract.crime_areas import find_crime_areas
from mufakat.ingest.extract.gazetteer import Gazetteer, KnownInstrument
from mufakat.ingest.extract.tokens import Entry, Token, Trie, phrase_key, tokenize

_PREPS = {"on", "to", "for", "against", "in", "of", "concerning", "between"}
_CONNECT = {
    "of",
    "the",
    "and",
    "in",
    "on",
    "to",
    "for",
    "against",
    "its",
    "all",
    "a",
    "toward",
    "an",
}  # "towards" reads "toward"
_LOWER_STOP = {
    "in", "for", "which", "that", "agreed", "adopted", "during", "at", "by", "from", "with",
    "was", "were", "is", "are", "will", "has", "have", "as", "period", "between", "among",
    "through", "until", "signed", "endorsed", "be", "been", "being", "this", "these", "its",
    "their", "it", "they", "who", "while", "since", "over", "after", "before", "under", "into",
    "had", "would", "could", "may", "might", "must", "shall", "should", "can", "did", "does",
    "also", "whose", "ends", "ended", "expires", "runs", "remains", "aims", "covers", "spans",
    "concludes", "concluded", "opens", "opened", "closes", "closed", "begins", "began", "starts",
    "conclude", "open", "close", "begin", "start",
    # when and where it was done: "… declaration on organised crime yesterday"
    "yesterday", "today", "tomorrow", "tonight", "here", "there", "earlier", "recently", "soon",
    "now", "later",
}  # fmt: skip
_PERIOD_IN_PARENS = re.compile(r"^\s*\(\s*(?:19|20)\d{2}\s*(?:-|–|—|~|to|/)\s*(?:19|20)?\d{2}\s*\)")
_DETERMINERS = {"the", "a", "an", "this", "that", "its", "their", "our", "new", "both", "each"}
_YEARS_AFTER = re.compile(
    r"^[\s,(:]{0,3}(?:(?:in|for|during|covering|spanning|running|over|from|(?P<between>between)"
    r"|(?:which|that)\s+(?:will\s+)?(?:covers?|spans?|runs?\s+from)"
    # "…, to be implemented between 2019 and 2021", "which will run from 2023 until 2025"
    r"|(?:(?:which|that)\s+(?:will|is\s+to)\s+|to\s+)(?:be\s+(?:implemented|carried\s+out)|run)"
    r"\s+(?:from|in|over|during|(?P<between2>between)))\s+"
    r"(?:the\s+)?(?:(?:period|years)\s+(?:of\s+|from\s+)?)?"
    # "… for the next ten years (2026-2035)", "… for the coming decade, 2026-2035"
    r"|(?:for|over)\s+the\s+(?:next|coming)\s+(?:[\w-]+\s+)?(?:years|decade)\s*[,:(]\s*)?"
    r"\(?(?P<a>(?:19|20)\d{2})\s*(?:-|–|—|~|to|until|till|through|/|(?(between)and|(?(between2)and|-)))"
    r"\s*(?P<b>(?:19|20)?\d{2})\b\)?"
)
_YEARS_IN_SHORT_NAME = re.compile(
    r"^\s*\([^()]{0,30}?\b(?P<a>(?:19|20)\d{2})\s*(?:-|–|—|~|to)\s*(?P<b>(?:19|20)?\d{2})\s*\)"
    # "… Transnational Crime (ASEAN PoA) 2016-2025", "… Transnational Crime [2016-2025]"
    r"|^\s*(?:\([^()]{1,30}\)\s*,?\s*)?[\[(]?\s*(?P<c>(?:19|20)\d{2})\s*(?:-|–|—|~|to)\s*"
    r"(?P<d>(?:19|20)?\d{2})\b"
)
_SHORT_NAME = re.compile(r"\s*\([^()]{1,30}\)")
_YEARS_BEFORE = re.compile(r"\b((?:19|20)\d{2})\s*(?:-|–|—|~|to)\s*((?:19|20)?\d{2})\s+$")
_PAREN = re.compile(r"\s*\([^)]{0,20}\)")
_ALSO_KNOWN_AS = re.compile(
    r"\b(?:(?:also\s+|better\s+|formerly\s+)?known\s+as|also\s+called|(?:also\s+)?referred\s+to"
    r"\s+as|otherwise\s+called|a\.k\.a\.?)\s+(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
_DAYS_AND_MONTHS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}  # fmt: skip
#: Kinds named with the year they run to ("Blueprint 2025").
_TARGETED = {"blueprint"}
#: "… to implement the …", "… for implementing the …": the title goes on to the implemented one.
_IMPLEMENT = {"to": "implement", "for": "implementing"}
_IMPLEMENTING = {"implement", "implementing", "implementation"}


#: Kinds of the genre's lesser documents, named in capitals as titles only ("the 43rd Joint
#: Communiqué", "the Aseanapol … Protocol for Crisis Management", "the Terms of Reference of
#: ASOD", "the Technical Guidelines on …", "the Concept Paper on …", "the ASEAN Community
#: Security Plan on Drugs", "Statement of ASEAN and the Russian Federation on …").
TITLED_KIND_WORDS: dict[str, str] = {
    "joint communique": "joint_statement",
    "joint communiqué": "joint_statement",
    "communique": "joint_statement",
    "communiqué": "joint_statement",
    "protocol": "other",
    "terms of reference": "other",
    "tor": "other",
    "guidelines": "other",
    "guideline": "other",
    "concept paper": "other",
    "concept note": "other",
    "plan": "plan_of_action",
    "statement": "joint_statement",
}
_TITLED_KINDS = Trie()
for _words, _kind in TITLED_KIND_WORDS.items():
    _TITLED_KINDS.add(_words, Entry("kind", _kind, _words))
#: Abbreviated kind words, written out in a title ("the ToR of ASOD").
_ABBREVIATED = {"ToR": "Terms of Reference"}


def _kind_at(g: Gazetteer, tokens: list[Token], i: int) -> tuple[int, list[Entry]]:
    """The kind words starting at ``i``: the genre's own, or a lesser one written in capitals."""
    end, entries = g.kinds.match(tokens, i)
    if entries or not tokens[i].is_capitalised:
        return end, entries
    end, entries = _TITLED_KINDS.match(tokens, i)
    if end < len(tokens) and _is_word(tokens[end]) and tokens[end].is_capitalised:
        return i, []  # "the Colombo Plan Drug Advisory Programme": part of a longer name
    return end, entries


@dataclass
class InstrumentFinding:
    title: str
    kind: str
    start_year: int | None
    end_year: int | None
    sentences: list[int]
    match: int | None = None
    partner: str | None = None  # one of a list of partner plans ("namely with China …")
    bare: bool = False  # the kind word and a period only ("a work programme for 2022-24")
    definite: bool = False  # bare after "the": "The plan of action, covering 2016 to 2025, …"
    adopted: bool = False  # its start year is the year it was adopted ("the 2009 Declaration")
    titled: bool = False  # its kind written in capitals ("Convention", not "convention")


def _years(a: str, b: str) -> tuple[int, int] | None:
    start = int(a)
    end = int(b) if len(b) == 4 else (start // 100) * 100 + int(b)
    return (start, end) if start <= end <= start + 30 else None


def _is_word(tok: Token) -> bool:
    return tok.text[:1].isalpha()


#: Kinds that run over a period of years (a declaration is adopted on a day, a plan runs).
_RUN_OVER_YEARS = frozenset({"plan_of_action", "work_plan", "work_programme", "roadmap"})


def find_instruments(
    g: Gazetteer, tokens: list[Token], text: str, sentence: int
) -> list[InstrumentFinding]:
    out: list[InstrumentFinding] = []
    claimed: set[int] = set()
    last_end: int | None = None  # where the last title found ends
    also_known: list[InstrumentFinding] = []  # other names: "also known as the …"
    i = 0
    while i < len(tokens):
        end, entries = _kind_at(g, tokens, i)
        if not entries:
            i += 1
            continue
        kind = entries[0].code
        kind_capitalised = tokens[i].is_capitalised
        j = end
        # left: proper modifiers ("Bali", "ASEAN-Japan", "ASEAN+3", "Kuala Lumpur")
        k = i
        while k > 0:
            prev = tokens[k - 1]
            if prev.norm in {"+", "3"} or (
                _is_word(prev)
                and prev.is_capitalised
                and (prev.norm not in _DETERMINERS or _names_party(g, tokens, k - 1))
                and not _headline_verb(prev)
            ):
                k -= 1
                continue
            if (
                prev.norm == ")"
                and k > 3
                and tokens[k - 3].norm == "("
                and tokens[k - 2].text.isupper()
                and _is_word(tokens[k - 4])
                and tokens[k - 4].is_capitalised
            ):
                k -= 3  # "Bohol Trafficking in Persons (TIP) Work Plan": a short name inside
                continue
            if k < i and k > 1 and _joins_modifiers(g, tokens, k):
                k -= 2  # "Bohol Trafficking in Persons Work Plan", "ASEAN and Korea Plan …"
                continue
            if (
                k < i
                and k > 1
                and prev.norm == ","
                and tokens[end - 1].text.endswith("s")
                and _is_word(tokens[k - 2])
                and tokens[k - 2].is_capitalised
                and any(t.norm == "and" for t in tokens[k:i])
            ):
                k -= 1  # "the SOMTC-China, SOMTC-Japan and SOMTC-Korea Work Plans"
                continue
            break
        if k == i and not kind_capitalised:
            k = _owner_before_subject(g, tokens, i)  # "the ASEAN anti-arms smuggling declaration"
        if (
            k == i
            and i > 0
            and kind_capitalised
            and re.fullmatch(r"\d+(?:st|nd|rd|th)", tokens[i - 1].text)
        ):
            k = i - 1  # "the 43rd Joint Communiqué": a numbered one of a series
        left = k < i
        if i == 0 and entries[0].phrase in TITLED_KIND_WORDS:
            i = end  # "Plan to combat cybercrime discussed": a capital that starts a sentence
            continue
        if entries[0].phrase == "statement" and not _parties_only(g, tokens, k, i):
            i = end  # "Chairman's Statement", "Press Statement": no instrument
            continue
        # "the 2014 Joint Ministerial Statement", "the 2009 Political Declaration on …": the
        # year it was adopted, before its title
        adopted = None
        if (
            k > 0
            and re.fullmatch(r"(?:19|20)\d{2}", tokens[k - 1].text)
            and (k == 1 or tokens[k - 2].norm in {"the", "its", "their", "a", ","})
        ):
            adopted = int(tokens[k - 1].text)
        # "Bali Work Plan (2019-2025) to implement …": a period in parentheses closes the title
        closed = bool(_PERIOD_IN_PARENS.match(text[tokens[end - 1].end :]))
        # an acronym in parentheses: "(PoA)"
        if j < len(tokens) and tokens[j].norm == "(":
            close = next(
                (x for x in range(j + 1, min(j + 6, len(tokens))) if tokens[x].norm == ")"), None
            )
            if close is not None:
                j = close + 1
        # right: the subject ("on …", "to combat …", "in Combating …")
        right_end = None
        embedded: int | None = None
        if closed:
            pass
        elif (
            j + 1 < len(tokens)
            and tokens[j].norm in _PREPS
            and _is_word(tokens[j + 1])
            and tokens[j + 1].norm not in _DAYS_AND_MONTHS  # "… Statement on Wednesday"
            and not (tokens[j].norm in {"in", "at"} and _a_place(g, tokens, j + 1))
        ):
            # "Work Plan to Implement the ASEAN Declaration on …": the instrument it implements
            # is part of its title (and is proposed on its own as well)
            implements = _IMPLEMENT.get(tokens[j].norm) == tokens[j + 1].norm or (
                [t.norm for t in tokens[j : j + 4]] == ["for", "the", "implementation", "of"]
            )  # "Work Plan for the implementation of the Kuala Lumpur Declaration"
            lead = next((t for t in tokens[j + 1 : j + 4] if t.norm not in _CONNECT), None)
            title_case = implements or bool(lead and lead.is_capitalised)
            # "the ASEAN … Roadmap to streamline coordination": a named title ends at its kind
            described = (
                kind_capitalised
                and left
                and not title_case
                and not _names_on(tokens, j + 1)
                and not _runs_to_period(tokens, text, j + 1)
            )
            if not described and (
                tokens[j].norm != "in" or title_case or tokens[j + 1].norm.endswith("ing")
            ):
                x = j + 1
                last = None
                before_and = None
                # (a title "between" its parties names them at length before its subject)
                longest = 40 if tokens[j].norm == "between" else 24
                while x < len(tokens) and x < j + (longest if implements or title_case else 14):
                    t = tokens[x]
                    if x > j + 1 and _kind_at(g, tokens, x)[1]:
                        if implements and embedded is None:
                            embedded = x
                            x = _kind_at(g, tokens, x)[0]
                            last = x - 1
                            continue
                        # another instrument begins: "… Crime and the ASEAN Plan of Action …"
                        if before_and is not None:
                            last = before_and
                        break
                    if t.norm in {"and", ","}:
                        before_and = last
                    if t.norm == "(" and _PERIOD_IN_PARENS.match(text[t.start :]):
                        break  # "… on fighting cybercrime (2025-2028)": the period closes it
                    if t.norm == "(":
                        close = next(
                            (
                                y
                                for y in range(x + 1, min(x + 6, len(tokens)))
                                if tokens[y].norm == ")"
                            ),
                            None,
                        )
                        if close is None:
                            break
                        x = close + 1
                        continue
                    if t.norm == "," and title_case and _comma_goes_on(tokens, x + 1):
                        x += 1  # "Convention to Combat, Prevent and Suppress Trafficking …"
                        continue
                    if not _is_word(t):
                        break
                    if (
                        t.norm in {"on", "in", "of"}
                        and x + 1 < len(tokens)
                        and (tokens[x + 1].norm in _DAYS_AND_MONTHS)
                    ):
                        break  # "… on Cybercrime on Tuesday": the day it was signed
                    if (
                        title_case
                        and t.norm == "and"
                        and x + 2 < len(tokens)
                        and tokens[x + 1].norm == "the"
                        and tokens[x + 2].is_capitalised
                        and not _party_alone(g, tokens, x + 2)
                        # "… between the Governments of ASEAN Member States and the
                        # Government of the People's Republic of China on …": its parties
                        and not (
                            any(tokens[y].norm == "between" for y in range(j, x))
                            and _party_after(g, tokens, x + 1)
                        )
                    ):
                        break  # "… Combat Cybercrime and the ASEAN Digital Masterplan": a name
                    if title_case:
                        if (
                            not (t.is_capitalised or t.norm in _CONNECT)
                            and not (implements and x <= j + 3 and tokens[x].norm in _IMPLEMENTING)
                            and not (x > j + 1 and _between_parties(g, tokens, x))
                        ):
                            break
                    elif (
                        (t.norm in _LOWER_STOP and not _in_the_field_of(tokens, x))
                        or _next_clause(tokens, x)
                        or (
                            t.is_capitalised
                            and t.norm not in {"asean"}
                            and not (x + 1 < len(tokens) and tokens[x + 1].is_capitalised)
                            and not (x > j + 1 and tokens[x - 1].is_capitalised)
                        )
                    ):
                        break  # "… to prevent and combat Transnational Crime": a name goes on
                    if t.norm not in _CONNECT:
                        last = x
                    x += 1
                if last is not None:
                    right_end = last + 1
        elif (
            kind == "declaration"
            and left
            and kind_capitalised
            and _parties_only(g, tokens, k, i)
            and _participle(tokens, j)
        ):
            # "an ASEAN Declaration opposing the legalisation of controlled narcotic
            # substances other than …": a declaration named only by whose it is is titled by
            # what it declares (not "the Bali Declaration reaffirming …": it has its name)
            x = j + 1
            while x < len(tokens) and x < j + 10:
                t = tokens[x]
                if not _is_word(t) or t.norm in _LOWER_STOP or t.norm in _CLAUSE_GOES_ON:
                    break
                x += 1
            while x > j + 1 and tokens[x - 1].norm in _CONNECT:
                x -= 1
            right_end = x
        elif (
            j < len(tokens)
            and _is_word(tokens[j])
            and {tokens[j].norm, tokens[j].text.lower()} & lexicon.KIND_MODIFIED
        ) or (
            j + 2 < len(tokens)
            and tokens[j].norm == "and"
            and tokens[j + 1].is_capitalised
            and {tokens[j + 2].norm, tokens[j + 1].norm} & lexicon.KIND_MODIFIED
        ):  # "the Phnom Penh Convention and Exhibition Centre": a venue
            i = end  # "work programme activities", "Convention Centre": a modifier, not a title
            continue
        if (
            kind == "convention"
            and k > 0
            and re.fullmatch(r"\d+(?:st|nd|rd|th)", tokens[k - 1].text)
        ):
            i = max(end, right_end or end)  # "the 5th ASEAN Youth Convention against Drugs":
            continue  # a gathering held every year, not a treaty
        if any(t.norm == "national" for t in tokens[max(0, k - 1) : i]):
            i = max(end, right_end or end)  # "the national plan of action on drug control",
            continue  # "Indonesia's National Action Plan on …": a country's own, not ASEAN's
        if (
            entries[0].phrase == "plan"
            and right_end is None
            and k == i - 1
            and tokens[k].norm != "asean"
            and not _YEARS_AFTER.match(text[tokens[end - 1].end :][:60])
            and not _YEARS_BEFORE.search(text[max(0, tokens[k].start - 15) : tokens[k].start])
        ):
            i = end  # "the Colombo Plan briefed members": a one-word name, not an instrument
            continue
        if entries[0].phrase == "statement" and _a_speech(g, tokens, k, i, end):
            i = max(end, right_end or end)  # "Viet Nam's Statement on Drug Control was
            continue  # delivered by …", "Myanmar delivered a Statement on …": a speech
        if entries[0].phrase == "statement" and right_end is None:
            i = end  # "Indonesia's Statement at the meeting": a speech, not an instrument
            continue
        plural = tokens[end - 1].text[-1:] == "s" and tokens[end - 1].norm != "guideline"
        if plural:
            # "the ASEAN-China Joint Statements on combating fraud, on smart farming and on …":
            # one instrument per subject
            items = _subject_list(tokens, text, j)
            if len(items) >= 2:
                owner = text[tokens[k].start : tokens[end - 1].end][:-1]  # "… Statement"
                for prep, subject in items:
                    out.append(
                        InstrumentFinding(f"{owner} {prep} {subject}", kind, None, None, [sentence])
                    )
                i = end
                continue
            groups = _owner_groups(g, tokens, k, i)
            if groups:
                # "the SOMTC-China and SOMTC-Japan Work Plans": one instrument per owner
                kind_text = text[tokens[i].start : tokens[end - 1].end][:-1]
                subject = text[tokens[end - 1].end : tokens[right_end - 1].end] if right_end else ""
                m = _YEARS_AFTER.match(text[tokens[(right_end or end) - 1].end :][:60])
                years = _years(m["a"], m["b"]) if m else None
                for first, last, partner in groups:
                    owner = text[tokens[first].start : tokens[last].end]
                    out.append(
                        InstrumentFinding(
                            f"{owner} {kind_text}{subject}",
                            kind,
                            years[0] if years else None,
                            years[1] if years else None,
                            [sentence],
                            partner=partner,
                            titled=kind_capitalised,
                        )
                    )
                i = right_end or end
                continue
            if right_end is None and not _YEARS_AFTER.match(text[tokens[end - 1].end :][:60]):
                i = end  # "UN and International Conventions": no one instrument
                continue
        stop = right_end if right_end is not None else end
        begin_char = tokens[k].start
        end_char = tokens[stop - 1].end
        if (
            k > 0
            and tokens[k - 1].norm == "("
            and last_end is not None
            and re.fullmatch(r"[\s\d,/\-–—]*", text[last_end : tokens[k - 1].start])
        ):
            i = max(
                stop, end
            )  # "… Golden Triangle 2020-2022 (ASEAN Cooperation Plan)": its short name
            continue
        years = None
        m = _YEARS_AFTER.match(text[end_char : end_char + 60])
        offset = end_char
        if m is None:  # "… Transnational Crime (ASEAN PoA 2016-2025)": in its short name
            m = _YEARS_IN_SHORT_NAME.match(text[end_char : end_char + 45])
        if m is None and (short_name := _SHORT_NAME.match(text, end_char, end_char + 35)):
            offset = short_name.end()  # "… Transnational Crime (PoA) for the period 2016-2025"
            m = _YEARS_AFTER.match(text[offset : offset + 60])
        tail = ""
        if m and end_char not in claimed:
            years = _years(m["a"], m["b"]) if m["a"] else _years(m["c"], m["d"])
            if years is not None and right_end is None:
                # "the ASEAN Work Plan (2016-2025) on Securing Communities …": the subject
                # after the period is still the title's
                after = _subject_after_period(tokens, end, offset + m.end())
                if after is not None:
                    tail = " " + text[tokens[after[0]].start : tokens[after[1] - 1].end]
                    stop = after[1]
        if years is None:
            m = _YEARS_BEFORE.search(text[max(0, begin_char - 15) : begin_char])
            if m:
                years = _years(m[1], m[2])
        target = None
        if years is None and tokens[end - 1].norm in _TARGETED:
            # "ASEAN Political-Security Community Blueprint 2025": the year it runs to
            m = re.match(r"\s*((?:19|20)\d{2})\b(?!\s*[-–—])", text[end_char : end_char + 8])
            target = int(m[1]) if m else None
        elif years is None and not _EXTENDED.search(text, 0, begin_char):
            # "the Bali Work Plan until 2025", "the ASEAN Work Plan … up to 2025": the year it
            # runs to, said right after its title (not "agreed to extend … until 2026")
            m = _UNTIL_AFTER.match(text[end_char : end_char + 25])
            target = int(m[1]) if m else None
        # "Bali Work Plan", "ASEAN declaration on …", "the Labuan Bajo declaration on …"
        proper = k > 0 and tokens[k - 1].norm == "the" and right_end is not None
        named = (
            left
            and (
                kind_capitalised
                or proper
                or any(_upper(t, right_end is not None) for t in tokens[k:i])
            )
        ) or (kind_capitalised and (right_end is not None or adopted is not None))
        if years is None and adopted is not None and (left or kind_capitalised):
            years = (adopted, None)  # type: ignore[assignment]
        if (
            kind == "joint_statement"
            and not left
            and years is None
            and right_end is not None
            and _of_a_meeting(g, tokens, j, right_end)
        ):
            named = False  # "the Joint Statement of the 18th AMMTC": the meeting's, untitled
        if (
            kind == "joint_statement"
            and left
            and years is None
            and right_end is None
            and _body_only(g, tokens, k, i)
        ):
            named = False  # "the 17th AMMTC Joint Statement": the meeting's, untitled
        # "a work programme for 2022-24": untitled, but the period identifies it
        bare = years is not None and not (left or right_end is not None) and not named
        if named or years is not None:
            while end_char < len(text) and text[end_char].isalpha():
                end_char += 1  # "Communiqué": a letter the tokens leave out
            title = _PAREN.sub("", text[begin_char:end_char]) + tail
            for short, long in _ABBREVIATED.items():
                title = re.sub(rf"\b{short}\b", long, title)
            title = re.sub(r"\s+", " ", title).strip(" ,.;:")
            out.append(
                InstrumentFinding(
                    title,
                    kind,
                    years[0] if years else None,
                    years[1] if years else target,
                    [sentence],
                    bare=bare,
                    definite=bare and k > 0 and tokens[k - 1].norm in {"the", "this", "that"},
                    adopted=adopted is not None and years == (adopted, None),
                    titled=kind_capitalised,
                )
            )
            if _ALSO_KNOWN_AS.search(text[max(0, begin_char - 40) : begin_char]):
                also_known.append(out[-1])
            last_end = end_char
            # the period after both titles is the outer one's ("the Work Plan to Implement the
            # ASEAN Declaration on … (2026-2030)"), and the one implemented's too when that runs
            # over years itself ("the work programme to implement the ASEAN Plan of Action …
            # (2016-2025)")
            inner = _kind_at(g, tokens, embedded)[1] if embedded is not None else []
            if embedded is not None and not (inner and inner[0].code in _RUN_OVER_YEARS):
                claimed.add(end_char)
        i = embedded if embedded is not None else max(stop, end)
    if also_known and len(out) > len(also_known):
        # "Also known as the ASEAN Multi-Sectoral Work Plan, the Bohol TIP Work Plan …": the
        # other name of the instrument the sentence names, not one of its own
        out = [f for f in out if all(f is not a for a in also_known)]
    # "the Bali Work Plan …, and that the plan, which ends in 2025, might be extended"
    if last_end is not None and len(out) == 1 and out[0].end_year is None:
        m = _RUNS_TO.search(text, last_end)
        if m and (out[0].start_year or 0) <= int(m[1]):
            out[0].end_year = int(m[1])
    out += _body_programmes(g, tokens, text, sentence)
    return out


_EXTENDED = re.compile(r"\bextend|\bprolong", re.IGNORECASE)
#: The year an instrument runs to, right after its title ("… Work Plan up to 2025").
_UNTIL_AFTER = re.compile(
    r"\s*,?\s*(?:up\s+to|until|till|through|to\s+run\s+until)\s+((?:19|20)\d{2})\b(?!\s*[-–—/])"
)

#: The year an instrument runs to, said after its title.
_RUNS_TO = re.compile(
    r"\b(?:ends|ending|will\s+end|expires|expiring|will\s+expire|runs\s+(?:until|to|through)"
    r"|running\s+(?:until|to|through)|lasts\s+until|due\s+to\s+(?:end|expire)"
    r"|(?:valid|in\s+force|in\s+effect|effective)\s+(?:until|till|through|to))\s+(?:in\s+)?"
    r"((?:19|20)\d{2})\b(?!\s*[-–—])"
)


#: "the 2010-2012 SOMTC Programme", "the working schedule of SOMTC during 2016-2018": a body's
#: programme for a period is its work programme.
_PROGRAMME_NOUNS = {"program", "schedule"}
#: "the 2022-24 programme drawn up by the SOMTC": words between the programme and its body.
_MADE_BY = {"drawn", "up", "devised", "adopted", "developed", "prepared", "agreed", "of", "by"}


def _body_programmes(
    g: Gazetteer, tokens: list[Token], text: str, sentence: int
) -> list[InstrumentFinding]:
    out: list[InstrumentFinding] = []
    for i, tok in enumerate(tokens):
        if tok.norm not in _PROGRAMME_NOUNS or tok.text.lower().endswith("s"):
            continue
        if i > 0 and tokens[i - 1].norm == "work":
            continue  # "work programme": a kind word, read above
        # the body before ("SOMTC Programme") or after ("of SOMTC", "drawn up by the SOMTC")
        body, first, last = None, i, i
        for b in range(max(0, i - 6), i):
            end, entries = g.names.match(tokens, b, ("body",))
            if entries and end in (i, i - 1) and (end == i or tokens[i - 1].norm == "working"):
                body, first = entries[0].code, b
                break
        if body is None:
            x = i + 1
            while x < len(tokens) and x <= i + 4 and tokens[x].norm in _MADE_BY:
                x += 1
            if x > i + 1 and tokens[x - 1].norm in {"of", "by"}:
                while x < len(tokens) and tokens[x].norm in {"the", "its"}:
                    x += 1
                end, entries = g.names.match(tokens, x, ("body",))
                if entries:
                    body, last = entries[0].code, end - 1
                    if end + 2 < len(tokens) and tokens[end].norm == "(":
                        last = end + 2 if tokens[end + 2].norm == ")" else last
        if body is None:
            continue
        years = None
        m = _YEARS_BEFORE.search(text[max(0, tokens[first].start - 15) : tokens[first].start])
        if m is None:
            m = re.match(r"^\s*(?:during|for|in|from|covering|over)?\s*(?:the\s+)?(?:period\s+)?"
                         r"\(?((?:19|20)\d{2})\s*(?:-|–|—|~|to|until)\s*((?:19|20)?\d{2})\b",
                         text[tokens[last].end : tokens[last].end + 30])  # fmt: skip
        if m is not None:
            years = _years(m[1], m[2])
        if years is None:
            continue  # "the schedule of the SOMTC": no period, no instrument
        info = g.bodies.get(body)
        owner = body if re.fullmatch(r"[A-Z]+", body) or info is None else info.name
        out.append(
            InstrumentFinding(
                f"{owner} Work Programme", "work_programme", years[0], years[1], [sentence]
            )
        )
    return out


#: The last words of the kind words: a modifier does not reach back over another instrument.
_KIND_ENDS = frozenset(phrase_key(words)[-1] for words in lexicon.KIND_WORDS)


#: Words that end a list of subjects ("…, along with negotiations on …", "…, namely with …").
_LIST_STOP = {
    "which", "that", "were", "was", "is", "are", "will", "has", "have", "had", "while", "along",
    "as", "who", "would", "could", "being", "been", "be", "namely", "including", "such", "and",
}  # fmt: skip
_LIST_PREPS = {"on", "to", "for", "against", "concerning"}


def _subject_list(tokens: list[Token], text: str, j: int) -> list[tuple[str, str]]:
    """The subjects listed after a plural kind: "on A, on B and on C", "on A, B, and C",
    "covering A and the B" → [(preposition, subject), …]."""
    if j >= len(tokens) or tokens[j].norm not in _LIST_PREPS | {"covering"}:
        return []
    first = "on" if tokens[j].norm == "covering" else tokens[j].text.lower()
    items: list[tuple[str, str]] = []
    x = j + 1
    while x < len(tokens) and len(items) < 8:
        prep = first
        if tokens[x].norm in _LIST_PREPS:
            prep, x = tokens[x].text.lower(), x + 1
        begin = x
        while x < len(tokens) and x < begin + 16:
            t = tokens[x]
            if t.norm == "," or not (_is_word(t) or t.norm == "-"):
                break
            if (
                t.norm == "and"
                and x + 1 < len(tokens)
                and tokens[x + 1].norm in _LIST_PREPS | {"the"}
            ):
                break  # "… fraud and on smart farming", "… enforcement and the prevention of …"
            if t.norm in _LIST_STOP - {"and"}:
                break
            x += 1
        if x == begin:
            break
        items.append((prep, text[tokens[begin].start : tokens[x - 1].end]))
        if x >= len(tokens) or tokens[x].norm not in {",", "and"}:
            break
        x += 1
        while x < len(tokens) and tokens[x].norm in {",", "and"}:
            x += 1
        if x < len(tokens) and tokens[x].norm in _LIST_STOP:
            break
    return items


#: "ASEAN adopts declaration …", "ASEAN to sign convention": a headline's verb, no subject.
_HEADLINE_VERBS = {
    "adopt", "adopts", "sign", "signs", "agree", "agrees", "endorse", "endorses", "welcome",
    "welcomes", "approve", "approves", "launch", "launche", "issue", "issues", "back", "backs",
    "pass", "passe", "unveil", "unveils", "seal", "seals", "ink", "inks", "finalise",
    "finalises", "finalize", "finalizes", "draft", "drafts", "discuss", "discusse", "review",
    "reviews", "urge", "urges", "call", "calls", "push", "pushe", "eye", "eyes", "mull",
    "mulls", "ratify", "ratifie", "renew", "renews", "extend", "extends", "implement",
    "implements", "new", "joint",
}  # fmt: skip


def _upper(tok: Token, subject: bool) -> bool:
    """An acronym ("ASEAN"), or its possessive before a kind that has a subject ("ASEAN's plan
    of action against …", not "ASEAN's work plan" alone)."""
    return tok.text.isupper() or (subject and re.sub(r"['’]s$", "", tok.text).isupper())


def _headline_verb(tok: Token) -> bool:
    """A headline's capitalised verb before a title ("ASEAN Ministers Adopt Melaka Declaration
    On …", "ASEAN, China Sign Joint Statement …"): not a modifier of the title."""
    return tok.text.lower() in _HEADLINE_VERBS - {"joint", "new", "draft", "review"} or (
        tok.norm in _HEADLINE_VERBS - {"joint", "new", "draft", "review"}
    )


def _owner_before_subject(g: Gazetteer, tokens: list[Token], i: int) -> int:
    """Where a lower-case kind's title begins when its subject comes first, after its owner:
    "the ASEAN anti-arms smuggling declaration", "an ASEAN counter-terrorism convention"."""
    x = i
    while x > 0 and i - x < 3:
        t = tokens[x - 1]
        if (
            not _is_word(t)
            or t.is_capitalised
            or t.norm in _DETERMINERS | _LOWER_STOP | _CONNECT
            or t.text.endswith(("ed", "'", "’", "'s", "’s"))
            or t.norm in _HEADLINE_VERBS
        ):
            break
        x -= 1
    if x == i or x == 0:
        return i
    if tokens[x - 1].text.isupper() and _is_word(tokens[x - 1]):
        return x - 1  # "ASEAN", "SOMTC"
    owner = [b for b in range(max(0, x - 3), x) if g.names.match(tokens, b, ("party",))[0] == x]
    return owner[0] if owner else i


def _of_a_meeting(g: Gazetteer, tokens: list[Token], j: int, stop: int) -> bool:
    """Whether a statement's subject is only the meeting that issued it ("of the 18th AMMTC",
    "of the Second ASEAN Plus Three Ministerial Meeting on Transnational Crime")."""
    if tokens[j].norm != "of":
        return False
    for x in range(j + 1, stop):
        if tokens[x].norm in lexicon.MEETING_NOUNS or g.names.match(tokens, x, ("body",))[1]:
            return True
    return False


def _a_place(g: Gazetteer, tokens: list[Token], x: int) -> bool:
    """Whether a city or a country's name begins at ``x`` ("… Convention in Manila": where,
    not what about)."""
    end, entries = g.names.match(tokens, x, ("city", "party"))
    return bool(entries) and not (
        end < len(tokens) and _is_word(tokens[end]) and tokens[end].is_capitalised
    )


def _body_only(g: Gazetteer, tokens: list[Token], k: int, i: int) -> bool:
    """Whether the words from ``k`` to ``i`` name one body, an ordinal of its meeting before it
    or not ("AMMTC", "17th AMMTC", "SOMTC+3")."""
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", tokens[k].text):
        k += 1
    end, entries = g.names.match(tokens, k, ("body",))
    return bool(entries) and end == i


def _parties_only(g: Gazetteer, tokens: list[Token], k: int, i: int) -> bool:
    """Whether the words from ``k`` to ``i`` are parties' names only (or none), their leaders or
    ministers after them ("ASEAN Leaders'", "ASEAN-Japan Ministers'")."""
    start = k
    while k < i:
        if k > start and tokens[k].norm in _WHOSE_LEADERS:
            k += 1
            continue
        end, entries = g.names.match(tokens, k, ("party",))
        if not entries:
            return False
        k = end
    return True


#: "ASEAN Leaders' Statement on …": the parties' leaders or ministers issue it.
_WHOSE_LEADERS = {"leader", "minister"}


def _owner_groups(g: Gazetteer, tokens: list[Token], k: int, i: int) -> list[tuple[int, int, str]]:
    """The owners of a plural kind's instruments, joined by "and" or commas: "SOMTC-China and
    SOMTC-Japan (Work Plans)" → [(first, last, partner) of "SOMTC-China", of "SOMTC-Japan"];
    each a city ("the Manila and Kuala Lumpur Declarations") or two words or more naming a
    party. None when the modifiers are one owner."""
    groups: list[tuple[int, int, str]] = []
    first = k
    for x in range(k, i + 1):
        if x == i or tokens[x].norm in {"and", ","}:
            if x - first < 1:
                return []
            city_end, cities = g.names.match(tokens, first, ("city",))
            if cities and city_end == x:
                # "the Manila and Kuala Lumpur Declarations": instruments named after cities
                groups.append((first, x - 1, cities[0].code))
                first = x + 1
                continue
            if x - first < 2:
                return []
            named = [g.names.match(tokens, y, ("party",))[1] for y in range(first, x)]
            codes = [e[0].code for e in named if e]
            if not codes:
                return []
            groups.append((first, x - 1, codes[-1]))
            first = x + 1
    return groups if len(groups) >= 2 else []


def _party_alone(g: Gazetteer, tokens: list[Token], x: int) -> bool:
    """Whether a party's name begins at ``x`` and no longer name goes on after it ("the Russian
    Federation on …", not "the ASEAN Digital Masterplan")."""
    end, entries = g.names.match(tokens, x, ("party",))
    return bool(entries) and not (
        end < len(tokens) and _is_word(tokens[end]) and tokens[end].is_capitalised
    )


def _a_speech(g: Gazetteer, tokens: list[Token], k: int, i: int, j: int) -> bool:
    """Whether a statement from ``k`` to its kind word ``i`` is one party's speech: one country
    owns it ("Viet Nam's Statement on …"), or nobody does and it is "a" or "its" statement
    (not "a Statement of ASEAN and Japan on …": its owners follow it)."""
    if k == i:
        return (
            i > 0
            and tokens[i - 1].norm in {"a", "its", "his", "her", "their", "an"}
            and not (j < len(tokens) and tokens[j].norm in {"of", "by"})
        )
    codes = set()
    x = k
    while x < i:
        end, entries = g.names.match(tokens, x, ("party",))
        if entries:
            codes.add(entries[0].code)
        x = max(end, x + 1)
    return len(codes) == 1 and "ASEAN" not in codes


def _between_parties(g: Gazetteer, tokens: list[Token], x: int) -> bool:
    """ "… to Promote Cooperation between ASEAN and the Russian Federation": "between" two
    parties goes on with the title, as its parties."""
    if tokens[x].norm != "between" or x + 1 >= len(tokens):
        return False
    k = x + 1 + (tokens[x + 1].norm == "the")
    end, entries = g.names.match(tokens, k, ("party",))
    if not entries or end >= len(tokens) or tokens[end].norm != "and":
        return False
    return _party_after(g, tokens, end + 1)


def _party_after(g: Gazetteer, tokens: list[Token], k: int) -> bool:
    """A party's name begins at ``k``, after "the" or "the Government(s) of" ("the Government
    of the People's Republic of China", "the Russian Federation")."""
    if k < len(tokens) and tokens[k].norm == "the":
        k += 1
    if k + 1 < len(tokens) and tokens[k].norm == "government" and tokens[k + 1].norm == "of":
        k += 2 + (k + 2 < len(tokens) and tokens[k + 2].norm == "the")
    return k < len(tokens) and bool(g.names.match(tokens, k, ("party",))[1])


def _names_party(g: Gazetteer, tokens: list[Token], k: int) -> bool:
    """Whether a party's name begins at ``k`` ("New Zealand", not "New")."""
    return g.names.match(tokens, k, ("party",))[0] > k + 1


def _joins_modifiers(g: Gazetteer, tokens: list[Token], k: int) -> bool:
    """Whether the word before the modifiers at ``k`` joins them to more of the title: "in",
    "on", "against" or "and" between capitalised words ("Bohol Trafficking in Persons Work
    Plan", "ASEAN and South Korea Plan of Action")."""
    joint, before = tokens[k - 1], tokens[k - 2]
    if not (_is_word(before) and before.is_capitalised) or before.norm in _DETERMINERS:
        return False
    if before.norm in _KIND_ENDS:
        return False  # "the Kuala Lumpur Declaration and Bali Work Plan": two instruments
    # "Communication and Coordination Protocol", "ASEAN and Korea Plan …"
    return joint.norm in {"in", "on", "against", "and"}


#: Where what a declaration declares goes on with something else: "… other than for medical
#: purposes", "… and calling on …".
_CLAUSE_GOES_ON = {"other", "except", "and", "or", "but", "than", "unless", "so"}


def _participle(tokens: list[Token], j: int) -> bool:
    """ "Declaration opposing …", "Declaration reaffirming …": a present participle in lower
    case, then what it takes."""
    if j + 1 >= len(tokens):
        return False
    t = tokens[j]
    return (
        t.text.islower()
        and t.text.endswith("ing")
        and len(t.text) > 5
        and t.norm not in _LOWER_STOP
        and _is_word(tokens[j + 1])
        and tokens[j + 1].norm not in _LOWER_STOP
    )


def _comma_goes_on(tokens: list[Token], x: int) -> bool:
    """Whether a title-case title goes on after a comma: a list of its own words closed by "and"
    and more of the title ("Combat, Prevent and Suppress Trafficking in Persons") or by its period
    or short name in parentheses ("Drug Production, Trafficking and Use (2009-2015)"), not a
    list of names ("Crime, Malaysia and Thailand said")."""
    if x >= len(tokens) or not tokens[x].is_capitalised or not _is_word(tokens[x]):
        return False
    y = x
    while y + 1 < len(tokens) and tokens[y].is_capitalised and _is_word(tokens[y]):
        if tokens[y + 1].norm == ",":
            y += 2
        elif tokens[y + 1].norm == "and":
            after = tokens[y + 2 : y + 4]
            if len(after) == 2 and after[0].is_capitalised and after[1].norm == "(":
                return _is_word(after[0])  # "Production, Trafficking and Use (2009-2015)"
            if (
                len(after) == 2
                and after[0].is_capitalised
                and re.fullmatch(r"(?:19|20)\d{2}", after[1].text)
                and y + 4 < len(tokens)
                and re.fullmatch(r"(?:19|20)?\d{2}", tokens[y + 4].text)
            ):
                return _is_word(after[0])  # "Production, Trafficking and Use 2009-2015"
            return len(after) == 2 and all(t.is_capitalised and _is_word(t) for t in after)
        else:
            return False
    return False


#: Words after a verb that begin what it takes ("… and launched a …", "… and agreed to …").
_TAKES = {"a", "an", "the", "to", "on", "for", "its", "their", "that", "with", "this", "these"}


def _in_the_field_of(tokens: list[Token], x: int) -> bool:
    """ "… on cooperation in the field of non-traditional security issues": "in" that goes on
    with the subject, not a clause saying where or when."""
    words = [t.norm for t in tokens[x : x + 4]]
    return (
        len(words) == 4
        and words[:2] == ["in", "the"]
        and words[2] in {"field", "area", "fight", "context"}
        and words[3] == "of"
    )


def _next_clause(tokens: list[Token], x: int) -> bool:
    """Whether a past-tense verb after "and" begins the sentence's next clause: "an MoU on drug
    law enforcement and launched a joint operation …" (not "… terrorism and organised crime")."""
    t = tokens[x]
    return (
        x > 0
        and tokens[x - 1].norm == "and"
        and t.text.islower()
        and t.text.endswith("ed")
        and x + 1 < len(tokens)
        and tokens[x + 1].norm in _TAKES
    )


def _subject_after_period(tokens: list[Token], x: int, at: int) -> tuple[int, int] | None:
    """The title-case subject after a period that follows the kind words ("Work Plan (2016-2025)
    on Securing Communities Against Illicit Drugs"): its first and past-last tokens. It opens
    on "on", "in" or "against" and a word in -ing or runs three capitalised words or more."""
    while x < len(tokens) and tokens[x].start < at:
        x += 1
    if x + 1 >= len(tokens) or tokens[x].norm not in {"on", "in", "against"}:
        return None
    y, last, words = x + 1, None, 0
    while y < len(tokens) and _is_word(tokens[y]):
        if tokens[y].is_capitalised:
            last, words = y, words + 1
        elif tokens[y].norm not in _CONNECT:
            break
        y += 1
    if last is None or not tokens[x + 1].is_capitalised:
        return None
    if not (tokens[x + 1].text.endswith("ing") or words >= 3):
        return None
    return x, last + 1


def _runs_to_period(tokens: list[Token], text: str, x: int) -> bool:
    """Whether a lower-case subject ends in a period in parentheses ("Working Plan on preventing
    and combating transnational crimes (2024-2027)"): the period closes a title, not a clause."""
    for t in tokens[x : x + 12]:
        if t.norm == "(":
            return bool(_PERIOD_IN_PARENS.match(text[t.start :]))
        if not _is_word(t) or t.norm in _LOWER_STOP:
            return False
    return False


def _names_on(tokens: list[Token], x: int) -> bool:
    """Whether a lower-case subject goes on to a capitalised name ("to prevent and combat
    Transnational Crime") before the clause ends."""
    for t in tokens[x : x + 10]:
        if not _is_word(t) or t.norm in _LOWER_STOP:
            return False
        if t.is_capitalised and t.norm != "asean":
            return True
    return False


def find_partner_plans(
    g: Gazetteer, tokens: list[Token], text: str, sentence: int
) -> list[InstrumentFinding]:
    """One instrument per partner of a list: "six SOMTC work plans on cooperation to combat
    transnational crime, namely with the Plus Three countries for 2024-2027, China for 2024-27
    …" → "SOMTC+3 Work Plan on cooperation …" (2024–2027), "SOMTC-China Work Plan …", …"""
    out: list[InstrumentFinding] = []
    for i in range(1, len(tokens)):
        end, entries = g.kinds.match(tokens, i)
        if not entries or not tokens[end - 1].text.lower().endswith("s"):
            continue
        owner = tokens[i - 1]
        if owner.norm in {"its", "their"}:
            # "The SOMTC reviewed its work plans with China (2021-2025), Japan …": the
            # acronym the sentence spoke of before
            owner = next(
                (t for t in reversed(tokens[: i - 1]) if t.text.isupper() and t.text.isalpha()),
                owner,
            )
        if not (owner.text.isupper() and owner.text.isalpha()):
            continue  # "SOMTC work plans", not "six work plans"
        kind_words = " ".join(
            t.text.rstrip("s") if t is tokens[end - 1] else t.text for t in tokens[i:end]
        ).title()
        j, subject_end = end, None
        if j < len(tokens) and tokens[j].norm in _PREPS:
            j += 1
            while (
                j < len(tokens)
                and tokens[j].text[:1].isalpha()
                and tokens[j].norm not in {"namely", "with", "including", "which", "that"}
            ):
                j += 1
            subject_end = j
        while j < len(tokens) and tokens[j].norm in {",", "namely", "i", "e", "including"}:
            j += 1
        if j >= len(tokens) or tokens[j].norm != "with":
            continue
        subject = text[tokens[end].start : tokens[subject_end - 1].end] if subject_end else ""
        j += 1
        while j < len(tokens):
            while j < len(tokens) and tokens[j].norm in {"the", "and"}:
                j += 1
            partner = _partner_of_plan(g, tokens, j)
            if partner is None:
                break
            code, k = partner
            while k < len(tokens) and tokens[k].norm in {"countrie", "country", "partner"}:
                k += 1
            name = "+3" if code == "3" else "-" + text[tokens[j].start : tokens[partner[1] - 1].end]
            title = f"{owner.text}{name} {kind_words} {subject}".strip()
            years = None
            stop = tokens[k - 1].end
            m = _YEARS_AFTER.match(text[stop : stop + 30])
            if m:
                years = _years(m["a"], m["b"])
                while k < len(tokens) and tokens[k].end <= stop + m.end():
                    k += 1
            out.append(
                InstrumentFinding(
                    title,
                    entries[0].code,
                    years[0] if years else None,
                    years[1] if years else None,
                    [sentence],
                    partner=code,
                )
            )
            j = k
            if j < len(tokens) and tokens[j].norm == ",":
                j += 1
    return out


def _partner_of_plan(g: Gazetteer, tokens: list[Token], j: int) -> tuple[str, int] | None:
    if (
        j < len(tokens)
        and tokens[j].norm == "+"
        and j + 1 < len(tokens)
        and tokens[j + 1].norm == "3"
    ):
        return "3", j + 2
    end, entries = g.names.match(tokens, j, ("party",))
    info = g.parties.get(entries[0].code) if entries else None
    return (info.code, end) if info and (info.is_state or info.code == "EU") else None


def find_acronyms(g: Gazetteer, tokens: list[Token], sentence: int) -> list[InstrumentFinding]:
    """Instruments named by their registry acronym alone ("implement ACTIP"): the registry's
    title, and no period (the text gives none)."""
    out = []
    for tok in tokens:
        known = g.acronyms.get(tok.text)
        if known is not None:
            out.append(
                InstrumentFinding(known.titles[0], known.kind, None, None, [sentence], titled=True)
            )
    return out


# -- titles: the same normalisation as the held-out scoring, to merge and to link -----------

_STOP = {"a", "an", "the", "of", "on", "in", "to", "for", "and", "at", "by", "with", "from",
         "its", "s", "into", "against"}  # fmt: skip


def _stem(t: str) -> str:
    if len(t) > 5 and t.endswith("ing"):
        t = t[:-3]
        if len(t) > 2 and t[-1] == t[-2] and t[-1] not in "aeiouls":
            t = t[:-1]
    if len(t) > 3 and t.endswith("s") and not t.endswith("ss"):
        t = t[:-1]
    return t


@lru_cache(maxsize=4096)
def title_tokens(title: str) -> frozenset[str]:
    t = title.casefold().replace("’", "'")
    t = re.sub(r"\+\s*3\b|\bplus\s+3\b", " plus three ", t)
    t = t.replace("&", " and ").replace("+", " plus ")
    t = re.sub(r"'s\b", "", t)
    return frozenset(
        _stem(x) for x in re.findall(r"[0-9a-z]+", t) if x not in _STOP and not x.isdigit()
    )


def similarity(a: str, b: str) -> float:
    x, y = title_tokens(a), title_tokens(b)
    return len(x & y) / len(x | y) if x and y else 0.0


_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")


def merge_instruments(
    found: list[InstrumentFinding], g: Gazetteer | None = None
) -> list[InstrumentFinding]:
    """One finding per instrument: the same title twice is one, the years come from either;
    with the registry, a description is the titled instrument of its owner, kind and crime
    areas (see :func:`_described`)."""
    out: list[InstrumentFinding] = []
    for f in found:
        if f.definite:
            # "… the Plan of Action on Combating Transnational Crime. The plan of action,
            # covering 2016 to 2025, …": the period of the one named before
            before = next((o for o in reversed(out) if o.kind == f.kind and not o.bare), None)
            if before is not None and before.start_year is None and before.end_year is None:
                before.start_year, before.end_year = f.start_year, f.end_year
                before.sentences += [s for s in f.sentences if s not in before.sentences]
                continue
        same = next(
            (o for o in out if o.kind == f.kind and (similarity(o.title, f.title) >= 0.5
             or ((o.bare or f.bare) and (o.start_year, o.end_year) == (f.start_year, f.end_year)))
             and (o.partner is None or f.partner is None or o.partner == f.partner)
             and not _other_partners(g, o.title, f.title)
             and _ORDINAL.findall(o.title) == _ORDINAL.findall(f.title)
             and not _other_subjects(o.title, f.title)
             and (o.start_year is None or f.start_year is None or o.start_year == f.start_year)),
            None,
        )  # fmt: skip
        if same is None:
            out.append(f)
            continue
        if (
            (len(f.title) > len(same.title) or same.bare)
            and not f.bare
            and f.start_year
            in (
                None,
                same.start_year,
            )
        ):
            same.title, same.bare = f.title, False
        same.start_year = same.start_year or f.start_year
        same.end_year = same.end_year or f.end_year
        same.sentences += [s for s in f.sentences if s not in same.sentences]
    # "the ASEAN-U.S. Declaration" after "the ASEAN-U.S. Joint Declaration for Cooperation to
    # Combat International Terrorism": a short name of the one instrument whose title holds it
    for f in list(out):
        words = _spelt_out(f.title)
        if len(words) < 2 or f.partner or not _ends_in_kind(f.title):
            continue
        longer = [
            o for o in out
            if o is not f and o.kind == f.kind and words < _spelt_out(o.title)
            and (f.adopted or f.start_year in (None, o.start_year))
            and f.end_year in (None, o.end_year)
        ]  # fmt: skip
        if len(longer) != 1:
            continue
        (same,) = longer
        if not f.adopted:
            same.start_year = same.start_year or f.start_year
            same.end_year = same.end_year or f.end_year
        same.sentences += [s for s in f.sentences if s not in same.sentences]
        out.remove(f)
    if g is not None:
        for f in list(out):
            same = _described(g, f, out)
            if same is not None:
                same.sentences += [s for s in f.sentences if s not in same.sentences]
                out.remove(f)
    return out


#: Kind words and owners the reports abbreviate ("the ASEAN PoA", "the APT Work Plan"), spelt
#: out to compare titles.
_KIND_ABBREVIATIONS = {
    "poa": "Plan of Action",
    "mou": "Memorandum of Understanding",
    "apt": "ASEAN Plus Three",
}


def _spelt_out(title: str) -> frozenset[str]:
    """The title's words with its abbreviated kind words spelt out ("ASEAN PoA" → "ASEAN Plan
    of Action")."""
    return title_tokens(
        re.sub(
            r"\b(PoA|POA|MoU|MOU|APT)\b",
            lambda m: _KIND_ABBREVIATIONS[m[1].lower()],
            title,
        )
    )


def _other_partners(g: Gazetteer | None, a: str, b: str) -> bool:
    """Whether two titles name different partners of ASEAN ("SOMTC-China Work Plan",
    "SOMTC-Japan Work Plan"): two instruments however alike their words."""
    if g is None:
        return False
    x, y = _partners(g, a), _partners(g, b)
    return bool(x) and bool(y) and x != y


def _partners(g: Gazetteer, title: str) -> frozenset[str]:
    """The parties other than ASEAN a title names."""
    tokens = tokenize(title)
    codes = set()
    x = 0
    while x < len(tokens):
        end, entries = g.names.match(tokens, x, ("party",))
        if entries and entries[0].code != "ASEAN":
            codes.add(entries[0].code)
        x = max(end, x + 1)
    return frozenset(codes)


def _described(
    g: Gazetteer, f: InstrumentFinding, found: list[InstrumentFinding]
) -> InstrumentFinding | None:
    """The titled instrument a lower-case description stands for: "ASEAN convention to combat
    human trafficking" (a headline) for "the ASEAN Convention Against Trafficking in Persons"
    — the only titled one of its owner and kind whose crime areas include the description's."""
    if f.titled or f.bare or f.partner or f.start_year or f.end_year:
        return None
    tokens = tokenize(f.title)
    areas = {code for code, _b, _e in find_crime_areas(g, tokens, set())}
    if not areas or not tokens or not tokens[0].is_capitalised:
        return None
    owner = tokens[0].norm
    same = [
        o for o in found
        if o is not f and o.titled and o.kind == f.kind
        and owner in {t.norm for t in tokenize(o.title)}
        and areas <= {code for code, _b, _e in find_crime_areas(g, tokenize(o.title), set())}
    ]  # fmt: skip
    return same[0] if len(same) == 1 else None


def _subject(title: str) -> frozenset[str]:
    """The words of a title after its last kind word ("… Joint Statement on cyber fraud")."""
    words = [phrase_key(w) for w in title.split()]
    last = max((n for n, w in enumerate(words) if w and w[-1] in _KIND_ENDS), default=None)
    return title_tokens(" ".join(title.split()[last + 1 :])) if last is not None else frozenset()


def _other_subjects(a: str, b: str) -> bool:
    """Whether two titles name different subjects ("… Statement on maritime crime", "…
    Statement on cyber fraud"): each has words the other lacks."""
    x, y = _subject(a), _subject(b)
    return bool(x - y) and bool(y - x)


def _ends_in_kind(title: str) -> bool:
    """Whether a title ends in its kind words ("ASEAN-U.S. Declaration"), with no subject."""
    words = phrase_key(title)
    return bool(words) and words[-1] in _KIND_ENDS


def link_instrument(g: Gazetteer, f: InstrumentFinding) -> KnownInstrument | None:
    """The registry's instrument with the most similar title (≥ 0.5) and no conflicting years."""
    best: tuple[float, KnownInstrument] | None = None
    for known in g.instruments:
        if f.start_year and known.start_year and f.start_year != known.start_year:
            continue
        if f.end_year and known.end_year and f.end_year != known.end_year:
            continue
        score = max((similarity(f.title, t) for t in known.titles), default=0.0)
        score += 0.05 if known.kind == f.kind else -0.1
        if score >= 0.5 and (best is None or score > best[0]):
            best = (score, known)
    return best[1] if best else None


#: "The MOU, which is to be implemented from January 2010 until 2014, …": a sentence that
#: speaks of an instrument named before by its kind alone gives its period.
_PERIOD_OF_IT = re.compile(
    r"\b(?:from|between)\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d{2})\s+(?:until|till|to|through|and)"
    r"\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d{2})\b"
    # "The plan covers the period 2021-2024", "The work plan spans 2023-27"
    r"|\b(?:covers|covering|spans|spanning|runs\s+for)\s+(?:the\s+)?(?:(?:period|years)\s+(?:of\s+)?)?"
    r"((?:19|20)\d{2})\s*(?:-|–|—|~|to|until|through)\s*((?:19|20)?\d{2})\b"
)
_SHORT_KINDS = {"mou": "other", "memorandum": "other", "plan": "plan"}


def refers_to(kind: str, found: str) -> bool:
    """Whether "The <kind>" can refer to an instrument of kind ``found``: "The plan" to a plan of
    action or a work plan."""
    return kind == found or (kind == "plan" and found in {"plan_of_action", "work_plan"})


#: "The draft work plan", "The revised plan": what the instrument named before now is.
_STATE_OF_IT = {"draft", "new", "revised", "updated", "current", "said", "proposed", "existing"}


def period_referred(g: Gazetteer, tokens: list[Token], text: str) -> tuple[str, int, int] | None:
    """(kind, start year, end year) when the sentence opens on "The <kind>" without a title
    ("The MOU, which is to be implemented from January 2010 until 2014, was signed by …", "The
    work plan will run from 2016 to 2025", "The plan covers the period 2021-2024"): the period
    of the instrument of that kind named last (``"plan"`` for either kind of plan)."""
    if len(tokens) < 3 or tokens[0].norm != "the":
        return None
    at = 1
    while at < 3 and tokens[at].text in _STATE_OF_IT:
        at += 1  # "The draft work plan covers 2024 to 2028"
    end, entries = g.kinds.match(tokens, at)
    if entries:
        kind = entries[0].code
    elif tokens[at].norm in _SHORT_KINDS:
        kind, end = _SHORT_KINDS[tokens[at].norm], at + 1
    else:
        return None
    if (
        end < len(tokens)
        and _is_word(tokens[end])
        and not {tokens[end].norm, tokens[end].text.lower()} & _LOWER_STOP
    ):
        return None  # "The Plan of Action on …": a title, read by find_instruments
    m = _PERIOD_OF_IT.search(text, tokens[end - 1].end)
    years = (_years(m[1], m[2]) if m[1] else _years(m[3], m[4])) if m else None
    return (kind, *years) if years else None
