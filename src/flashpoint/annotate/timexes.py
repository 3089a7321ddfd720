"""Date expressions (timexes): found in the text, placed on the calendar against the publication date.

Three steps, all pure functions over the text (no spaCy):

1. :func:`detect_timexes` finds the expressions and what each one says (a :class:`DateSpec`), without an
   anchor. Cheap literal triggers (month and weekday names, "week", "day", four-digit years...) pick the
   few places where the full patterns of :mod:`flashpoint.annotate.timex_grammar` are tried. Overlaps
   are resolved longest first; ranges are joined ("from October 9 to 11", "between 2020 and 2022"); the
   clause around a calendar date or a weekday decides whether it looks forward (``future``).
2. :func:`infer_published` reads the publication date from the text when the metadata has none.
3. :func:`normalise_timexes` places every candidate against the publication date.

Conventions (the choices the records leave open):

- The text leaves out a leading preposition and a part of the day in front ("on Saturday", "late on
  Friday" -> "Saturday", "Friday"; "from October 9 to 11", "between Oct. 12 and 15" -> "October 9 to
  11", "Oct. 12 and 15"), but keeps "since" and "until" (their kind depends on them: "since 2022",
  "until Friday") and a part of the day after ("Saturday night", "yesterday evening").
- ``value`` names the smallest calendar unit that holds the expression, and the range narrows it:
  "mid-October" is month precision ``2025-10`` with range Oct 11-20; "early"/"the start of" a month is days
  1-10, "late"/"the end of" days 21 to the end, "the first week of November" Nov 1-7 (month precision);
  "early/mid/late 2024" are Jan-Apr/May-Aug/Sep-Dec at year precision, while "the start/end of the year"
  is January/December at month precision; the table is in ``timex.toml``.
- A yearless date ("August 30", "Oct. 12", "in March", "early November") is the most recent one not after
  publication, where a date or period that starts at most seven days after the publication date still
  counts as this year's (metadata dates are often a day late, and a report that meant last year's
  November a few days before November would say "last November"). In a forward-looking clause ("will
  meet on November 6", "talks scheduled for Nov. 6") it is the next one on or after publication.
  "last October" is the latest October that ended before publication, "next March" the first that starts
  after it, "this May" the publication year's.
- A weekday is the most recent one on or before publication (the publication weekday is the publication
  day), or the next one strictly after it in a forward-looking clause; "last Friday" is strictly before,
  "next Friday" / "this coming Friday" strictly after, "this Friday" the one in the publication week.
- Forward-looking: the nearest cue before the date in its sentence decides (else the first cue after
  it): "will", "would", "expected", "scheduled", "set to", "due to"... look forward; "said", "was",
  "had", "ago" and words in "-ed" look back, except a participle after a copula ("would remain closed",
  "will be held"); a verb of commitment with an infinitive nearer the date looks forward ("agreed ... to
  meet again on Thursday"). The cue lists are in ``timex.toml``.
- "last week", "this week", "next week" are ISO weeks (value ``2025-W43``, Monday to Sunday); "earlier
  this week/month/year" ends at publication, "later this ..." starts there. "the weekend", "last weekend",
  "this weekend" are Saturday-Sunday at week precision (value the ISO week of that Saturday): "last
  weekend" is the latest weekend that ended before publication, "this weekend" the current or coming
  one, "next weekend" the one after it, "the weekend" the latest (or, looking forward, the coming) one.
- "two days ago" is day precision, "three weeks ago" week, "a month ago" month, "a year ago" / "a decade
  ago" year (kind ``duration_ago``); "48 hours ago" counts whole days.
- "the previous day", "the day before", "a day later", "two days earlier", "the following week", "the
  same day", "earlier in the week" count from the nearest preceding day-precision date in the text
  (within 600 characters; a "since" date counts from its start); with none, the backward-looking ones
  (and "earlier/later in the week") count from the publication date and the forward-looking ones have
  no value.
- "since X": value of X, range from the start of X to the publication date (to the end of X when the
  publication date is unknown). "until/till/through/up to X": value of X, range from the publication
  date (or the start of X, if earlier) to the end of X. Ranges ("October 9-10", "Monday to Wednesday",
  "2024-25"): the value and precision of the first end, the range over both ends; a yearless second end
  is the first such date on or after the first end. "Oct. 11 and 12" gives two points ("Oct. 11",
  "12"); after "between" it is one range.
- Not emitted: vague spans ("in recent weeks", "the past few days", "in the coming days"), seasons and
  decades ("summer 2025", "the 1990s"), times and durations ("at 3 pm", "for two weeks", "48-hour
  ceasefire"), "9/11", counts ("2,000", "2025 people"), dates relative to an event ("the day before the
  talks"); bare years and bare month names only count after a context word ("in 2025", "since March",
  "the 2021 takeover") so "the Aurat March" and "2025 people" do not.
- Without a publication date, dates with a year still get values; relative and yearless expressions get
  ``value=None`` and ``anchored=True``.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from flashpoint.annotate.timex_grammar import REACH, Grammar, Lexicon, grammar
from flashpoint.records import Precision, Timex, TimexKind

SpecForm = Literal["calendar", "weekday", "relative", "ago", "reference"]
Unit = Literal["hour", "day", "week", "weekend", "fortnight", "month", "year", "decade"]
Shift = Literal["last", "this", "next"]

#: A yearless date or period starting this many days after the publication date still counts as not after it.
SLACK_DAYS = 7
#: "the previous day" counts from a day-precision date at most this many characters before it.
REFERENCE_WINDOW = 600
#: How far back (and forward) the future/past cues of a clause are looked for.
CUE_WINDOW = 160
#: Window for the dateline and top-of-article rules of :func:`infer_published`.
_TOP_CHARS = 2000

_FAMILY_RANK = {"month": 0, "year": 1, "weekday": 2, "relative": 3}
_SHIFTS: dict[str, Shift] = {
    "last": "last",
    "this past": "last",
    "this": "this",
    "next": "next",
    "this coming": "next",
    "coming": "next",
}
_FIXED_DAYS = {
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
}
_BACKWARD = frozenset({"previous", "preceding", "before", "earlier"})
_PREV_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\s+$")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_NEXT_TOKEN = re.compile(r"\s*(?:([^\w\s])|([^\W\d_]+)|$)")
_SENTENCE_BREAK = re.compile(r"[.!?;\n](?:(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[;\n]))")
_CUE_TOKEN = re.compile(r"[A-Za-z]+|['’]ll")
_WORDS = re.compile(r"[^\W\d_]+")
_DATELINE_PLACE = re.compile(
    r"\s*[A-Z][\w'’.\-]*(?:[ /][A-Z][\w'’.\-]*){0,3}(?:\s*,\s*[A-Z][\w'’.\-]*){0,2}\s*[,:]?\s*"
)
_DATELINE_AFTER = re.compile(r"\s*(?:\([^()\n]{1,40}\))?\s*[-–—:]")
_DATELINE_AGENCY = re.compile(r"\s*\([^()\n]{1,40}\)\s*[-–—:]")


@dataclass(frozen=True, slots=True)
class DateSpec:
    """What an expression says, before it is placed on the calendar.

    ``calendar``: year/month/day as written (any may be missing), ``year_end`` for "2024-25", ``shift`` for
    "last October", ``part`` for "mid-October"; ``weekday``: ``weekday`` (0 is Monday) and ``shift``;
    ``relative``: ``unit`` with ``shift`` ("last week") or a day ``offset`` ("yesterday" is -1), and
    ``part``; ``ago``: ``offset`` units before publication; ``reference``: ``offset`` units from the
    previous date in the text ("the day before" is day -1).
    """

    form: SpecForm
    year: int | None = None
    year_end: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    unit: Unit | None = None
    offset: int = 0
    shift: Shift | None = None
    part: str | None = None

    @property
    def explicit(self) -> bool:
        """True when the expression names its own year (its value does not need an anchor)."""
        return self.form == "calendar" and self.year is not None


@dataclass(frozen=True, slots=True)
class TimexCandidate:
    """A date expression found in the text, with what it says but no anchor yet.

    ``future`` says the clause around it looks forward; it is only computed where it matters (calendar
    dates and weekdays and "the weekend") and is always False for "since".
    """

    start: int
    end: int
    text: str
    kind: TimexKind
    spec: DateSpec
    last: DateSpec | None = None  # the other end of a range
    future: bool = False


@dataclass(frozen=True, slots=True)
class _Core:
    """An expression as a family pattern found it, before joining, leads and cues."""

    start: int
    end: int
    spec: DateSpec
    last: DateSpec | None = None
    pair: tuple[int, int] | None = None  # "Oct. 11 and 12": end of the first date, start of the second
    rank: int = 0


@dataclass(frozen=True, slots=True)
class _Span:
    lo: dt.date
    hi: dt.date
    precision: Precision
    anchored: bool = False


# -- detection -------------------------------------------------------------------------------------------


def detect_timexes(text: str) -> list[TimexCandidate]:
    """Every date expression of ``text`` in text order, with its offsets and parsed structure."""
    g = grammar()
    cores: list[_Core] = []
    cores += _month_cores(text, g)
    cores += _year_cores(text, g)
    cores += _weekday_cores(text, g)
    cores += _relative_cores(text, g)
    joined = _join_ranges(text, _without_overlaps(cores), g)
    out: list[TimexCandidate] = []
    for core in joined:
        out.extend(_finish(text, core, g))
    return out


def _matches(text: str, family: str, g: Grammar) -> Iterator[re.Match[str]]:
    """Matches of a family's expression pattern that contain one of its triggers.

    For each trigger, the pattern is tried (anchored) at the starts of the words just before it, leftmost
    first; the first match that reaches the trigger is the expression. A trigger inside the previous
    match is skipped. This keeps the costly pattern off the text that has no trigger.
    """
    reach = REACH[family]
    expr = g.expressions[family]
    starts = g.starts[family]
    seen = -1
    for t in g.triggers[family].finditer(text):
        p = t.start()
        if p < seen or (p > 0 and text[p - 1].isalpha()):  # inside a match, or inside a word ("Sunday")
            continue
        for w in starts.finditer(text, max(0, p - reach), t.end()):
            m = expr.match(text, w.start())
            if m is not None and m.end() > p:
                seen = m.end()
                yield m
                break


def _prev_word(text: str, start: int) -> str | None:
    m = _PREV_WORD.search(text, max(0, start - 24), start)
    return m.group(1).lower() if m else None


def _next_word(text: str, end: int) -> str | None:
    m = _NEXT_WORD.match(text, end)
    return m.group(1) if m else None


def _day_number(raw: str) -> int:
    return int(raw.rstrip("stndrhSTNDRH"))


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if day is None:
        return True
    last = calendar.monthrange(year, month)[1] if year is not None else (29 if month == 2 else 31)
    return 1 <= day <= last


def _part(lex: Lexicon, raw: str | None) -> str | None:
    return lex.part_phrases.get(" ".join(raw.lower().split())) if raw else None


def _chained(text: str, last_end: int, start: int, g: Grammar) -> bool:
    return 0 <= last_end < start and g.chain_gap.fullmatch(text, last_end, start) is not None


def _month_cores(text: str, g: Grammar) -> list[_Core]:
    lex = g.lexicon
    rank = _FAMILY_RANK["month"]
    out: list[_Core] = []
    last_end = -1
    for m in _matches(text, "month", g):
        core: _Core | None = None
        alternative = m.lastgroup
        if alternative == "A":
            core = _day_pair(text, m, lex, "a", day_first=True)
        elif alternative == "B":
            core = _day_pair(text, m, lex, "b", day_first=False)
        elif alternative == "C":
            spec = DateSpec("calendar", year=int(m.group("cy")), month=_month(lex, m.group("cm")))
            core = _Core(m.start(), m.end(), spec)
        elif alternative == "D":
            year = int(m.group("dy")) if m.group("dy") else None
            spec = DateSpec(
                "calendar", year=year, month=_month(lex, m.group("dm")), part=_part(lex, m.group("dp"))
            )
            core = _Core(m.start(), m.end(), spec)
        elif alternative == "E":
            spec = DateSpec(
                "calendar", month=_month(lex, m.group("em")), shift=_SHIFTS[m.group("es").lower()]
            )
            core = _Core(m.start(), m.end(), spec)
        elif (
            _prev_word(text, m.start()) in lex.month_before
            or text.startswith(("'s", "’s"), m.end())
            or _chained(text, last_end, m.start(), g)
        ):
            core = _Core(m.start(), m.end(), DateSpec("calendar", month=_month(lex, m.group("fm"))))
        if core is not None:
            out.append(replace(core, rank=rank))
            last_end = core.end
    return out


def _month(lex: Lexicon, raw: str) -> int:
    return lex.months[raw.rstrip(".").lower()]


def _day_pair(text: str, m: re.Match[str], lex: Lexicon, tag: str, *, day_first: bool) -> _Core | None:
    """A core from a day-month or month-day match, with its range or "and" pair when valid."""
    month = _month(lex, m.group(tag + "m"))
    year = int(m.group(tag + "y")) if m.group(tag + "y") else None
    d1 = _day_number(m.group(tag + "d1"))
    first = DateSpec("calendar", year=year, month=month, day=d1)
    if m.group(tag + "d2") is None:
        return _Core(m.start(), m.end(), first) if _valid(year, month, d1) else None
    d2 = _day_number(m.group(tag + "d2"))
    second = replace(first, day=d2)
    is_and = m.group(tag + "j").strip().lower() in {"and", "&"}
    ok = d1 < d2 and _valid(year, month, d1) and _valid(year, month, d2)
    if ok and is_and and not day_first and year is None:
        ok = _pair_follows(text, m.end(), lex)
    if ok:
        pair = (m.end(tag + "d1"), m.start(tag + "d2")) if is_and else None
        return _Core(m.start(), m.end(), first, last=second, pair=pair)
    # not a pair: keep the date that carries the month
    if day_first:
        return _Core(m.start(tag + "d2"), m.end(), second) if _valid(year, month, d2) else None
    return _Core(m.start(), m.end(tag + "d1"), replace(first, year=None)) if _valid(None, month, d1) else None


def _pair_follows(text: str, end: int, lex: Lexicon) -> bool:
    """After "October 9 and 11": punctuation, the end, or a function word (not "people")."""
    m = _NEXT_TOKEN.match(text, end)
    if m is None or m.group(2) is None:
        return True
    return m.group(2).lower() in lex.pair_followers


def _year_cores(text: str, g: Grammar) -> list[_Core]:
    lex = g.lexicon
    rank = _FAMILY_RANK["year"]
    out: list[_Core] = []
    last_end = -1
    for m in _matches(text, "year", g):
        spec: DateSpec | None = None
        start, end = m.start(), m.end()
        alternative = m.lastgroup
        if alternative == "yi":
            y, mo, d = int(m.group("yiy")), int(m.group("yim")), int(m.group("yid"))
            spec = DateSpec("calendar", year=y, month=mo, day=d) if _valid(y, mo, d) else None
        elif alternative == "yn":
            d, mo, y = int(m.group("ynd")), int(m.group("ynm")), int(m.group("yny"))
            if mo > 12 >= d:  # day first unless impossible
                d, mo = mo, d
            spec = (
                DateSpec("calendar", year=y, month=mo, day=d) if 1 <= mo <= 12 and _valid(y, mo, d) else None
            )
        elif alternative == "yp":
            spec = DateSpec("calendar", year=int(m.group("ypy")), part=_part(lex, m.group("ypp")))
        elif alternative == "yt":
            spec = DateSpec("calendar", year=int(m.group("yty")))
        elif alternative == "yr":
            y1 = int(m.group("yr1"))
            y2 = _year_end(y1, m.group("yr2") or m.group("yr3"))
            if y2 is not None:
                spec = DateSpec("calendar", year=y1, year_end=y2)
            else:
                end = m.end("yr1")
                if _bare_year_ok(text, start, end, last_end, g):
                    spec = DateSpec("calendar", year=y1)
        elif _bare_year_ok(text, start, end, last_end, g):
            spec = DateSpec("calendar", year=int(m.group("yby")))
        if spec is not None:
            out.append(_Core(start, end, spec, rank=rank))
            last_end = end
    return out


def _year_end(first: int, raw: str) -> int | None:
    """The second year of "2024-25" / "2022-2024", or None when it is not a later year."""
    if len(raw) == 2:
        end = first - first % 100 + int(raw)
        if end <= first:
            end += 100
    else:
        end = int(raw)
    return end if first < end <= first + 50 else None


def _bare_year_ok(text: str, start: int, end: int, last_end: int, g: Grammar) -> bool:
    """A four-digit number is a year after a context word ("in 2025"), not before a count noun."""
    lex = g.lexicon
    nxt = _next_word(text, end)
    low = nxt.lower() if nxt else None
    if low in lex.count_nouns:
        return False
    if text.startswith(("'s", "’s"), end):
        return True
    prev = _prev_word(text, start)
    if prev in lex.year_before or _chained(text, last_end, start, g):
        return True
    return prev == "the" and nxt is not None  # "the 2021 takeover"


def _weekday_cores(text: str, g: Grammar) -> list[_Core]:
    lex = g.lexicon
    rank = _FAMILY_RANK["weekday"]
    out: list[_Core] = []
    for m in _matches(text, "weekday", g):
        shift = _SHIFTS[" ".join(m.group("ws").lower().split())] if m.group("ws") else None
        if shift is None and m.group("wp") is None and _prev_word(text, m.start()) in lex.weekday_not_after:
            continue
        if m.group("wt") is None:
            nxt = _next_word(text, m.end())
            if nxt is not None and nxt.lower() in lex.weekday_not_before:
                continue
        spec = DateSpec("weekday", weekday=lex.weekdays[m.group("wd").lower()], shift=shift)
        # "late on Friday" is "Friday": the part of the day before the name is left out
        start = m.start() if m.group("wp") is None else m.start("ws") if m.group("ws") else m.start("wd")
        out.append(_Core(start, m.end(), spec, rank=rank))
    return out


def _count(lex: Lexicon, raw: str) -> int:
    return int(raw) if raw.isdigit() else lex.numbers[raw.lower()]


def _relative_cores(text: str, g: Grammar) -> list[_Core]:
    lex = g.lexicon
    rank = _FAMILY_RANK["relative"]
    out: list[_Core] = []
    for m in _matches(text, "relative", g):
        spec: DateSpec | None = None
        alternative = m.lastgroup
        if alternative == "rf":
            offset = _FIXED_DAYS[" ".join(m.group("rfw").lower().split())]
            spec = DateSpec("relative", unit="day", offset=offset)
        elif alternative == "rt":
            offset = -1 if m.group("rt").lower().startswith("last") else 0
            spec = DateSpec("relative", unit="day", offset=offset)
        elif alternative == "ra":
            n = _count(lex, m.group("ran"))
            if n > 0:
                spec = DateSpec("ago", unit=_unit(m.group("rau")), offset=n)
        elif alternative == "rr1":
            sign = -1 if m.group("rr1a").lower() in _BACKWARD else 1
            spec = DateSpec("reference", unit=_unit(m.group("rr1u")), offset=sign)
        elif alternative == "rr2":
            word = m.group("rr2a").lower()
            if word in {"earlier", "later"} or _reference_follows(text, m.end(), lex):
                sign = -1 if word in _BACKWARD else 1
                spec = DateSpec("reference", unit=_unit(m.group("rr2u")), offset=sign)
        elif alternative == "rr3":
            word = m.group("rr3a").lower()
            n = _count(lex, m.group("rr3n"))
            if n > 0 and (word in {"earlier", "later"} or _reference_follows(text, m.end(), lex)):
                sign = -1 if word in _BACKWARD else 1
                spec = DateSpec("reference", unit=_unit(m.group("rr3u")), offset=sign * n)
        elif alternative == "rr4":
            spec = DateSpec("reference", unit="day", offset=0)
        elif alternative == "rl":
            if _prev_word(text, m.start()) != "the":  # "the last week" is a span, not a calendar week
                unit = _unit(m.group("rlu"))
                raw_part = m.group("rlp").lower() if m.group("rlp") else None
                part = raw_part if raw_part in {"earlier", "later"} else _part(lex, raw_part)
                shift = _SHIFTS[" ".join(m.group("rls").lower().split())]
                spec = DateSpec("relative", unit=unit, shift=shift, part=None if unit == "weekend" else part)
        elif alternative == "rp":
            shift = _SHIFTS[m.group("rps").lower()] if m.group("rps") else "this"
            spec = DateSpec(
                "relative", unit=_unit(m.group("rpu")), shift=shift, part=_part(lex, m.group("rpp"))
            )
        elif alternative == "rw":
            spec = DateSpec("relative", unit="weekend")
        elif alternative == "ri":  # "earlier in the week": the week of the date the text is telling about
            part = m.group("rip").lower()
            spec = DateSpec("reference", unit=_unit(m.group("riu")), offset=0, part=part)
        if spec is not None:
            out.append(_Core(m.start(), m.end(), spec, rank=rank))
    return out


def _unit(raw: str) -> Unit:
    units: dict[str, Unit] = {
        "hour": "hour",
        "day": "day",
        "week": "week",
        "weekend": "weekend",
        "fortnight": "fortnight",
        "month": "month",
        "year": "year",
        "decade": "decade",
    }
    return units[raw.lower()]


def _reference_follows(text: str, end: int, lex: Lexicon) -> bool:
    """ "the day before" stands alone (punctuation or a function word follows), not "the day before X"."""
    m = _NEXT_TOKEN.match(text, end)
    if m is None or m.group(2) is None:
        return True
    return m.group(2).lower() in lex.reference_followers


def _without_overlaps(cores: list[_Core]) -> list[_Core]:
    """Keep the longest of overlapping cores (then the earliest, then the family order), in text order."""
    starts: list[int] = []
    kept: list[_Core] = []
    for c in sorted(cores, key=lambda c: (c.start - c.end, c.start, c.rank)):
        i = bisect.bisect_left(starts, c.start)
        if i > 0 and kept[i - 1].end > c.start:
            continue
        if i < len(kept) and kept[i].start < c.end:
            continue
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept


def _lead(text: str, start: int, g: Grammar) -> tuple[str, int] | None:
    """The kind-setting word right before ``start`` ("since", "until", "from", "between") and its offset."""
    m = g.lead.search(text, max(0, start - 16), start)
    if m is None:
        return None
    return " ".join(m.group("lead").lower().split()), m.start("lead")


def _join_ranges(text: str, cores: list[_Core], g: Grammar) -> list[_Core]:
    """Join two adjacent cores into a range: "from X to Y", "between X and Y", "X - Y", "X to Y"."""
    out: list[_Core] = []
    i = 0
    while i < len(cores):
        a = cores[i]
        if i + 1 < len(cores):
            b = cores[i + 1]
            joined = _joined(text, a, b, g)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _joined(text: str, a: _Core, b: _Core, g: Grammar) -> _Core | None:
    if a.last is not None or b.last is not None:
        return None
    gap = g.join_gap.fullmatch(text, a.end, b.start)
    if gap is None:
        return None
    joiner = gap.group("j").lower()
    lead = _lead(text, a.start, g)
    word = lead[0] if lead else None
    forms = {a.spec.form, b.spec.form}
    datelike = forms <= {"calendar", "weekday"}
    if joiner in {"and", "&"}:
        ok = word == "between" and datelike
    elif word in {"from", "between"}:
        ok = datelike or a.spec.form == b.spec.form
    else:
        ok = forms == {"calendar"} and word is None
    if not ok:
        return None
    first = a.spec
    if (
        first.form == "calendar"
        and first.year is None
        and b.spec.form == "calendar"
        and b.spec.year is not None
    ):
        if first.month is not None and b.spec.month is not None and first.month > b.spec.month:
            first = replace(first, year=b.spec.year - 1)
        else:
            first = replace(first, year=b.spec.year)
    return _Core(a.start, b.end, first, last=b.spec, rank=a.rank)


def _finish(text: str, core: _Core, g: Grammar) -> list[TimexCandidate]:
    """Apply the lead word, split "and" pairs, and read the clause's direction."""
    lead = _lead(text, core.start, g)
    word, lead_start = lead if lead is not None else (None, core.start)
    if core.pair is not None and word != "between":
        first_end, second_start = core.pair
        assert core.last is not None
        return [
            _candidate(text, core.start, first_end, "point", core.spec, None, g),
            _candidate(text, second_start, core.end, "point", core.last, None, g),
        ]
    if core.last is not None or core.spec.year_end is not None:
        return [_candidate(text, core.start, core.end, "range", core.spec, core.last, g)]
    if word in {"since", "ever since"}:
        return [_candidate(text, lead_start, core.end, "since", core.spec, None, g)]
    if word in {"until", "till", "through", "up until", "up to"}:
        return [_candidate(text, lead_start, core.end, "until", core.spec, None, g)]
    kind: TimexKind = "duration_ago" if core.spec.form == "ago" else "point"
    return [_candidate(text, core.start, core.end, kind, core.spec, None, g)]


