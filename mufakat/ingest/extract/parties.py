"""Parties that act in the events reported — not the countries that are only places.

"Indonesia pursued an initiative", "chaired by Lao PDR", "the Royal Thai Police convened",
"Vietnam's Ministry of Public Security", "consultations involving China" act; "in Bangkok,
Thailand", "Bangkok (Thailand)" and "in Myanmar" only say where. A party counts when at least one
of its mentions acts. Agencies stand for their party.
"""

from __future__ import annotations

from dataclasses import dataclass

from mufakat.ingest.extract.gazetteer import Gazetteer
from mufakat.ingest.extract.tokens import Token, norm_word

_PLACE_WORDS = {"in", "at", "across", "throughout", "within", "near", "around", "outside"}


@dataclass(frozen=True)
class PartyHit:
    code: str
    sentence: int
    begin: int  # token indices
    end: int
    place: bool
    via_agency: bool = False


def _after_city(g: Gazetteer, tokens: list[Token], i: int, code: str) -> bool:
    """ "Bangkok, Thailand" / "Bangkok (Thailand)" / "Bali, Indonesia": the country of a city
    (not "Malaysia, Singapore, Thailand": a city of another country is a party listed)."""
    if i < 2 or tokens[i - 1].norm not in {",", "("}:
        return False
    k = i - 2
    for width in range(1, 4):
        start = k - width + 1
        if start < 0:
            break
        city = g.cities.get(tuple(t.norm for t in tokens[start : k + 1]))
        if city is not None:
            return not city.country or city.country == code
    return tokens[k].is_capitalised and tokens[k - 1].norm in _PLACE_WORDS if k >= 1 else False


_BORDER = {"border", "borders", "frontier", "frontiers", "boundary", "borderland", "borderlands"}
_COMPASS = {"north", "south", "east", "west"}
#: "the southern Philippines", "north-eastern India": a part of the country, a place.
_REGION_OF = {
    norm_word(w)
    for w in {
    "southern", "northern", "eastern", "western", "central", "southeastern", "northeastern",
    "southwestern", "northwestern", "coastal", "rural", "mainland",
    }
}  # fmt: skip
#: "the border zones of Myanmar": parts of a country along its border.
_ZONES = {norm_word(w) for w in ("zones", "areas", "regions", "areas", "provinces", "districts")}
#: "set for Brunei next year", "scheduled in Thailand": where a meeting is to be.
_SET_FOR = {"set", "slated", "scheduled", "planned", "earmarked"}


def _at_border(g: Gazetteer, tokens: list[Token], end: int) -> bool:
    """ "the Thailand-Myanmar border", "the Thai border": a country that names a border is a
    place, not a party (here the other country's name is skipped too)."""
    if end < len(tokens):
        after, entries = g.names.match(tokens, end, ("party",))
        if entries:
            end = after
    return end < len(tokens) and tokens[end].norm in _BORDER


def _other_country(tokens: list[Token], begin: int, end: int, text: str) -> bool:
    """ "North Korea" is not Korea, "US$300 billion" is no party: a compass point before the
    name, or a currency sign after it."""
    if begin and tokens[begin - 1].norm in _COMPASS and tokens[begin - 1].is_capitalised:
        return True
    return bool(text) and text[tokens[end - 1].end : tokens[end - 1].end + 1] == "$"


#: Verbs of a flow of goods or people: the country after "to", "from", "into" … is where the
#: flow goes or comes from ("methamphetamine smuggled into Malaysia", "trafficked to China").
_FLOWS = {
    norm_word(w)
    for w in {
    "trafficked", "smuggled", "transported", "shipped", "exported", "imported", "flooded",
    "flowed", "flow", "flows", "lured", "taken", "sent", "moved", "routed", "transited",
    "destined", "bound", "originating", "produced", "sold", "markets", "market",
    # "precursor chemicals flowing into Myanmar", "nationals deported from the Philippines"
    "flowing", "moving", "smuggling", "trafficking", "deported", "repatriated", "extradited",
    "fled", "escaped", "returned",
    }
}  # fmt: skip
_FLOW_WAYS = {"to", "from", "into", "via", "through", "toward", "towards"}
#: People who come from a country without acting for it: "workers from India".
_FROM_PEOPLE = {
    norm_word(w)
    for w in {
    "workers", "victims", "nationals", "citizens", "migrants", "people", "women", "children",
    "tourists", "fighters", "militants", "suspects", "labourers", "laborers", "refugees",
    }
}  # fmt: skip
#: After "Myanmar's": a part of the country, a place ("Myanmar's Shan State").
_PARTS = {norm_word(w) for w in ("state", "province", "region", "city", "capital", "border")}


