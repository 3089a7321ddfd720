"""Event rows merged into incidents: one incident per real-world happening, however many reports tell it.

**Compatible events.** Two event rows may report the same happening when

- their *families* match (``[families]`` of ``resources/corpus/incidents.toml``; a category not listed is a
  family of its own);
- their *dyads* match: for the undirected families (``[dyads] undirected``: ASSAULT, AGREE, CONSULT, ...) the
  unordered set of actor and recipient country codes, since outlets of either side tell a clash in opposite
  directions; for the other families the ordered pair (actor codes, recipient codes);
- their *dates* are close: the gap between their spans ``date_start..date_end`` is at most the larger of their
  tolerances (``[dates] tolerance_days``, e.g. a day ±1: a night clash straddles midnight). An event without a
  date, or with a precision too coarse to tell (month, year), is never merged automatically;
- their *places* are close: the haversine distance is at most the larger of the two tolerances by resolution
  (site 10 km, city 25, district 50, province 150); a country- or region-level or missing place puts no
  constraint;
- two rows of one event-level dataset (``[datasets] event_level``: ACLED, UCDP GED) are two events: such
  datasets have already merged their sources, so only reports (text events, GDELT) merge with their rows;
- within one article, they are merged only when ``[articles] merge_within`` says so (the default): the
  coder codes one clash several times in a report ("clashes", "killed", "the fighting"), and those are one
  happening; two clashes an article tells at different places or dates still stay apart.

**Partial dyads** (conservative). An event with one side unknown ("border posts came under fire from
Pakistani forces": only PAK) joins an incident of complete dyads when exactly one such incident whose dyad
contains its known side (in its role, for directed families) is compatible with *every* member of it; when
none or several are, it stays with the events of the same partial dyad. An event with no country code at all
is never merged automatically.

**Incidents.** Within a block (family and dyad) the rows are sorted by date and compared inside the date
window only (near-linear). Incidents are the connected components of compatibility, refined against
chaining (A~B, B~C, A≁C): a component whose members are not all pairwise compatible is split greedily, the
members taken in (date_start, date_end, id) order, each joining the first part whose every member it is
compatible with.
Every step sorts by the data, so the result does not depend on the order of the input.

**Windows.** The merge sweeps the rows in calendar windows (``[windows] days``, 28, from Monday 1970-01-05;
:class:`WindowedMerge`): each window's rows are merged with the groups carried from the window before, and a
group is carried on while one of its members ends within ``carry_days`` (at least the widest date tolerance)
of the next window, so an incident across a window's end is still one incident. Only a window's rows are in
memory at a time, which is what lets the store merge a backfill of any size. The rows a window carries are
decided again without the groups already final before them, so near a window's end the result can differ a
little from a merge of everything at once (docs/QUALITY.md measures it); the windows are fixed in the
calendar, so the result is still a function of the rows alone.

**Overrides.** An analyst's merge is a *must-link* between event ids, a split a *cannot-link* between the
parts (:meth:`Overrides.with_merge`, :meth:`Overrides.with_split`). A cannot-link pair is never in one
incident; a must-link pair counts as compatible, and the incidents of a must-linked pair in different blocks
are joined unless that would put a cannot-link pair together (must-links taken in sorted order). An incident
with a member named by any override is ``manual``.

**Incremental merging: the contract with the store.** :func:`block_key` gives each row its block. Merging
the rows of a set of blocks closed under :func:`affected_blocks` gives exactly the incidents those rows have
in a merge of the whole corpus. So when new rows arrive, the store computes ``affected_blocks(keys of the new
rows, every block key in the store, links=block keys of must-linked pairs)``, fetches the stored rows of those
blocks, merges them with the new rows, and replaces the incidents that contain any of those rows; every other
incident stays as it is. An incident's id hashes its smallest event id, so it is stable as reports arrive.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, NamedTuple

from flashpoint.corpus.rows import ArticleSource, EventRow, Incident, SourceFigure
from flashpoint.errors import ResourceError
from flashpoint.io.bundled import bundled_toml

Pair = tuple[str, str]
Kind = Literal["full", "partial", "none"]


class BlockKey(NamedTuple):
    """The block of a row: its family, and its dyad (for undirected families all codes in ``actors``)."""

    family: str
    directed: bool
    kind: Kind  # full: both sides known; partial: one side; none: no country code
    actors: tuple[str, ...]
    recipients: tuple[str, ...]

    def text(self) -> str:
        """One string for a database column: ``ASSAULT|u|full|AFG,PAK|`` (round-trips by :meth:`parse`)."""
        way = "d" if self.directed else "u"
        return f"{self.family}|{way}|{self.kind}|{','.join(self.actors)}|{','.join(self.recipients)}"

    @staticmethod
    def parse(text: str) -> BlockKey:
        family, way, kind, actors, recipients = text.split("|")
        if way not in ("u", "d") or kind not in ("full", "partial", "none"):
            raise ValueError(f"not a block key: {text!r}")
        k: Kind = "full" if kind == "full" else "partial" if kind == "partial" else "none"
        return BlockKey(family, way == "d", k, _codes(actors), _codes(recipients))


def _codes(text: str) -> tuple[str, ...]:
    return tuple(text.split(",")) if text else ()


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """The merge thresholds (``resources/corpus/incidents.toml``)."""

    families: Mapping[str, str] = field(default_factory=dict)
    undirected: frozenset[str] = frozenset()
    tolerance_days: Mapping[str, int] = field(default_factory=lambda: {"day": 1, "week": 2})
    never_merge: frozenset[str] = frozenset({"month", "year"})
    week_span_days: int = 7
    tolerance_km: Mapping[str, float] = field(default_factory=dict)
    unknown_km: float = 25.0
    unconstrained: frozenset[str] = frozenset({"country", "region"})
    place_order: tuple[str, ...] = ("site", "city", "district", "province", "country", "region")
    status_order: tuple[str, ...] = ("asserted", "alleged", "denied")
    affirming: frozenset[str] = frozenset({"asserted", "alleged"})
    gainsaying: frozenset[str] = frozenset({"denied", "disputed"})
    no_toll: frozenset[str] = frozenset({"denied", "negated", "hypothetical", "future"})
    merge_within_article: bool = True
    window_days: int = 28
    window_carry_days: int = 2
    event_level: frozenset[str] = frozenset({"acled", "ucdp"})

    def family(self, category: str) -> str:
        return self.families.get(category, category)


def parse_merge_settings(data: dict[str, Any]) -> MergeSettings:
    """Merge settings from a parsed ``incidents.toml``; a malformed table is a :class:`ResourceError`."""
    try:
        dates = data.get("dates", {})
        places = data.get("places", {})
        status = data.get("status", {})
        return MergeSettings(
            families={str(k): str(v) for k, v in data.get("families", {}).items()},
            undirected=frozenset(str(f) for f in data.get("dyads", {}).get("undirected", [])),
            tolerance_days={str(k): int(v) for k, v in dates["tolerance_days"].items()},
            never_merge=frozenset(str(p) for p in dates.get("never_merge", [])),
            week_span_days=int(dates.get("week_span_days", 7)),
            tolerance_km={str(k): float(v) for k, v in places["tolerance_km"].items()},
            unknown_km=float(places.get("unknown_km", 25)),
            unconstrained=frozenset(str(r) for r in places.get("unconstrained", [])),
            place_order=tuple(str(r) for r in places.get("order", [])),
            status_order=tuple(str(s) for s in status["order"]),
            affirming=frozenset(str(s) for s in status["affirming"]),
            gainsaying=frozenset(str(s) for s in status["gainsaying"]),
            no_toll=frozenset(str(s) for s in status.get("no_toll", [])),
            merge_within_article=bool(data.get("articles", {}).get("merge_within", True)),
            window_days=max(1, int(data.get("windows", {}).get("days", 28))),
            window_carry_days=max(0, int(data.get("windows", {}).get("carry_days", 2))),
            event_level=frozenset(
                str(o) for o in data.get("datasets", {}).get("event_level", ["acled", "ucdp"])
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResourceError(f"corpus/incidents.toml: missing or malformed entry: {exc}") from exc


@cache
def default_settings() -> MergeSettings:
    return parse_merge_settings(bundled_toml("corpus", "incidents.toml"))


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True, slots=True)
class Overrides:
    """Analysts' edits over event ids: a merge by hand is a must-link, a split a cannot-link."""

    must_link: frozenset[Pair] = frozenset()
    cannot_link: frozenset[Pair] = frozenset()

    def with_merge(self, event_ids: Iterable[str]) -> Overrides:
        """These events are one incident: must-links from the smallest id to each other one."""
        ids = sorted(set(event_ids))
        new = {_pair(ids[0], e) for e in ids[1:]} if ids else set()
        cannot = {p for p in self.cannot_link if not (p[0] in ids and p[1] in ids)}
        return Overrides(self.must_link | new, frozenset(cannot))

    def with_split(self, part_a: Iterable[str], part_b: Iterable[str]) -> Overrides:
        """These two parts are different incidents: cannot-links between them, their must-links dropped."""
        a, b = set(part_a), set(part_b)
        cross = {_pair(x, y) for x in a for y in b if x != y}
        return Overrides(self.must_link - cross, self.cannot_link | cross)

    def touched(self) -> frozenset[str]:
        return frozenset(e for p in self.must_link | self.cannot_link for e in p)