def _candidate(
    text: str, start: int, end: int, kind: TimexKind, spec: DateSpec, last: DateSpec | None, g: Grammar
) -> TimexCandidate:
    directed = spec.form in {"calendar", "weekday"} or spec.unit == "weekend"
    future = directed and kind != "since" and _looks_forward(text, start, end, g)
    return TimexCandidate(start, end, text[start:end], kind, spec, last, future)


def _looks_forward(text: str, start: int, end: int, g: Grammar) -> bool:
    """The nearest cue before the expression in its sentence (else the first after it) is a future cue."""
    lo = max(0, start - CUE_WINDOW)
    for br in _SENTENCE_BREAK.finditer(text, lo, min(len(text), start + 2)):
        if br.end() <= start:
            lo = br.end()
    before = _cue(_CUE_TOKEN.findall(text, lo, start), g, backwards=True)
    if before is not None:
        return before
    hi = min(len(text), end + CUE_WINDOW)
    stop = _SENTENCE_BREAK.search(text, end, hi)
    return _cue(_CUE_TOKEN.findall(text, end, stop.start() if stop else hi), g, backwards=False) is True


def _cue(words: list[str], g: Grammar, *, backwards: bool) -> bool | None:
    """True at the first future cue, False at the first past cue (reading ``backwards`` or forwards).

    A word in "-ed" is a past cue unless it is a participle after a copula ("would remain closed"); a
    verb of commitment is a future cue when an infinitive stands between it and the date ("agreed ...
    to meet again on Thursday").
    """
    lex = g.lexicon
    n = len(words)
    infinitive = False
    for i in range(n - 1, -1, -1) if backwards else range(n):
        w = words[i]
        if w in g.future_words or (i + 1 < n and (w, words[i + 1]) in g.future_pairs):
            return True
        if backwards and infinitive and w in lex.commitments:
            return True
        if w in g.past_words:
            return False
        if (
            len(w) > 4
            and w.islower()
            and w.endswith(lex.past_suffixes)
            and not (i > 0 and words[i - 1] in lex.copulas)
        ):
            return False
        if w == "to" and i + 1 < n and words[i + 1].islower() and words[i + 1] not in lex.not_infinitive:
            infinitive = True
    return None


