"""Dates as press statements write them, resolved against the publication date.

Recognised: "28 August 2024", "November 12, 2014", "November, 29 2019", "May 18", "18th of May",
ranges "29-30 March", "18 and 19 May", "June 19 to 23", "from August 20 to 23", "30 May - 1 June
2023", month and year "November 2014", partial "in June of this year", "in August this year",
"in 2019", "in mid-2011", ISO "2023-05-18", and weekdays ("on Tuesday", "yesterday"). Weekdays and other relative
words are resolved by ``dateparser`` (languages fixed, nothing downloaded); a date without a
year takes the year that puts it nearest the publication date — after it when the sentence
speaks of the future.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MON = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
DAY = r"(\d{1,2})(?:st|nd|rd|th)?(?!\d)"
YEAR = r"((?:19|20)\d{2})(?!\d)"
SEP = r"\s*(?:-|–|—|to|until|till|through|and)\s*"
WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# (name, pattern); groups are read by _build below. Most specific first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(p))
    for name, p in [
        ("iso", r"\b(\d{4})[-/](\d{2})[-/](\d{2})\b"),
        ("dnum-dnum", r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\s*(?:-|–|—|to)\s*(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b"),
        ("dmy", rf"\b{DAY}-{MON}-{YEAR}"),
        ("dd-dnum", r"\b(\d{1,2})\s*[-–]\s*(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b"),
        ("dnum", r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b"),
        # "over 5 days (8-12/9)", as Vietnamese outlets write a span: days, then the month
        ("dd-dm", r"\((\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})\)"),
        ("dnum", r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b"),
        ("wd-dm", rf"\b(?:on\s+)?{WEEKDAY},?\s*\(\s*(\d{{1,2}})/(\d{{1,2}})\s*\)"),
        # "On the morning of 29/9", "on 29/9": day and month, as Vietnamese outlets write them
        ("on-dm", r"\b[Oo]n\s+(?:the\s+(?:morning|afternoon|evening)\s+of\s+)?(\d{1,2})/(\d{1,2})\b(?![/.]?\d)(?!\s+of\b)"),
        ("mnum-y", r"\b(?:in|since|from|until|by)\s+(\d{1,2})/((?:19|20)\d{2})\b"),  # "in 11/2020"
        ("dmy-dmy", rf"\b{DAY}\s+(?:of\s+)?{MON},?\s*(?:{YEAR})?{SEP}{DAY}\s+(?:of\s+)?{MON},?\s*(?:{YEAR})?"),
        ("mdy-mdy", rf"\b{MON}\s+{DAY},?\s*(?:{YEAR})?{SEP}{MON}\s+{DAY},?\s*(?:{YEAR})?"),
        # "26, 27 and 28 June 2024": the first and last of the days listed
        ("dd-my", rf"\b{DAY}(?:\s*,\s*\d{{1,2}}(?:st|nd|rd|th)?)+\s*,?\s*and\s+{DAY}\s+(?:of\s+)?{MON},?\s*(?:{YEAR})?"),
        # "the 26th to the 28th of June 2024"
        ("dd-my", rf"\b{DAY}{SEP}(?:the\s+)?{DAY}\s+(?:of\s+)?{MON},?\s*(?:{YEAR})?"),
        ("m-dd-y", rf"\b{MON}\s+{DAY}{SEP}{DAY},?\s*(?:{YEAR})?"),
        ("dmy", rf"\b{DAY}\s+(?:of\s+)?{MON},?\s*(?:{YEAR})?"),
        ("mdy", rf"\b{MON},?\s+{DAY},?\s*(?:{YEAR})?"),
        ("m-rel", rf"\b{MON}\s+(?:of\s+)?(this|next|last|the\s+same|the\s+following|the\s+previous)\s+year"),
        ("my", rf"\b{MON},?\s+(?:of\s+)?{YEAR}"),
        ("m", rf"\b(?:in|during|early|mid|late|end\s+of|since|by|until|from|for)\s+(?:early\s+|mid-?\s*|late\s+)?{MON}(?!\s*,?\s*\d)"),
        # "adopted at the 10th AMMTC in Kuala Lumpur last September": the latest such month
        ("last-m", rf"\b(?i:last)\s+{MON}(?!\s*,?\s*\d)"),
        ("y", rf"\b(?:in|during|since|of|from|until|by)\s+(?:(?:early|mid|late)\s*-?\s*)?{YEAR}(?!\s*[-–—/]\s*\d)"),
        # (a sentence may begin with it: "Last Friday, …", "Yesterday, …", "Last year, …")
        ("wd", rf"\b(?:((?i:last|this|next|on))\s+)?{WEEKDAY}\b"),
        ("rel", r"\b((?i:yesterday|today|tomorrow))\b"),
        # "Wang on the 22nd took part …", "On the morning of the 18th, …": a day of the month
        # the report is dated in (not "on the 18th ASEAN Summit": an ordinal)
        ("day", r"\b(?:on|of)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:,|\.|;|\(|took\b|was\b|were\b|at\b|in\b|by\b))"),
        ("rel-m", r"\b(?:(?i:later|earlier)\s+)?((?i:this|next|last))\s+month\b"),
        ("rel-w", r"\b(?:(?i:later|earlier)\s+)?((?i:this|next|last))\s+week\b"),
        ("rel-y", r"\b(?:(?i:later|earlier)\s+)?((?i:this|next|last))\s+year\b"),
    ]
]  # fmt: skip
_ANY = re.compile(
    r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT"
    r"|NOV|DEC|day\b|week\b|month\b|year\b|tomorrow"
)
_ASIDE = re.compile(
    r"\b(?:since|by|until|before|after|as\s+of|through"
    r"|(?:set\s+up|established|founded|formed|created|launched|adopted|signed|institutionali[sz]ed"
    r"|(?:took|taking|assumed|assuming)\s+office)\s+(?:in|on))\s*$",
    re.IGNORECASE,
)
#: "will last until", "runs through": how long the meeting itself goes on.
_RUNS_UNTIL = re.compile(
    r"\b(?:last|lasts|lasting|run|runs|running|continue|continues|continuing)\s+"
    r"(?:until|till|through)\s*$",
    re.IGNORECASE,
)
#: '"…," explained the head of the division, Inspector General X, on Thursday (23/8)': the day a
#: quotation was given, not a meeting's.
_QUOTED_ON = re.compile(
    r"[\"”][^\"”]{0,160}\b(?:said|says|explained|told|stated|added|noted|stressed|remarked)\b"
    # … but not '"…," the minister said at the 17th AMMTC, held on 21 August'
    r"(?:(?!\b(?:held|at|during|meeting|conference|summit|session|consultation)\b)[^\"”])*$",
    re.IGNORECASE,
)  # "since October 2015", "set up in 1981": not when the meeting took place
#: A relative date that dates the report, not the meeting: "the agency said on Monday".
_REPORTED = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|statement|release[ds]?"
    # "told reporters on Thursday", "speaking to journalists on Friday": a press briefing's day
    r"|(?:told|tell(?:ing)?|speaking\s+to|talking\s+to|briefed|briefing)\s+(?:the\s+)?"
    r"(?:reporters|journalists|newsmen|press|media))\s*$",
    re.IGNORECASE,
)

#: "began its preparations for the 41st Conference with a two-day meeting on 30 August": the day
#: of another, lesser event the sentence names, not the meeting's.
_OTHER_EVENT = re.compile(
    r"\b(?:with|after|following|through)\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}"
    r"(?:meeting|session|workshop|visit|ceremony|briefing)\s+(?:held\s+)?(?:on|in)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Spec:
    """A date as written: any part may be missing; ``rel_year`` is "this"/"next"/"last" year."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    rel_year: int | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    start: Spec
    end: Spec | None
    begin: int  # offsets in the sentence
    stop: int
    text: str
    aside: bool = False  # "since October 2015": not when a meeting took place
    relative: str | None = None  # "Tuesday", "last Friday", "yesterday": for dateparser