def _only_a_place(tokens: list[Token], begin: int, end: int, text: str) -> bool:
    """A country named as where something goes or comes from, a comparison, or the seat of an
    organisation: "flooded markets as far as Australia", "trafficked to China", "workers from
    India", "Like the European Union, …", "a US-based group", "Myanmar's Shan State"."""
    k = begin - (begin > 0 and tokens[begin - 1].norm == "the")
    before = [t.norm for t in tokens[max(0, k - 5) : k]]
    if before[-3:] == ["as", "far", "as"] or before[-1:] in (["like"], ["unlike"]):
        return True
    # "its borders with Laos and Cambodia", "the border zones of Myanmar, Laos and Cambodia",
    # "the southern Philippines", "set for Brunei"
    if before[-2:-1] and before[-1] in {"with", "of"} and before[-2] in _BORDER:
        return True
    if before[-3:-2] and before[-1] == "of" and before[-2] in _ZONES and before[-3] in _BORDER:
        return True
    if before and (before[-1] in _REGION_OF or before[-1].split("-")[-1] in _REGION_OF):
        return True
    if before[-2:-1] and before[-1] == "for" and before[-2] in _SET_FOR:
        return True
    if before and before[-1] in _FLOW_WAYS:
        if before[-1] == "from" and len(before) > 1 and before[-2] in _FROM_PEOPLE:
            return True
        if set(before[:-1]) & _FLOWS:
            return True
    if text[tokens[end - 1].end : tokens[end - 1].end + 6].lower() == "-based":
        return True
    if tokens[end - 1].text.endswith(("'s", "’s")):
        after = {t.norm for t in tokens[end : end + 3] if t.text[:1].isalpha()}
        return bool(after & _PARTS)
    return False


def find_parties(
    g: Gazetteer, tokens: list[Token], sentence: int, text: str = ""
) -> list[PartyHit]:
    hits: list[PartyHit] = []
    border_to = -1  # the second country of "the Thailand-Myanmar border"
    for begin, end, entries in g.names.find_all(tokens, ("party", "agency")):
        entry = entries[0]
        if _other_country(tokens, begin, end, text):
            continue
        before = tokens[begin - 1].norm if begin else ""
        if before == "the" and begin > 1:
            before = tokens[begin - 2].norm
        place = before in _PLACE_WORDS or _after_city(g, tokens, begin, entry.code)
        place = place or (entry.kind != "agency" and _only_a_place(tokens, begin, end, text))
        prev = hits[-1] if hits else None
        if prev is not None and prev.place and not place and entry.kind != "agency":
            # "trafficked to China and Malaysia": the list goes on where the first one is
            place = {t.norm for t in tokens[prev.end : begin]} <= {",", "and", "or", "the"}
        if entry.kind != "agency" and (begin < border_to or _at_border(g, tokens, end)):
            place = True
            border_to = next((n for n in range(end, len(tokens)) if tokens[n].norm in _BORDER), -1)
        if entry.kind == "agency":
            place = False
            prev = hits[-1] if hits else None
            if prev is not None and prev.end == begin and prev.code != entry.code:
                continue  # "Korean National Police Agency": Korea's, not Japan's NPA
        hits.append(PartyHit(entry.code, sentence, begin, end, place, entry.kind == "agency"))
    return hits


_PLUS_THREE_PEOPLE = {"countries", "partners", "nations", "states", "counterparts", "members"}