# -- the publication date --------------------------------------------------------------------------------


def infer_published(text: str, candidates: Sequence[TimexCandidate]) -> tuple[dt.date | None, str]:
    """The publication date as the text gives it, with a one-line reason (None when nothing is usable).

    In order: a "Published/Posted on:" line; a dateline ("ISLAMABAD, Oct 26 (Reuters) -", "KABUL,
    October 26 —", "Peshawar, Oct 26:"); a date alone on a line near the top; an "Updated:" line; else
    the latest explicit date (with its year) that is not in a forward-looking clause. A yearless dateline
    takes the latest year the text states outside forward-looking clauses and "since" phrases, or one or
    two years later when that puts the dateline on the weekday its first sentence reports ("PARACHINAR,
    Oct 28 - ... officials said on Tuesday" in a text that names 2024: Oct 28 is a Tuesday in 2025).
    """
    g = grammar()
    days = [
        c
        for c in candidates
        if c.kind == "point"
        and c.spec.form == "calendar"
        and c.spec.month is not None
        and c.spec.day is not None
    ]
    # "since 1990" starts a period that runs to the present: its year says little about the present one
    years = [
        c.spec.year
        for c in candidates
        if c.spec.explicit and c.spec.year is not None and not c.future and c.kind != "since"
    ]
    text_year = max(years) if years else None

    def on(c: TimexCandidate) -> tuple[dt.date | None, str]:
        spec = c.spec
        assert spec.month is not None
        assert spec.day is not None
        year, note = spec.year, ""
        if year is None and text_year is not None:
            year, note = text_year, f" and the year {text_year} in the text"
            lead = _lead_weekday(text, c, candidates)
            fit = _fitting_year(spec.month, spec.day, text_year, lead.spec.weekday) if lead else None
            if lead is not None and fit is not None and fit != text_year:
                year = fit
                note = f" in {fit}: the text names {text_year}, and {fit} fits {_quote(lead.text)} after it"
        if year is None or not _valid(year, spec.month, spec.day):
            return None, ""
        return dt.date(year, spec.month, spec.day), note

    yearless: TimexCandidate | None = None
    rules: list[tuple[str, list[TimexCandidate]]] = [
        ("published", [c for c in days if _labelled(text, c, g.published_label)]),
        ("dateline", [c for c in days if c.start < _TOP_CHARS and _is_dateline(text, c)]),
        ("top", [c for c in days if c.start < _TOP_CHARS and _alone_near_top(text, c, g)]),
        ("updated", [c for c in days if _labelled(text, c, g.updated_label)]),
    ]
    for rule, found in rules:
        for c in found:
            day, note = on(c)
            if day is None:
                yearless = yearless or c
                continue
            if rule in {"published", "updated"}:
                return day, f"read from the line {_quote(_line(text, c))}{note}"
            if rule == "dateline":
                return day, f"inferred from the dateline {_quote(c.text)}{note}"
            return day, f"inferred from the date line {_quote(c.text)} at the top{note}"
    explicit = [
        (day, c)
        for c in candidates
        if not c.future and c.kind in {"point", "range"}
        for spec in (c.spec, c.last)
        if spec is not None and (day := _explicit_day(spec)) is not None
    ]
    if explicit:
        day, c = max(explicit, key=lambda p: (p[0], -p[1].start))
        return day, f"inferred from the latest date in the text, {_quote(c.text)}"
    if yearless is not None:
        return None, f"the date {_quote(yearless.text)} has no year and the text gives none"
    return None, "no dateline, publication line or explicit date in the text"