def _month(name: str | None) -> int | None:
    return _MONTHS.get(name[:3].lower()) if name else None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _rel(word: str) -> int:
    word = " ".join(word.split()).lower()
    return {"next": 1, "the following": 1, "last": -1, "the previous": -1}.get(word, 0)


def _build(name: str, g: tuple[str | None, ...]) -> tuple[Spec, Spec | None, str | None]:
    if name == "iso":
        return Spec(int(g[0] or 0), int(g[1] or 0), int(g[2] or 0)), None, None
    if name == "dnum":  # "(14/9/2021)": day first, as ASEAN writes it, unless it cannot be
        first, second = int(g[0] or 0), int(g[1] or 0)
        day, month = (second, first) if second > 12 >= first else (first, second)
        return Spec(int(g[2] or 0), month, day), None, None
    if name == "dnum-dnum":  # "08.07.2019 - 10.07.2019": day first
        return (
            Spec(int(g[2] or 0), int(g[1] or 0), int(g[0] or 0)),
            Spec(int(g[5] or 0), int(g[4] or 0), int(g[3] or 0)),
            None,
        )
    if name == "dd-dnum":  # "8-10/7/2019": days of one month, day first
        month, year = int(g[2] or 0), int(g[3] or 0)
        return Spec(year, month, int(g[0] or 0)), Spec(year, month, int(g[1] or 0)), None
    if name == "dd-dm":
        month = int(g[2] or 0)
        return Spec(None, month, int(g[0] or 0)), Spec(None, month, int(g[1] or 0)), None
    if name == "wd-dm":  # "on Thursday (7/7)", as Indonesian outlets date the day: day first
        return Spec(None, int(g[2] or 0), int(g[1] or 0)), None, None
    if name == "on-dm":
        return Spec(None, int(g[1] or 0), int(g[0] or 0)), None, None
    if name == "mnum-y":
        return Spec(int(g[1] or 0), int(g[0] or 0)), None, None
    if name == "dmy-dmy":
        y2 = _int(g[5])
        return (
            Spec(_int(g[2]) or y2, _month(g[1]), _int(g[0])),
            Spec(y2, _month(g[4]), _int(g[3])),
            None,
        )
    if name == "mdy-mdy":
        y2 = _int(g[5])
        return (
            Spec(_int(g[2]) or y2, _month(g[0]), _int(g[1])),
            Spec(y2, _month(g[3]), _int(g[4])),
            None,
        )
    if name == "dd-my":
        m, y = _month(g[2]), _int(g[3])
        return Spec(y, m, _int(g[0])), Spec(y, m, _int(g[1])), None
    if name == "m-dd-y":
        m, y = _month(g[0]), _int(g[3])
        return Spec(y, m, _int(g[1])), Spec(y, m, _int(g[2])), None
    if name == "dmy":
        return Spec(_int(g[2]), _month(g[1]), _int(g[0])), None, None
    if name == "mdy":
        return Spec(_int(g[2]), _month(g[0]), _int(g[1])), None, None
    if name == "m-rel":
        return Spec(None, _month(g[0]), None, _rel(g[1] or "")), None, None
    if name == "my":
        return Spec(_int(g[1]), _month(g[0])), None, None
    if name == "m":
        return Spec(None, _month(g[0])), None, None
    if name == "y":
        return Spec(_int(g[0])), None, None
    if name in {"rel-m", "rel-w", "rel-y"}:
        # "next month", "last week", "later this year": a period, kept at month or year precision
        return Spec(), None, f"{name}:{(g[0] or 'this').lower()}"
    if name == "day":
        return Spec(), None, f"day:{int(g[0] or 0)}"
    if name == "last-m":
        return Spec(), None, f"last-m:{_month(g[0])}"
    if name == "wd":
        lead = (g[0] or "").lower()
        return Spec(), None, " ".join(x for x in (lead if lead != "on" else None, g[1]) if x)
    return Spec(), None, (g[0] or "").lower() or None


