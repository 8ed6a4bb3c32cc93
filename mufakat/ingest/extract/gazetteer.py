"""The gazetteer: every name the extractor knows, read from the registry.

Parties (code, name, aliases, and their agencies' acronyms and names), bodies (code, name, short
name, aliases, and the variants a press statement writes: with or without "ASEAN", a working
group named under its parent "Senior Officials Meeting on Transnational Crime (SOMTC) Working
Group on …"), crime areas (code, name, aliases) and venues (the built-in list plus the cities of
the registry's meetings). A body or party added to the registry is recognised on the next run,
without a code change. The meetings and instruments the user may see are kept too, to link
what the text proposes to what the database already holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from mufakat.ingest.extract import lexicon
from mufakat.ingest.extract.tokens import Entry, Trie, norm_word, phrase_key

_STATE_KINDS = {"member_state", "observer", "dialogue_partner", "other_state"}


@dataclass(frozen=True)
class PartyInfo:
    code: str
    name: str
    kind: str

    @property
    def is_state(self) -> bool:
        return self.kind in _STATE_KINDS


@dataclass(frozen=True)
class BodyInfo:
    code: str
    name: str
    parent: str | None = None
    partners: tuple[str, ...] = ()
    level: str = ""
    crime_areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownMeeting:
    id: int
    body: str
    number: int | None
    start: dt.date
    last: dt.date  # last day of the start's period, or the end date
    precision: str
    host: str | None = None


@dataclass(frozen=True)
class KnownInstrument:
    id: int
    titles: tuple[str, ...]
    kind: str
    start_year: int | None
    end_year: int | None


@dataclass(frozen=True)
class City:
    name: str
    country: str | None


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def described_words(phrase: str) -> frozenset[str]:
    """The words that tell a body's name from another's, each in one form: "ASEAN Ministers
    Meeting on Drug Matters" and "ASEAN Ministerial Meeting on Drugs" → {minister, drug}."""
    words = (w.strip("'’") for w in re.findall(r"[A-Za-z'’]+", phrase.lower()))
    return frozenset(
        lexicon.DESCRIBED_SAME.get(w, w)
        for w in words
        if w
        and w not in lexicon.DESCRIBED_IGNORED
        and lexicon.DESCRIBED_SAME.get(w, w) not in lexicon.DESCRIBED_IGNORED
    )


def _one_worded(phrase: str, said: frozenset[str]) -> bool:
    """A name that tells its body by one word of the language, beside the words of any
    meeting: "ASEAN National Police Conference" ({police}); not an acronym ("ASOD") nor a
    name that only says the kind of meeting ("ASEAN Summit")."""
    if len(said) != 1:
        return False
    (word,) = said
    written = re.findall(r"[A-Za-z'’]+", re.sub(r"\([^)]*\)", " ", phrase))
    return (
        len(written) > 1
        and word not in lexicon.MEETING_NOUNS
        and any(w.lower() == word and not w.isupper() for w in written)
    )


def _variants(phrase: str) -> set[str]:
    """A name with and without a leading "ASEAN", and with "the" dropped."""
    out = {phrase}
    low = phrase.lower()
    if low.startswith("asean "):
        out.add(phrase[6:])
    elif " " in phrase and not low.startswith("the "):
        out.add("ASEAN " + phrase)
    if low.startswith("the "):
        out.add(phrase[4:])
    # "Meeting on Trans-national Crime", as some outlets hyphenate it
    out |= {re.sub(r"(?i)\btrans(national)\b", r"Trans-\1", p) for p in out}
    return out