def _explicit_day(spec: DateSpec) -> dt.date | None:
    """The day a calendar spec names with its year, month and day."""
    if spec.form != "calendar" or spec.year is None or spec.month is None or spec.day is None:
        return None
    return dt.date(spec.year, spec.month, spec.day) if _valid(spec.year, spec.month, spec.day) else None


def _lead_weekday(
    text: str, c: TimexCandidate, candidates: Sequence[TimexCandidate]
) -> TimexCandidate | None:
    """The first plain weekday of the sentence that a dateline opens ("... said on Tuesday")."""
    stop = _SENTENCE_BREAK.search(text, c.end, min(len(text), c.end + 600))
    end = stop.start() if stop else c.end + 600
    for other in candidates:
        if c.end <= other.start < end and other.spec.form == "weekday" and other.spec.shift is None:
            return None if other.future else other
    return None


def _fitting_year(month: int, day: int, base: int, weekday: int | None) -> int | None:
    """The year from ``base`` to ``base + 2`` in which month/day falls on ``weekday`` (the reporting day),
    else on the day after it (the event was the day before); explicit years in news are rarely the
    current year, whose dates are written without one."""
    if weekday is None:
        return None
    for after in (0, 1):
        for year in range(base, base + 3):
            if _valid(year, month, day) and dt.date(year, month, day).weekday() == (weekday + after) % 7:
                return year
    return None