def find_dates(text: str) -> list[DateMention]:
    """Every date expression in ``text`` (a sentence), left to right, without overlaps."""
    if not _ANY.search(text):
        return []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            b, e = m.span()
            if any(b < te and tb < e for tb, te in taken):
                continue
            try:
                start, end, relative = _build(name, m.groups())
            except (TypeError, ValueError):
                continue
            if start.month and not 1 <= start.month <= 12:
                continue
            lead = text[max(0, b - 24) : b]
            opening = re.match(r"(?:in|on)\s+", m.group(), re.IGNORECASE)
            if opening:  # the pattern took "in 1981" whole: "set up in 1981"
                lead += opening.group()
            aside = bool(_ASIDE.search(lead)) or m.group().lower().startswith(
                ("since", "by", "until")
            )
            if _RUNS_UNTIL.search(lead):
                aside = False  # "will run until 27 June": the meeting's own last day
            if relative and _REPORTED.search(text[max(0, b - 24) : b]):
                aside = True
            if _QUOTED_ON.search(text[:b]) or _OTHER_EVENT.search(text[max(0, b - 90) : b]):
                aside = True
            taken.append((b, e))
            found.append(DateMention(start, end, b, e, m.group(), aside, relative))
    return sorted(found, key=lambda d: d.begin)


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _pick_year(spec: Spec, ref: dt.date, future: bool) -> int:
    """The year (ref-1, ref, ref+1) that puts a month/day nearest ``ref``; not before it if
    the sentence speaks of the future, not after it (by more than a week) otherwise."""
    best: tuple[int, int] | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        day = _valid(y, spec.month or 1, spec.day or 1)
        if day is None:
            continue
        last = day if spec.day else _valid(y, spec.month or 12, 28) or day
        if future and last < ref - dt.timedelta(days=3):
            continue
        if not future and day > ref + dt.timedelta(days=7 if spec.day else 31):
            continue
        distance = abs((day - ref).days)
        if best is None or distance < best[0]:
            best = (distance, y)
    return best[1] if best else ref.year