NO_OVERRIDES = Overrides()


def block_key(row: EventRow, settings: MergeSettings | None = None) -> BlockKey:
    """The block of ``row``: rows merge only within a block or blocks related by :func:`affected_blocks`."""
    s = settings or default_settings()
    family = s.family(row.category)
    actors, recipients = row.actor_codes, row.recipient_codes
    kind: Kind = "full" if actors and recipients else "partial" if actors or recipients else "none"
    if family in s.undirected:
        # "clashes between Pakistani and Afghan forces" names both sides as actors: a complete dyad
        codes = tuple(sorted(set(actors) | set(recipients)))
        kind = "full" if len(codes) >= 2 else "partial" if codes else "none"
        return BlockKey(family, False, kind, codes, ())
    return BlockKey(family, True, kind, actors, recipients)


def _contains(partial: BlockKey, full: BlockKey) -> bool:
    """Whether the dyad of a full block contains the known side of a partial block (in its role)."""
    if partial.family != full.family or partial.directed != full.directed:
        return False
    return set(partial.actors) <= set(full.actors) and set(partial.recipients) <= set(full.recipients)


def affected_blocks(
    keys: Iterable[BlockKey], universe: Iterable[BlockKey], links: Iterable[tuple[BlockKey, BlockKey]] = ()
) -> set[BlockKey]:
    """The blocks whose incidents may change when rows of ``keys`` are added: ``keys`` and everything related
    to them in ``universe`` (a partial block and every full block that contains it, transitively, plus the
    ``links`` of must-linked events). Merging the rows of these blocks reproduces the full merge for them."""
    everything = set(universe) | set(keys)
    adjacent: dict[BlockKey, set[BlockKey]] = defaultdict(set)
    for a, b in links:
        adjacent[a].add(b)
        adjacent[b].add(a)
    everything |= set(adjacent)
    partials = [k for k in everything if k.kind == "partial"]
    fulls = [k for k in everything if k.kind == "full"]
    by_code: dict[tuple[str, bool, str], list[BlockKey]] = defaultdict(list)
    for f in fulls:
        for code in {*f.actors, *f.recipients}:
            by_code[(f.family, f.directed, code)].append(f)
    for p in partials:
        code = (p.actors or p.recipients)[0]
        for f in by_code.get((p.family, p.directed, code), ()):
            if _contains(p, f):
                adjacent[p].add(f)
                adjacent[f].add(p)
    seen = set(keys)
    todo = list(seen)
    while todo:
        k = todo.pop()
        for n in adjacent.get(k, ()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


# --------------------------------------------------------------------------------------------------- events


@dataclass(slots=True)
class _Ev:
    row: EventRow
    key: BlockKey
    start: int | None  # date ordinals; None: never merged automatically
    end: int | None
    tol: int
    km: float | None  # None: no place constraint
    lat: float
    lon: float


def _prepare(row: EventRow, s: MergeSettings) -> _Ev:
    key = block_key(row, s)
    start = row.date_start or row.date_end
    end = row.date_end or start
    precision = row.date_precision
    if start is not None and end is not None and precision is None:
        span = (end - start).days
        precision = "day" if span == 0 else "week" if span <= s.week_span_days else "month"
    tol = s.tolerance_days.get(precision or "", -1)
    mergeable = start is not None and end is not None and tol >= 0 and precision not in s.never_merge
    km: float | None = None
    if row.lat is not None and row.lon is not None and row.place_resolution not in s.unconstrained:
        res = row.place_resolution
        km = s.unknown_km if res is None else s.tolerance_km.get(res)
    return _Ev(
        row,
        key,
        start.toordinal() if mergeable and start else None,
        end.toordinal() if mergeable and end else None,
        max(tol, 0),
        km,
        row.lat or 0.0,
        row.lon or 0.0,
    )


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _compatible(a: _Ev, b: _Ev, within_article: bool = True) -> bool:
    """The automatic rule for two events already known to be of one family and matching dyads."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return False
    if not within_article and a.row.article_id is not None and a.row.article_id == b.row.article_id:
        return False
    if max(a.start, b.start) - min(a.end, b.end) > max(a.tol, b.tol):
        return False
    if a.km is None or b.km is None:
        return True
    return _haversine_km(a.lat, a.lon, b.lat, b.lon) <= max(a.km, b.km)


def _start(e: _Ev) -> float:
    return math.inf if e.start is None else float(e.start)


def _end(e: _Ev) -> float:
    return math.inf if e.end is None else float(e.end)


def _sort_key(e: _Ev) -> tuple[int, int, str]:
    big = dt.date.max.toordinal() + 1
    return (big if e.start is None else e.start, big if e.end is None else e.end, e.row.id)


class _Merger:
    def __init__(self, evs: Sequence[_Ev], overrides: Overrides, s: MergeSettings) -> None:
        self.s = s
        self.must = {_pair(*p) for p in overrides.must_link}
        self.cannot = {_pair(*p) for p in overrides.cannot_link}
        self.must_ids = {e for p in self.must for e in p}
        self.max_tol = max(s.tolerance_days.values(), default=0)
        self.max_span = max(
            (e.end - e.start for e in evs if e.start is not None and e.end is not None), default=0
        )

    def ok(self, a: _Ev, b: _Ev) -> bool:
        p = _pair(a.row.id, b.row.id)
        if p in self.cannot:
            return False
        if p in self.must:
            return True
        if a.row.origin == b.row.origin and a.row.origin in self.s.event_level:
            return False  # a dataset that codes events, not reports: two of its rows are two events
        return _compatible(a, b, self.s.merge_within_article)

    def all_ok(self, e: _Ev, group: Iterable[_Ev]) -> bool:
        return all(self.ok(e, m) for m in group)

    def refine(self, members: list[_Ev]) -> list[list[_Ev]]:
        """Split a component into parts of pairwise compatible members: the members with a place constraint
        greedily in sorted order, each into the first part it fits; then those without one (no place, or a
        country) each into the one part it fits, or, when it fits none or several, into parts of their own.

        A part one of whose members ended more than the widest date tolerance before a member starts can
        take neither it nor any later one (members come in date order), so it is no longer tried: the result
        is the same as trying every part, and a dense history costs time in proportion to its length. Only
        an analyst's must-link can join events far apart in time; a component with one is refined the slow
        way, trying every part."""
        members = sorted(members, key=_sort_key)
        linked = bool(self.must) and any(m.row.id in self.must_ids for m in members)
        parts: list[list[_Ev]] = []
        min_end: list[float] = []  # per part: the earliest end of its members (inf for undated)
        max_start: list[float] = []
        vague: list[_Ev] = []
        open_parts: list[int] = []
        for m in members:
            if m.km is None:
                vague.append(m)
                continue
            placed = self._first_fit(m, parts, open_parts, min_end, linked)
            if placed is None:
                parts.append([m])
                min_end.append(_end(m))
                max_start.append(_start(m))
                open_parts.append(len(parts) - 1)
            else:
                parts[placed].append(m)
                min_end[placed] = min(min_end[placed], _end(m))
                max_start[placed] = max(max_start[placed], _start(m))
        placed_count = len(parts)
        order = sorted(range(placed_count), key=lambda i: min_end[i])
        dated = [i for i in order if min_end[i] != math.inf]
        # how far a part's earliest end may lie after its latest start (week-long dates)
        widest = max((min_end[i] - max_start[i] for i in dated), default=0.0)
        index = ([min_end[i] for i in dated], dated, max(widest, 0.0))
        homes = [
            self._own_report_first(v, self._fitting(v, parts, max_start, linked, index), parts) for v in vague
        ]
        left: list[_Ev] = []
        for v, fits in zip(vague, homes, strict=True):
            if len(fits) == 1 and self.all_ok(v, [w for w in parts[fits[0]] if w.km is None]):
                parts[fits[0]].append(v)
            else:
                left.append(v)
        vague_parts: list[list[_Ev]] = []
        vague_end: list[float] = []
        vague_open: list[int] = []
        for v in left:
            placed = self._first_fit(v, vague_parts, vague_open, vague_end, linked)
            if placed is None:
                vague_parts.append([v])
                vague_end.append(_end(v))
                vague_open.append(len(vague_parts) - 1)
            else:
                vague_parts[placed].append(v)
                vague_end[placed] = min(vague_end[placed], _end(v))
        return parts + vague_parts

    def _first_fit(
        self, m: _Ev, parts: list[list[_Ev]], open_parts: list[int], min_end: list[float], linked: bool
    ) -> int | None:
        """The first part (in creation order) that ``m`` fits, closing the parts too old for it."""
        if linked:
            return next((i for i, part in enumerate(parts) if self.all_ok(m, part)), None)
        if m.start is None:
            return None  # an undated event merges with nothing automatically
        still: list[int] = []
        found: int | None = None
        for i in open_parts:
            if min_end[i] + self.max_tol < m.start:
                continue  # closed for good: members come in date order
            still.append(i)
            if found is None and self.all_ok(m, parts[i]):
                found = i
        open_parts[:] = still
        return found

    def _fitting(
        self,
        v: _Ev,
        parts: list[list[_Ev]],
        max_start: list[float],
        linked: bool,
        index: tuple[list[float], list[int], float],
    ) -> list[int]:
        """The parts an unplaced event fits: only parts within its date window can, found by bisection in
        ``index`` (the dated parts' earliest ends, sorted; their positions; how far an earliest end may lie
        after the latest start of its part)."""
        if linked:
            return [i for i, p in enumerate(parts) if self.all_ok(v, p)]
        if v.start is None or v.end is None:
            return []
        ends, order, widest = index
        out = []
        k = bisect.bisect_left(ends, v.start - self.max_tol)
        while k < len(ends) and ends[k] <= v.end + self.max_tol + widest:
            i = order[k]
            if max_start[i] - self.max_tol <= v.end and self.all_ok(v, parts[i]):
                out.append(i)
            k += 1
        return sorted(out)

    def _own_report_first(self, v: _Ev, fits: list[int], parts: list[list[_Ev]]) -> list[int]:
        """Of the parts an unplaced event fits, the ones its own report places, when there are such."""
        if len(fits) < 2 or v.row.article_id is None:
            return fits
        own = [i for i in fits if any(m.row.article_id == v.row.article_id for m in parts[i])]
        return own or fits

    def block(self, evs: list[_Ev]) -> list[list[_Ev]]:
        """The incidents of one block: components of compatibility in the date window, then refined."""
        evs = sorted(evs, key=_sort_key)
        parent = list(range(len(evs)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, a in enumerate(evs):
            if a.start is None or a.end is None:
                continue
            limit = a.end + self.max_tol
            for j in range(i + 1, len(evs)):
                b = evs[j]
                if b.start is None or b.start > limit:
                    break
                if self.ok(a, b):
                    ri, rj = root(i), root(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
        comps: dict[int, list[_Ev]] = defaultdict(list)
        for i, e in enumerate(evs):
            comps[root(i)].append(e)
        out: list[list[_Ev]] = []
        for c in comps.values():
            out.extend(self.refine(c) if len(c) > 2 else [c])
        return out


def merge_incidents(
    events: Iterable[EventRow],
    sources: Mapping[str, ArticleSource],
    overrides: Overrides = NO_OVERRIDES,
    settings: MergeSettings | None = None,
) -> list[Incident]:
    """The incidents of ``events`` (see the module docstring for the rules), sorted by date then id.

    ``sources`` maps the article ids of text events to their publisher and copy group; a text event whose
    article is missing there counts by its own ``source``. Event ids must be unique."""
    s = settings or default_settings()
    rows = list(events)
    ids = [r.id for r in rows]
    if len(set(ids)) != len(ids):
        dup = sorted(i for i, n in Counter(ids).items() if n > 1)[0]
        raise ValueError(f"event id {dup!r} is given twice")
    by_window: dict[int | None, list[EventRow]] = defaultdict(list)
    for r in rows:
        by_window[window_index(r, s)].append(r)
    merge = WindowedMerge(s)
    groups: list[list[_Ev]] = []
    dated = sorted(w for w in by_window if w is not None)
    for w in dated:
        groups.extend(merge.feed_groups(w, by_window[w], overrides))
    groups.extend(merge.flush_groups(overrides))
    groups.extend(merge.undated_groups(by_window.get(None, []), overrides))
    groups = _apply_must_links(groups, _Merger([e for g in groups for e in g], overrides, s))
    touched = overrides.touched()
    incidents = [_incident([e.row for e in g], sources, s, touched) for g in groups]
    return sorted(incidents, key=lambda i: (i.date_start is None, i.date_start or dt.date.min, i.id))


#: The first day of window 0 (a Monday); windows are ``window_days`` long from there, before and after.
WINDOW_ORIGIN = dt.date(1970, 1, 5)


def window_index(row: EventRow, settings: MergeSettings | None = None) -> int | None:
    """The calendar window of a row's first date (None for a row without a date)."""
    s = settings or default_settings()
    day = row.date_start or row.date_end
    return None if day is None else (day - WINDOW_ORIGIN).days // s.window_days


def window_start(index: int, settings: MergeSettings | None = None) -> dt.date:
    s = settings or default_settings()
    return WINDOW_ORIGIN + dt.timedelta(days=index * s.window_days)


class WindowedMerge:
    """The merge as a sweep over calendar windows, so that only a window's rows are in memory at a time.

    Feed the rows of each window whose index is given, in increasing order (windows without rows may be
    skipped); each feed merges the window's rows with the *carried* groups of the window before and returns
    the groups that are final: a group is carried into the next window while one of its members, by its
    date and the widest tolerance, could still be compatible with a row of the next window (``open``). A
    carried group is merged again with the next window's rows, so an incident that straddles the end of a
    window is one incident. :meth:`flush` ends the dated rows; rows without a date are merged apart (they are
    never merged automatically). This IS the merge (:func:`merge_incidents` runs it over its rows): the
    result is a function of the rows alone, the same whether they come from memory or from the store
    window by window, and the same per block whatever other blocks are merged alongside.
    """

    def __init__(self, settings: MergeSettings | None = None) -> None:
        self.s = settings or default_settings()
        self.reach = max(max(self.s.tolerance_days.values(), default=0), self.s.window_carry_days)
        self.carry: list[_Ev] = []
        self.current: int | None = None  # the last window fed

    def carried_ids(self) -> list[str]:
        return [e.row.id for e in self.carry]

    def feed(
        self, index: int, rows: Sequence[EventRow], overrides: Overrides = NO_OVERRIDES
    ) -> list[list[EventRow]]:
        """The final groups after the rows of window ``index`` (as rows)."""
        return [[e.row for e in g] for g in self.feed_groups(index, rows, overrides)]

    def flush(self, overrides: Overrides = NO_OVERRIDES) -> list[list[EventRow]]:
        """The groups still carried after the last dated window."""
        return [[e.row for e in g] for g in self.flush_groups(overrides)]

    def undated(self, rows: Sequence[EventRow], overrides: Overrides = NO_OVERRIDES) -> list[list[EventRow]]:
        return [[e.row for e in g] for g in self.undated_groups(rows, overrides)]

    def feed_groups(
        self, index: int, rows: Sequence[EventRow], overrides: Overrides = NO_OVERRIDES
    ) -> list[list[_Ev]]:
        if self.current is not None and index <= self.current:
            raise ValueError(f"window {index} fed after window {self.current}")
        out: list[list[_Ev]] = []
        # windows skipped while groups are carried: the carried groups meet the empty windows as they would
        # in a sweep over every window (so the result does not depend on which windows another block fills)
        while self.carry and self.current is not None and self.current + 1 < index:
            out.extend(self._step(self.current + 1, [], overrides))
        out.extend(self._step(index, [_prepare(r, self.s) for r in rows], overrides))
        return out

    def flush_groups(self, overrides: Overrides = NO_OVERRIDES) -> list[list[_Ev]]:
        out: list[list[_Ev]] = []
        while self.carry and self.current is not None:
            out.extend(self._step(self.current + 1, [], overrides))
        return out

    def undated_groups(
        self, rows: Sequence[EventRow], overrides: Overrides = NO_OVERRIDES
    ) -> list[list[_Ev]]:
        evs = [_prepare(r, self.s) for r in rows]
        return _groups(evs, _Merger(evs, overrides, self.s)) if evs else []

    def _step(self, index: int, evs: list[_Ev], overrides: Overrides = NO_OVERRIDES) -> list[list[_Ev]]:
        self.current = index
        batch = self.carry + evs
        if not batch:
            return []
        next_start = (window_start(index + 1, self.s)).toordinal()
        final: list[list[_Ev]] = []
        carry: list[_Ev] = []
        for g in _groups(batch, _Merger(batch, overrides, self.s)):
            if any(e.end is not None and e.end + self.reach >= next_start for e in g):
                carry.extend(g)
            else:
                final.append(g)
        self.carry = carry
        return final


def _groups(evs: list[_Ev], m: _Merger) -> list[list[_Ev]]:
    """The groups of some rows before analysts' must-links across blocks are applied."""
    blocks: dict[BlockKey, list[_Ev]] = defaultdict(list)
    for e in evs:
        blocks[e.key].append(e)

    groups: list[list[_Ev]] = []
    # pass 1: blocks of complete dyads
    full_groups: dict[BlockKey, list[list[_Ev]]] = {}
    for key in sorted(k for k in blocks if k.kind == "full"):
        full_groups[key] = m.block(blocks[key])
    # pass 2: events of partial dyads join the one incident of complete dyads they fit, if there is one
    by_code: dict[tuple[str, bool, str], list[BlockKey]] = defaultdict(list)
    windows: dict[BlockKey, tuple[list[int], list[int]]] = {}
    for key, gs in full_groups.items():
        for code in {*key.actors, *key.recipients}:
            by_code[(key.family, key.directed, code)].append(key)
        dated = sorted(
            ((e.start, gi, e) for gi, g in enumerate(gs) for e in g if e.start is not None),
            key=lambda t: (t[0], _sort_key(t[2])),
        )
        windows[key] = ([t[0] for t in dated], [t[1] for t in dated])
    attached: dict[tuple[BlockKey, int], list[_Ev]] = defaultdict(list)
    pool: dict[BlockKey, list[_Ev]] = defaultdict(list)
    for key in sorted(k for k in blocks if k.kind == "partial"):
        code = (key.actors or key.recipients)[0]
        targets = [f for f in by_code.get((key.family, key.directed, code), ()) if _contains(key, f)]
        for p in blocks[key]:
            home = None if p.start is None else _the_one_fit(p, targets, windows, full_groups, m)
            if home is None:
                pool[key].append(p)
            else:
                attached[home].append(p)
    for key, gs in full_groups.items():
        for gi, g in enumerate(gs):
            for p in sorted(attached.get((key, gi), ()), key=_sort_key):
                if m.all_ok(p, g):
                    g.append(p)
                else:
                    pool[p.key].append(p)
            groups.append(g)
    # pass 3: the partial dyads left merge within their own block; no country code: alone
    for key in sorted(pool):
        groups.extend(m.block(pool[key]))
    for key in sorted(k for k in blocks if k.kind == "none"):
        groups.extend([e] for e in blocks[key])
    return groups


def _the_one_fit(
    p: _Ev,
    targets: list[BlockKey],
    windows: Mapping[BlockKey, tuple[list[int], list[int]]],
    full_groups: Mapping[BlockKey, list[list[_Ev]]],
    m: _Merger,
) -> tuple[BlockKey, int] | None:
    if p.start is None or p.end is None:
        return None
    lo, hi = p.start - m.max_tol - m.max_span, p.end + m.max_tol
    fits: set[tuple[BlockKey, int]] = set()
    for key in targets:
        starts, items = windows[key]
        seen: set[int] = set()
        for i in range(bisect.bisect_left(starts, lo), bisect.bisect_right(starts, hi)):
            gi = items[i]
            if gi in seen:
                continue
            seen.add(gi)
            if m.all_ok(p, full_groups[key][gi]):
                fits.add((key, gi))
                if len(fits) > 1:
                    return None
    return next(iter(fits)) if fits else None


def _apply_must_links(groups: list[list[_Ev]], m: _Merger) -> list[list[_Ev]]:
    if not m.must:
        return groups
    where: dict[str, int] = {e.row.id: gi for gi, g in enumerate(groups) for e in g}
    cannot: dict[str, set[str]] = defaultdict(set)
    for a, b in m.cannot:
        cannot[a].add(b)
        cannot[b].add(a)
    members: dict[int, set[str]] = {gi: {e.row.id for e in g} for gi, g in enumerate(groups)}
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in sorted(m.must):
        if a not in where or b not in where:
            continue
        ra, rb = root(where[a]), root(where[b])
        if ra == rb:
            continue
        small, large = sorted((members[ra], members[rb]), key=len)
        if any(cannot[x] & large for x in small):
            continue
        keep, drop = min(ra, rb), max(ra, rb)
        parent[drop] = keep
        members[keep] |= members.pop(drop)
    out: dict[int, list[_Ev]] = defaultdict(list)
    for gi, g in enumerate(groups):
        out[root(gi)].extend(g)
    return list(out.values())


# ------------------------------------------------------------------------------------------------ incidents


def incident_id(event_ids: Iterable[str]) -> str:
    """``inc-`` and 12 hex digits of the BLAKE2b hash of the smallest event id."""
    return "inc-" + hashlib.blake2b(min(event_ids).encode("utf-8"), digest_size=6).hexdigest()


def _source_labels(rows: list[EventRow], sources: Mapping[str, ArticleSource]) -> dict[str, str]:
    """Each row's independent source: near-copies of one story (a copy group with several articles among
    the rows) are the publisher of the group's original (the article named by ``copy_group``, else the
    earliest); otherwise the publisher (or the article id); imports are their origin and source column."""
    arts = {
        r.article_id: sources[r.article_id]
        for r in rows
        if r.origin == "text" and r.article_id is not None and r.article_id in sources
    }
    by_group: dict[str, list[ArticleSource]] = defaultdict(list)
    for a in arts.values():
        by_group[a.copy_group].append(a)
    group_label: dict[str, str] = {}
    for group, members in by_group.items():
        if len(members) > 1:
            first = min(
                members,
                key=lambda a: (
                    a.article_id != group,
                    a.published is None,
                    a.published or dt.date.min,
                    a.article_id,
                ),
            )
            group_label[group] = first.publisher or group
    labels: dict[str, str] = {}
    for r in rows:
        if r.origin != "text":
            labels[r.id] = f"{r.origin}:{r.source}" if r.source else r.origin
        elif r.article_id is not None and r.article_id in arts:
            a = arts[r.article_id]
            labels[r.id] = group_label.get(a.copy_group) or a.publisher or a.article_id
        else:
            labels[r.id] = r.source or r.article_id or r.id
    return labels


def incident_of_rows(
    rows: Sequence[EventRow],
    sources: Mapping[str, ArticleSource],
    settings: MergeSettings | None = None,
    touched: frozenset[str] = frozenset(),
) -> Incident:
    """The incident of one group of rows (``touched``: event ids an analyst's override names)."""
    return _incident(list(rows), sources, settings or default_settings(), touched)


def _has_figure(r: EventRow) -> bool:
    return r.fatalities_low is not None or r.fatalities_high is not None


def _incident(
    rows: list[EventRow], sources: Mapping[str, ArticleSource], s: MergeSettings, touched: frozenset[str]
) -> Incident:
    rows = sorted(rows, key=lambda r: r.id)
    labels = _source_labels(rows, sources)
    by_source: dict[str, list[EventRow]] = defaultdict(list)
    for r in rows:
        by_source[labels[r.id]].append(r)
    figures = [_source_figure(label, by_source[label], s) for label in sorted(by_source)]
    tolls = [
        f
        for f in figures
        if f.status not in s.no_toll and (f.fatalities_low, f.fatalities_high) != (None, None)
    ]
    lows = [f.fatalities_low if f.fatalities_low is not None else f.fatalities_high for f in tolls]
    highs = [f.fatalities_high if f.fatalities_high is not None else f.fatalities_low for f in tolls]
    articles = {r.article_id if r.origin == "text" and r.article_id else f"row:{r.id}" for r in rows}
    reported = [r.reported for r in rows if r.reported is not None]
    starts = [d for r in rows if (d := r.date_start or r.date_end) is not None]
    ends = [d for r in rows if (d := r.date_end or r.date_start) is not None]
    categories = Counter(r.category for r in rows)
    category = min(categories, key=lambda c: (-categories[c], c))
    actors, recipients = _direction(rows, labels)
    place = _finest_place(rows, s)
    return Incident(
        id=incident_id(r.id for r in rows),
        category=category,
        actor_codes=actors,
        recipient_codes=recipients,
        date_start=min(starts, default=None),
        date_end=max(ends, default=None),
        place_name=place.place_name if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        event_ids=tuple(r.id for r in rows),
        article_count=len(articles),
        source_count=len(by_source),
        fatalities_low=min((x for x in lows if x is not None), default=None),
        fatalities_high=max((x for x in highs if x is not None), default=None),
        figures=tuple(figures),
        first_reported=min(reported, default=None),
        last_reported=max(reported, default=None),
        status=_status(rows, labels, s),
        manual=any(r.id in touched for r in rows),
    )


def _source_figure(label: str, rows: list[EventRow], s: MergeSettings) -> SourceFigure:
    """One source's say: its latest report (article) that gives a figure, else its latest, and the toll that
    report gives for the incident.

    A report often gives several figures: "12 fighters killed" and "two soldiers were killed" (one per
    side), or the same toll in its headline and its body. Figures of events with the same recipients are the
    same count told again (the largest is kept); figures of different recipients add up; a figure with no
    recipient is a total, so the toll is the larger of it and the sum. An open figure ("at least 15") keeps
    its high end open (None). Figures of denied, negated, hypothetical or future events are not tolls."""
    report = max(rows, key=lambda r: (_has_figure(r), r.reported or dt.date.min, r.id))
    own = [r for r in rows if (r.article_id or r.id) == (report.article_id or report.id)]
    counted = [r for r in own if _has_figure(r) and r.status not in s.no_toll]
    if not counted:
        r = max(own, key=lambda r: (_has_figure(r), r.reported or dt.date.min, r.id))
        return SourceFigure(label, r.id, r.status, r.fatalities_low, r.fatalities_high, r.reported)
    sides: dict[tuple[tuple[str, str], ...], tuple[int, int | None]] = {}
    for r in counted:
        low = r.fatalities_low if r.fatalities_low is not None else r.fatalities_high or 0
        high = r.fatalities_high
        side = tuple(sorted({(p.code or "", p.sector or "") for p in r.recipients}))
        if side in sides:
            lo, hi = sides[side]
            high = None if hi is None or high is None else max(hi, high)
            low = max(lo, low)
        sides[side] = (low, high)
    total_low, total_high = sides.pop((), (0, 0))
    side_high = None if any(h is None for _, h in sides.values()) else sum(h or 0 for _, h in sides.values())
    low = max(total_low, sum(v[0] for v in sides.values()))
    high = None if total_high is None or side_high is None else max(total_high, side_high)
    top = max(counted, key=lambda r: (r.fatalities_high or r.fatalities_low or 0, r.id))
    return SourceFigure(label, top.id, top.status, low, high, top.reported)


def _direction(rows: list[EventRow], labels: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The direction most independent sources give (ties: the smallest); else the union of each side."""
    votes = Counter(
        {
            (labels[r.id], (r.actor_codes, r.recipient_codes))
            for r in rows
            if r.actor_codes and r.recipient_codes
        }
    )
    directions = Counter(d for _, d in votes)
    if directions:
        return min(directions, key=lambda d: (-directions[d], d))
    return (
        tuple(sorted({c for r in rows for c in r.actor_codes})),
        tuple(sorted({c for r in rows for c in r.recipient_codes})),
    )


def _finest_place(rows: list[EventRow], s: MergeSettings) -> EventRow | None:
    placed = [r for r in rows if r.place_name or (r.lat is not None and r.lon is not None)]
    if not placed:
        return None
    rank = {res: i for i, res in enumerate(s.place_order)}
    names = Counter(r.place_name for r in placed)
    return min(
        placed,
        key=lambda r: (
            rank.get(r.place_resolution or "", len(rank)),
            -names[r.place_name],
            r.place_name or "",
            r.id,
        ),
    )


def _status(rows: list[EventRow], labels: Mapping[str, str], s: MergeSettings) -> str:
    affirm = {labels[r.id] for r in rows if r.status in s.affirming}
    gainsay = {labels[r.id] for r in rows if r.status in s.gainsaying}
    if affirm and gainsay and (len(affirm | gainsay) > 1):
        return "contested"
    statuses = {r.status for r in rows}
    if "disputed" in statuses:
        return "disputed"
    rank = {st: i for i, st in enumerate(s.status_order)}
    return min(statuses, key=lambda st: (rank.get(st, len(rank)), st))