def _line(text: str, c: TimexCandidate) -> str:
    lo = text.rfind("\n", 0, c.start) + 1
    hi = text.find("\n", c.end)
    return text[lo : hi if hi >= 0 else len(text)].strip()


def _quote(s: str) -> str:
    s = " ".join(s.split())
    return "'" + (s if len(s) <= 80 else s[:77] + "...") + "'"


def _labelled(text: str, c: TimexCandidate, label: re.Pattern[str]) -> bool:
    lo = text.rfind("\n", 0, c.start) + 1
    return label.search(text, max(lo, c.start - 80), c.start) is not None


def _is_dateline(text: str, c: TimexCandidate) -> bool:
    lo = text.rfind("\n", 0, c.start) + 1
    if lo == c.start or not text[lo : c.start].strip():
        return _DATELINE_AGENCY.match(text, c.end) is not None
    return (
        _DATELINE_PLACE.fullmatch(text, lo, c.start) is not None
        and _DATELINE_AFTER.match(text, c.end) is not None
    )


def _alone_near_top(text: str, c: TimexCandidate, g: Grammar) -> bool:
    """The date is on one of the first eight lines, unlabelled, with at most three other words beside it."""
    if text.count("\n", 0, c.start) > 8 or _labelled(text, c, g.updated_label):
        return False
    line = _line(text, c)
    if len(line) > 200:
        return False
    return len(_WORDS.findall(line)) - len(_WORDS.findall(c.text)) <= 3