@lru_cache(maxsize=512)
def _dateparser(phrase: str, ref: dt.date) -> dt.date | None:
    import dateparser  # type: ignore[import-untyped]

    settings = {
        "RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    found = dateparser.parse(phrase, languages=["en"], settings=settings)
    return found.date() if found else None


def _spec_str(spec: Spec, ref: dt.date | None, future: bool) -> str | None:
    year = spec.year
    if year is None and spec.rel_year is not None and ref is not None:
        year = ref.year + spec.rel_year
    if year is None and spec.month is not None and ref is not None:
        year = _pick_year(spec, ref, future)
    if year is None:
        return None
    if spec.month is None:
        return f"{year:04d}"
    if spec.day is None:
        return f"{year:04d}-{spec.month:02d}"
    if _valid(year, spec.month, spec.day) is None:
        return None
    return f"{year:04d}-{spec.month:02d}-{spec.day:02d}"


def _relative_period(phrase: str, ref: dt.date) -> str:
    """ "next month" → YYYY-MM, "last week" → the month it fell in, "this year" → YYYY."""
    kind, which = phrase.split(":")
    step = {"next": 1, "last": -1}.get(which, 0)
    if kind == "rel-y":
        return f"{ref.year + step:04d}"
    if kind == "rel-w":
        day = ref + dt.timedelta(days=7 * step)
        return f"{day.year:04d}-{day.month:02d}"
    month = ref.month - 1 + step
    return f"{ref.year + month // 12:04d}-{month % 12 + 1:02d}"


def _day_of_month(day: int, ref: dt.date, future: bool) -> dt.date | None:
    """The ``day``-th nearest ``ref``: in its month, or the month before (after, when the
    sentence speaks of the future) when that day has not come yet (has passed)."""
    here = _valid(ref.year, ref.month, day)
    if here is not None and (here <= ref + dt.timedelta(days=1)) != future:
        return here
    month = ref.month + (1 if future else -1)
    year = ref.year + (month > 12) - (month < 1)
    return _valid(year, (month - 1) % 12 + 1, day)


def resolve(
    mention: DateMention, ref: dt.date | None, *, future: bool = False
) -> tuple[str | None, str | None]:
    """(start, end) as ``YYYY[-MM[-DD]]`` strings; None where the text does not say."""
    if mention.relative:
        if ref is None:
            return None, None
        phrase = mention.relative
        if phrase.startswith("rel-"):
            return _relative_period(phrase, ref), None
        if phrase.startswith("last-m:"):
            # "last September": the latest September before the month of ``ref``
            month = int(phrase[7:])
            return f"{ref.year - (month >= ref.month):04d}-{month:02d}", None
        if phrase.startswith("day:"):
            day = _day_of_month(int(phrase[4:]), ref, future)
            return (day.isoformat(), day.isoformat()) if day else (None, None)
        names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        if phrase.lower() in names:
            # "on Tuesday": that day of the week, on or before ref — on or after it when the
            # sentence speaks of the future ("will meet on Thursday")
            if future:
                ahead = (names.index(phrase.lower()) - ref.weekday()) % 7
                weekday = ref + dt.timedelta(days=ahead)
            else:
                back = (ref.weekday() - names.index(phrase.lower())) % 7
                weekday = ref - dt.timedelta(days=back)
            return weekday.isoformat(), weekday.isoformat()
        if phrase.lower() == "tomorrow":
            after = ref + dt.timedelta(days=1)
            return after.isoformat(), after.isoformat()
        if phrase.lower().startswith("next "):
            day = _dateparser(phrase[5:], ref + dt.timedelta(days=7))
        else:
            day = _dateparser(phrase, ref)
        return (day.isoformat(), day.isoformat()) if day else (None, None)
    start = mention.start
    end = mention.end
    if end is not None:
        # A range shares what its other end states: "29-30 March 2018", "30 May - 1 June 2023".
        if start.month is None:
            start = Spec(start.year, end.month, start.day, start.rel_year)
        year = start.year or end.year
        if year is None and ref is not None:
            year = _pick_year(start, ref, future)
        if year is not None:
            end_year = end.year or year
            if (
                start.year is None
                and end.year is not None
                and (start.month or 0) > (end.month or 0)
            ):
                year = end_year - 1
            elif end.year is None and (start.month or 0) > (end.month or 0):
                end_year = year + 1
            start = Spec(year, start.month, start.day)
            end = Spec(end_year, end.month, end.day)
    s = _spec_str(start, ref, future)
    e = _spec_str(end, ref, future) if end is not None else None
    if s is not None and e is None and start.day is not None:
        e = s
    if s and e and e < s:
        e = None
    return s, e