@dataclass
class Gazetteer:
    parties: dict[str, PartyInfo] = field(default_factory=dict)
    bodies: dict[str, BodyInfo] = field(default_factory=dict)
    crime_areas: dict[str, str] = field(default_factory=dict)  # code -> name
    cities: dict[tuple[str, ...], City] = field(default_factory=dict)
    meetings: dict[str, list[KnownMeeting]] = field(default_factory=dict)
    instruments: list[KnownInstrument] = field(default_factory=list)
    names: Trie = field(default_factory=Trie)  # parties, agencies, bodies, crime areas, cities
    after_asean: Trie = field(default_factory=Trie)  # body names without their "ASEAN"
    under: dict[str, Trie] = field(default_factory=dict)  # parent body -> child name suffixes
    kinds: Trie = field(default_factory=Trie)  # instrument kind words
    acronyms: dict[str, KnownInstrument] = field(default_factory=dict)  # "ACTIP" -> instrument
    #: bodies by the words of their names (see :func:`described_words`); None when ambiguous
    described: dict[frozenset[str], str | None] = field(default_factory=dict)
    _near: dict[str, City | None] = field(default_factory=dict, repr=False)
    _vocabulary: frozenset[str] | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        *,
        parties: list[tuple[str, str, str, list[str]]],
        agencies: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
        bodies: list[tuple[BodyInfo, list[str]]] = (),  # type: ignore[assignment]
        crime_areas: list[tuple[str, str, list[str]]] = (),  # type: ignore[assignment]
        cities: list[tuple[str, str | None]] = (),  # type: ignore[assignment]
        meetings: list[KnownMeeting] = (),  # type: ignore[assignment]
        instruments: list[KnownInstrument] = (),  # type: ignore[assignment]
    ) -> Gazetteer:
        """Index plain registry records (what :meth:`from_registry` reads from the database)."""
        g = cls()
        for code, name, kind, aliases in parties:
            g.parties[code] = PartyInfo(code, name, kind)
            for phrase in {name, *aliases}:
                g.names.add(phrase, Entry("party", code, phrase))
            if kind == "organisation" and code.isalpha():
                g.names.add(code, Entry("party", code, code))
        for party_code, acronym, name in agencies:
            if party_code not in g.parties:
                continue
            g.names.add(acronym, Entry("agency", party_code, acronym))
            for phrase in _variants(re.sub(r"\s*\([^)]*\)", "", name)):
                g.names.add(phrase, Entry("agency", party_code, name))
        phrases: dict[str, set[str]] = {}
        for info, aliases in bodies:
            g.bodies[info.code] = info
            phrases[info.code] = set()
            for phrase in {info.code, info.name, *aliases}:
                if phrase:
                    phrases[info.code] |= _variants(phrase)
        for code, variants in phrases.items():
            if "+" not in code and g.bodies[code].level != "working_group":
                for phrase in variants:
                    said = described_words(re.sub(r"\([^)]*\)", " ", phrase))
                    # a subject beyond who meets: "ASEAN Ministerial Meeting" describes none
                    if (
                        len(said) > 1 or _one_worded(phrase, said)
                    ) and said - lexicon.DESCRIBED_PEOPLE - {"senior"}:
                        listed = g.described.setdefault(said, code)
                        if listed != code:
                            g.described[said] = None
            for phrase in variants:
                g.names.add(phrase, Entry("body", code, phrase))
                key = phrase_key(phrase)
                if key and key[0] == "asean" and len(key) > 1:
                    g.after_asean.add(" ".join(key[1:]), Entry("body", code, phrase))
            parent = g.bodies[code].parent
            if not parent or parent not in phrases:
                continue
            parent_keys = {phrase_key(p) for p in phrases[parent]}
            trie = g.under.setdefault(parent, Trie())
            for phrase in variants:
                key = phrase_key(phrase)
                for pk in parent_keys:
                    if len(key) > len(pk) and key[: len(pk)] == pk:
                        trie.add(" ".join(key[len(pk) :]), Entry("body", code, phrase))
                if key[:2] in {("working", "group"), ("wg", "on")}:
                    trie.add(" ".join(key), Entry("body", code, phrase))
        for code, name, aliases in crime_areas:
            g.crime_areas[code] = name
            for phrase in {name, code.replace("_", " "), *aliases}:
                g.names.add(phrase, Entry("crime_area", code, phrase))
        for name, country in [*lexicon.CITIES.items(), *cities]:
            key = phrase_key(name)
            if key and (key not in g.cities or (country and not g.cities[key].country)):
                g.cities[key] = City(name, country or None)
                g.names.add(name, Entry("city", name, name))
        for words, kind in lexicon.KIND_WORDS.items():
            g.kinds.add(words, Entry("kind", kind, words))
        for m in meetings:
            g.meetings.setdefault(m.body, []).append(m)
        g.instruments = list(instruments)
        for known in g.instruments:
            for title in known.titles[1:]:
                if re.fullmatch(r"[A-Z]{3,8}", title):
                    g.acronyms.setdefault(title, known)
        return g

    @classmethod
    def from_registry(cls, *, user: Any = None) -> Gazetteer:
        """Read the registry (and the meetings and instruments ``user`` may see)."""
        from mufakat.core.partial_dates import PartialDate
        from mufakat.meetings.models import Meeting
        from mufakat.registry.models import Agency, Body, CrimeArea, Party
        from mufakat.workplans.models import Instrument

        parties = [
            (p.code, p.name, p.kind, _lines(p.aliases))
            for p in Party.objects.only("code", "name", "kind", "aliases")
        ]
        agencies = [
            (a.party.code, a.acronym, a.name) for a in Agency.objects.select_related("party")
        ]
        partners: dict[int, list[str]] = defaultdict(list)
        for body_id, code in Body.partners.through.objects.values_list("body_id", "party__code"):
            partners[body_id].append(code)
        bodies = []
        areas: dict[int, list[str]] = defaultdict(list)
        for body_id, code in Body.crime_areas.through.objects.values_list(
            "body_id", "crimearea__code"
        ):
            areas[body_id].append(code)
        for b in Body.objects.select_related("parent"):
            info = BodyInfo(
                b.code,
                b.name,
                b.parent.code if b.parent else None,
                tuple(sorted(partners[b.pk])),
                b.level,
                tuple(sorted(areas[b.pk])),
            )
            bodies.append((info, [x for x in [b.short_name, *_lines(b.aliases)] if x]))
        crime_areas = [(c.code, c.name, _lines(c.aliases)) for c in CrimeArea.objects.all()]
        visible = Meeting.objects.visible_to(user).select_related("body", "host")
        meetings, cities = [], []
        for m in visible.only(
            "id", "number", "start_date", "start_precision", "end_date", "city",
            "body__code", "host__code",
        ):  # fmt: skip
            last = m.end_date or PartialDate(m.start_date, m.start_precision).last_day
            meetings.append(
                KnownMeeting(
                    m.pk,
                    m.body.code,
                    m.number,
                    m.start_date,
                    last,
                    m.start_precision,
                    m.host.code if m.host else None,
                )
            )
            if m.city and m.city.lower() != "online":
                cities.append((m.city, m.host.code if m.host else None))
        instruments = [
            KnownInstrument(
                i.pk,
                tuple(t for t in (i.title, i.short_title) if t),
                i.kind,
                i.start_year,
                i.end_year,
            )
            for i in Instrument.objects.visible_to(user).only(
                "id", "title", "short_title", "kind", "start_year", "end_year"
            )
        ]
        return cls.build(
            parties=parties,
            agencies=agencies,
            bodies=bodies,
            crime_areas=crime_areas,
            cities=cities,
            meetings=meetings,
            instruments=instruments,
        )

    # -- look-ups ------------------------------------------------------------------------------

    def described_vocabulary(self) -> frozenset[str]:
        """Every word a described body's name may be written with (token forms)."""
        if self._vocabulary is None:
            words = {w for key in self.described for w in key}
            words |= set(lexicon.DESCRIBED_IGNORED) | set(lexicon.DESCRIBED_SAME)
            self._vocabulary = frozenset(norm_word(w) for w in words) | frozenset(words)
        return self._vocabulary

    def partners_of(self, body: str) -> tuple[str, ...]:
        """The partners of a consultation: from the registry, else from its code (BODY+PARTY)."""
        info = self.bodies.get(body)
        if info and info.partners:
            return info.partners
        if "+" in body:
            tail = body.rsplit("+", 1)[1]
            if tail == "3":
                plus3 = next((b for c, b in self.bodies.items() if c.endswith("+3")), None)
                return plus3.partners if plus3 and plus3.partners else lexicon.PLUS_THREE
            return (tail,) if tail in self.parties else ()
        return ()

    def working_group_for(self, crime_area: str, parent: str | None = None) -> str | None:
        """The one working group (under ``parent``, if given) that works on ``crime_area``."""
        found = [
            b.code
            for b in self.bodies.values()
            if b.level == "working_group"
            and crime_area in b.crime_areas
            and (parent is None or b.parent == parent)
        ]
        return found[0] if len(found) == 1 else None

    def most_specific(self, crime_area: str, level: str) -> str | None:
        """The body of ``level`` working on ``crime_area`` with the fewest other areas (the
        ministerial meeting on drugs rather than the one on all transnational crime)."""
        found = sorted(
            (len(b.crime_areas), b.code)
            for b in self.bodies.values()
            if b.level == level and crime_area in b.crime_areas and "+" not in b.code
        )
        if not found or (len(found) > 1 and found[0][0] == found[1][0]):
            return None
        return found[0][1]

    def estimated_year(self, body: str, number: int) -> int | None:
        """The year of a body's ``number``-th meeting, from the registry's numbered meetings of
        it: the recorded one, else read off the series (between two recorded ones, or a few
        numbers beyond them at the pace of the last two) where the series keeps a steady pace
        there: a whole number of years a meeting (the 32nd between the 31st in 2011 and the
        34th in 2014), or several meetings in one year between two of that year. Where the
        pace changed (the 6th in 2018, the 8th in 2023) no year can be read off."""
        series = sorted({(m.number, m.start.year) for m in self.meetings.get(body, ()) if m.number})
        if len(series) < 2:
            return None
        for n, year in series:
            if n == number:
                return year
        below = [x for x in series if x[0] < number]
        above = [x for x in series if x[0] > number]
        if below and above:
            (n1, y1), (n2, y2) = below[-1], above[0]
        elif below and number - below[-1][0] <= 5:
            (n1, y1), (n2, y2) = below[-2] if len(below) > 1 else below[-1], below[-1]
        elif above and above[0][0] - number <= 5:
            (n1, y1), (n2, y2) = above[0], above[1]
        else:
            return None
        if n1 == n2 or (y2 - y1) % (n2 - n1):
            return None
        if y1 == y2 and not (below and above):
            return None  # two meetings in one year set no pace to carry beyond them
        return y1 + (number - n1) * (y2 - y1) // (n2 - n1)

    def near_city(self, name: str) -> City | None:
        """A known venue one or two typos away ("Lubuan Bajo" → Labuan Bajo), or None."""
        if name in self._near:
            return self._near[name]
        best: tuple[int, City] | None = None
        if len(name) >= 5:
            for key, city in self.cities.items():
                known = " ".join(key)
                if abs(len(known) - len(name)) > 2:
                    continue
                dist = _levenshtein(known, name)
                if dist <= (1 if len(name) < 9 else 2) and (best is None or dist < best[0]):
                    best = (dist, city)
        self._near[name] = best[1] if best else None
        return self._near[name]

    def known_meeting(self, body: str, number: int | None) -> KnownMeeting | None:
        if number is None:
            return None
        return next((m for m in self.meetings.get(body, ()) if m.number == number), None)