# -- normalisation ---------------------------------------------------------------------------------------


def normalise_timexes(
    candidates: Sequence[TimexCandidate], published: dt.date | None, text: str
) -> tuple[Timex, ...]:
    """Place each candidate on the calendar against ``published`` (None: only explicit dates get values)."""
    lex = grammar().lexicon
    out: list[Timex] = []
    ref: tuple[int, dt.date, bool] | None = (
        None  # end offset, day and anchoring of the last day-precision date
    )
    for c in sorted(candidates, key=lambda c: c.start):
        if text[c.start : c.end] != c.text:
            raise ValueError(f"timex candidate {c.text!r} at {c.start} does not slice the given text")
        base = ref if ref is not None and c.start - ref[0] <= REFERENCE_WINDOW else None
        span = _resolve(c.spec, published, c.future, base, lex)
        if span is None:
            out.append(Timex(c.start, c.end, c.text, None, None, None, None, c.kind, True))
            continue
        lo, hi, anchored = span.lo, span.hi, span.anchored
        if c.kind == "since":
            hi = published if published is not None and published >= lo else span.hi
        elif c.kind == "until":
            lo = min(published, span.lo) if published is not None else span.lo
        elif c.kind == "range" and c.last is not None:
            end = _resolve(c.last, published, c.future, base, lex, after=span.lo)
            if end is None:
                out.append(Timex(c.start, c.end, c.text, None, None, None, None, c.kind, True))
                continue
            hi, anchored = max(span.hi, end.hi), anchored or end.anchored
        out.append(Timex(c.start, c.end, c.text, _value(span), span.precision, lo, hi, c.kind, anchored))
        if span.precision == "day":  # the date that "the previous day" or "a week later" count from
            ref = (c.end, lo if c.kind == "since" else hi, anchored)
    return tuple(out)