def plus_three_named(tokens: list[Token]) -> list[tuple[int, int]]:
    """ "the Plus Three countries", "their Plus Three counterparts": China, Japan and the
    Republic of Korea, named together (the registry lists them as the "+3" partners). Parties
    of the report, not partners of a consultation the sentence speaks of."""
    out = []
    for k in range(len(tokens) - 2):
        if tokens[k].norm in {"plus", "+"} and tokens[k + 1].norm in {"three", "3"}:
            n = k + 2
            if n < len(tokens) and tokens[n].norm == "dialogue":
                n += 1
            if n < len(tokens) and tokens[n].text.lower() in _PLUS_THREE_PEOPLE:
                out.append((k, n + 1))
    return out


#: Before an organisation: someone of it, or someone working with it, acts.
_OF_IT = {
    "representative", "representatives", "delegate", "delegates", "delegation", "official",
    "officials", "officer", "officers", "director", "head", "chief", "secretary-general",
}  # fmt: skip
_WITH_IT = {"with", "alongside"}
#: After an organisation (and its "Secretariat"): the verb of a clause it is the subject of.
_ITS_VERB = {
    "has", "have", "had", "said", "says", "say", "served", "serves", "issued", "issues",
    "announced", "announces", "pledged", "pledge", "pledges", "agreed", "agrees", "will",
    "also", "attended", "attends", "took", "takes", "joined", "joins", "signed", "signs",
    "presented", "presents", "co-chaired", "chaired", "organised", "organized", "hosted",
    "stated", "reported", "noted", "welcomed", "called", "urged", "expressed",
}  # fmt: skip


def acts_as_organisation(tokens: list[Token], hit: PartyHit) -> bool:
    """A party whose name is also a body's (ASEANAPOL, the police chiefs' organisation and
    its conferences) takes part when the organisation itself acts: "representatives of
    ASEANAPOL attended", "will work closely with ASEANAPOL", "the ASEANAPOL Secretariat said",
    "the ASEAN National Police (ASEANAPOL) have pledged"; "ASEANAPOL urged unity" is its
    conference, named by the series. Named as a frame ("a founding
    member of ASEANAPOL"), as a kind ("gatherings such as the ASEANAPOL") or as a modifier
    ("the ASEANAPOL Database System", "the role of the ASEANAPOL Secretariat") it does not."""
    k = hit.begin - 1
    if k >= 0 and tokens[k].norm == "the":
        k -= 1
    if k >= 1 and tokens[k].norm == "of" and tokens[k - 1].norm in _OF_IT:
        return True
    if k >= 0 and tokens[k].norm in _WITH_IT:
        return True
    j = hit.end
    names = {t.norm for t in tokens[hit.begin : hit.end]}
    while j < len(tokens) and (tokens[j].norm in {"(", ")"} or tokens[j].norm in names):
        j += 1  # "ASEANAPOL (ASEANAPOL)"
    if j < len(tokens) and tokens[j].norm == "(":
        close = next((n for n in range(j, min(j + 8, len(tokens))) if tokens[n].norm == ")"), j)
        j = close + 1  # "ASEANAPOL (ASEAN Police Chiefs)"
    secretariat = j < len(tokens) and tokens[j].norm == "secretariat"
    if not secretariat and hit.end - hit.begin == 1:
        return False  # "ASEANAPOL urged unity": its conference speaking, named by its series
    j += secretariat
    return j < len(tokens) and tokens[j].text in _ITS_VERB


_ROLES = {"host", "chair", "chairman", "convenor", "convener"}


def named_for_role(tokens: list[Token], hit: PartyHit) -> bool:
    """A member state named in the roll call of all ten for what it does there: "…, Royal
    Thai Police and the host agency, the Socialist Republic of Vietnam Police": the host is a
    party of its own, beside ASEAN."""
    k = hit.begin - 1
    while k >= 0 and (tokens[k].is_capitalised or tokens[k].norm in {"of", "the"}):
        k -= 1  # its name's own words: "the Socialist Republic of"
    if k >= 0 and tokens[k].norm in {",", ":", "("}:
        k -= 1
    for _ in range(2):  # "the host agency", "the host country"
        if k >= 0 and tokens[k].norm not in _ROLES and tokens[k].text.islower():
            k -= 1
    return k >= 0 and tokens[k].norm in _ROLES