def find_timexes(text: str, published: dt.date | None) -> tuple[Timex, ...]:
    """Detect and normalise every date expression of ``text``."""
    return normalise_timexes(detect_timexes(text), published, text)


def _value(span: _Span) -> str:
    lo = span.lo
    if span.precision == "day":
        return lo.isoformat()
    if span.precision == "week":
        year, week, _ = lo.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if span.precision == "month":
        return f"{lo.year:04d}-{lo.month:02d}"
    return f"{lo.year:04d}"


def _resolve(
    spec: DateSpec,
    published: dt.date | None,
    future: bool,
    ref: tuple[int, dt.date, bool] | None,
    lex: Lexicon,
    after: dt.date | None = None,
) -> _Span | None:
    """The period ``spec`` denotes; ``after`` places a yearless range end on or after the range start."""
    try:
        if spec.form == "calendar":
            if spec.year is not None:
                return _calendar_span(lex, spec.year, spec.month, spec.day, spec.part, spec.year_end)
            anchor = after or published
            if anchor is None or spec.month is None:
                return None
            return _yearless(
                lex, spec, anchor, "after" if after else spec.shift or ("future" if future else "past")
            )
        if spec.form == "weekday":
            anchor = after or published
            if anchor is None or spec.weekday is None:
                return None
            if after is not None:
                day = after + dt.timedelta(days=(spec.weekday - after.weekday()) % 7)
            else:
                day = _weekday(anchor, spec.weekday, spec.shift, future)
            return _Span(day, day, "day", True)
        if spec.form == "reference":
            return _reference(lex, spec, published, ref)
        if published is None:
            return None
        if spec.form == "ago":
            return _ago(lex, spec, published)
        return _relative(lex, spec, published, future)
    except (ValueError, OverflowError):  # a date outside the calendar (year 1 or 9999)
        return None


def _dom(x: int, last: int) -> int:
    return min(max(x if x > 0 else last + x, 1), last)


def _month_span(lex: Lexicon, year: int, month: int, part: str | None) -> _Span:
    last = calendar.monthrange(year, month)[1]
    lo, hi = 1, last
    rng = lex.month_parts.get(part) if part else None
    if rng is not None:
        lo, hi = _dom(rng[0], last), _dom(rng[1], last)
    return _Span(dt.date(year, month, lo), dt.date(year, month, hi), "month")


def _year_span(lex: Lexicon, year: int, part: str | None, year_end: int | None = None) -> _Span:
    lo, hi = 1, 12
    rng = lex.year_parts.get(part) if part else None
    if rng is not None:
        lo, hi = rng
        if lo == hi and year_end is None:  # "the end of the year" is December
            return _month_span(lex, year, lo, None)
    end_year = year_end or year
    return _Span(dt.date(year, lo, 1), dt.date(end_year, hi, calendar.monthrange(end_year, hi)[1]), "year")


def _calendar_span(
    lex: Lexicon, year: int, month: int | None, day: int | None, part: str | None, year_end: int | None
) -> _Span | None:
    if month is None:
        return _year_span(lex, year, part, year_end)
    if day is None:
        return _month_span(lex, year, month, part)
    if not _valid(year, month, day):
        return None
    d = dt.date(year, month, day)
    return _Span(d, d, "day")


def _yearless(lex: Lexicon, spec: DateSpec, anchor: dt.date, mode: str) -> _Span | None:
    """A month or month-day without a year, placed by ``mode`` relative to ``anchor``."""
    width = 4 if spec.month == 2 and spec.day == 29 else 1
    spans = [
        s
        for y in range(anchor.year - width, anchor.year + width + 1)
        if (s := _calendar_span(lex, y, spec.month, spec.day, spec.part, None)) is not None
    ]
    chosen: _Span | None = None
    if mode == "past":
        limit = anchor + dt.timedelta(days=SLACK_DAYS)
        chosen = next((s for s in reversed(spans) if s.lo <= limit), None)
    elif mode in {"future", "after"}:
        chosen = next((s for s in spans if s.hi >= anchor), None)
    elif mode == "last":
        chosen = next((s for s in reversed(spans) if s.hi < anchor), None)
    elif mode == "next":
        chosen = next((s for s in spans if s.lo > anchor), None)
    else:  # this
        chosen = next((s for s in spans if s.lo.year == anchor.year), None)
    return replace(chosen, anchored=True) if chosen is not None else None


def _weekday(anchor: dt.date, weekday: int, shift: Shift | None, future: bool) -> dt.date:
    aw = anchor.weekday()
    if shift == "this":
        return anchor + dt.timedelta(days=weekday - aw)
    if shift == "next" or (shift is None and future):
        return anchor + dt.timedelta(days=(weekday - aw) % 7 or 7)
    back = (aw - weekday) % 7
    if shift == "last" and back == 0:
        back = 7
    return anchor - dt.timedelta(days=back)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


_SHIFT_BY = {"last": -1, "this": 0, "next": 1}


def _relative(lex: Lexicon, spec: DateSpec, pub: dt.date, future: bool) -> _Span | None:
    by = _SHIFT_BY[spec.shift] if spec.shift else 0
    if spec.unit == "day":
        d = pub + dt.timedelta(days=spec.offset)
        return _Span(d, d, "day", True)
    if spec.unit == "weekend":
        sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)  # latest Saturday on or before pub
        on_weekend = pub.weekday() >= 5
        if spec.shift == "last":
            sat -= dt.timedelta(days=7 if on_weekend else 0)
        elif spec.shift in {"this", "next"} or future:
            sat += dt.timedelta(days=0 if on_weekend else 7)
            if spec.shift == "next":
                sat += dt.timedelta(days=7)
        return _Span(sat, sat + dt.timedelta(days=1), "week", True)
    if spec.unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=by)
        lo, hi = monday, monday + dt.timedelta(days=6)
        rng = lex.week_parts.get(spec.part) if spec.part else None
        if rng is not None:
            lo, hi = monday + dt.timedelta(days=rng[0] - 1), monday + dt.timedelta(days=rng[1] - 1)
        span = _Span(lo, hi, "week", True)
    elif spec.unit == "month":
        y, m = _shift_month(pub.year, pub.month, by)
        span = replace(_month_span(lex, y, m, spec.part), anchored=True)
    elif spec.unit == "year":
        span = replace(_year_span(lex, pub.year + by, spec.part), anchored=True)
    else:
        return None
    if spec.part == "earlier" and span.lo <= pub <= span.hi:
        return replace(span, hi=pub)
    if spec.part == "later" and span.lo <= pub <= span.hi:
        return replace(span, lo=pub)
    return span


def _units_from(lex: Lexicon, base: dt.date, unit: Unit | None, n: int) -> _Span | None:
    """The day, ISO week, month or year ``n`` units from ``base`` (negative ``n``: before)."""
    if unit in {"day", "hour"}:
        d = base + dt.timedelta(days=n // 24 if unit == "hour" else n)
        return _Span(d, d, "day")
    if unit in {"week", "fortnight"}:
        d = base + dt.timedelta(weeks=n * (2 if unit == "fortnight" else 1))
        monday = d - dt.timedelta(days=d.weekday())
        return _Span(monday, monday + dt.timedelta(days=6), "week")
    if unit == "month":
        y, m = _shift_month(base.year, base.month, n)
        return _month_span(lex, y, m, None)
    if unit in {"year", "decade"}:
        return _year_span(lex, base.year + n * (10 if unit == "decade" else 1), None)
    return None


def _ago(lex: Lexicon, spec: DateSpec, pub: dt.date) -> _Span | None:
    n = spec.offset
    if spec.unit == "hour":  # "48 hours ago" -> two days before
        d = pub - dt.timedelta(days=n // 24)
        return _Span(d, d, "day", True)
    span = _units_from(lex, pub, spec.unit, -n)
    return replace(span, anchored=True) if span is not None else None


def _reference(
    lex: Lexicon, spec: DateSpec, pub: dt.date | None, ref: tuple[int, dt.date, bool] | None
) -> _Span | None:
    if ref is not None:
        base, anchored = ref[1], ref[2]
    elif pub is not None and (spec.offset < 0 or spec.part in {"earlier", "later"}):
        base, anchored = pub, True
    else:
        return None
    span = _units_from(lex, base, spec.unit, spec.offset)
    if span is None:
        return None
    if spec.part == "earlier" and span.lo <= base <= span.hi:
        span = replace(span, hi=base)
    elif spec.part == "later" and span.lo <= base <= span.hi:
        span = replace(span, lo=base)
    return replace(span, anchored=anchored)
