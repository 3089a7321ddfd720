"""The situation board of a dyad as of a date: talks, ceasefire, borders, displacement, casualties, claims.

Every line of the board names the incidents it rests on and the evidence (event, article, character offsets,
text) of each: an analyst can always open what a line says. Pure functions over the dyad's events and
incidents (:mod:`flashpoint.workflows.dyad` reads them from the store); the rules' thresholds are data in
``resources/dyad/situation.toml``.

Who belongs where:

- **talks**: CONSULT incidents with both sides; third parties in them (or named as mediating) are the
  mediators; an AGREE of the dyad within ``outcome_days`` is the outcome; a CONSULT reported as ``future``
  and dated after the as-of date is the next round announced;
- **ceasefire**: the latest RETREAT with mode ``ceasefire`` (or an AGREE whose text is about a ceasefire or
  truce) with both sides; each side's pledges about it (with their conditions); every ASSAULT incident of the
  dyad dated after it is a reported violation; the state is ``broken``, ``strained`` or ``holding`` by the
  rules in the data file;
- **borders**: closures (COERCE ``restrict``/``blockade`` at a named place) and reopenings (CONCEDE) by either
  side, one line per place, latest first;
- **displacement**: deportations, expulsions and forced returns (COERCE ``deport``/``expel``) by either side,
  with the counts they give, as ranges with their sources and period;
- **casualties**: the fatality range of the dyad's ASSAULT incidents over the last 7, 30 and 90 days, with
  each source's own total;
- **claims**: accusations between the sides with the denials that answer them; the latest threats and demands.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from flashpoint.corpus.rows import EventRow, Incident
from flashpoint.dyad.timeline import in_dyad
from flashpoint.errors import ResourceError
from flashpoint.io.bundled import bundled_toml


@dataclass(frozen=True, slots=True)
class Evidence:
    """The text a line rests on: ``text == article.text[start:end]`` for text events."""

    event_id: str
    incident_id: str | None
    article_id: str | None
    source: str | None
    date: str | None
    status: str
    text: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class BoardLine:
    """One statement of the board, with the incidents and the evidence behind it."""

    kind: str
    date: dt.date | None
    summary: str
    incidents: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class CasualtyWindow:
    days: int
    incidents: int
    low: int
    high: int
    by_source: tuple[tuple[str, int, int], ...]  # (source, low, high) summed over the window's incidents


@dataclass(frozen=True, slots=True)
class Situation:
    dyad: tuple[str, str]
    as_of: dt.date
    talks: tuple[BoardLine, ...]
    next_talks: BoardLine | None
    mediators: tuple[str, ...]
    ceasefire_state: str  # none, holding, strained, broken
    ceasefire: BoardLine | None
    pledges: tuple[BoardLine, ...]
    violations: tuple[BoardLine, ...]
    borders: tuple[BoardLine, ...]
    displacement: tuple[BoardLine, ...]
    casualties: tuple[CasualtyWindow, ...]
    claims: tuple[BoardLine, ...]
    threats: tuple[BoardLine, ...]
    demands: tuple[BoardLine, ...]


@dataclass(frozen=True, slots=True)
class BoardRules:
    outcome_days: int = 3
    windows: tuple[int, ...] = (7, 30, 90)
    broken_violations: int = 3
    broken_dead: int = 5
    latest: int = 5
    ceasefire_words: tuple[str, ...] = ("ceasefire", "cease-fire", "truce", "armistice")
    closure_modes: tuple[str, ...] = ("restrict", "blockade")
    displacement_modes: tuple[str, ...] = ("deport", "expel")
    displacement_types: tuple[str, ...] = ("displaced", "other", "arrested")
    off_record: tuple[str, ...] = ("negated", "hypothetical", "future")


@cache
def default_rules() -> BoardRules:
    data = bundled_toml("dyad", "situation.toml")
    try:
        t = data["board"]
        return BoardRules(
            outcome_days=int(t["outcome_days"]),
            windows=tuple(int(w) for w in t["casualty_windows"]),
            broken_violations=int(t["broken_violations"]),
            broken_dead=int(t["broken_dead"]),
            latest=int(t["latest"]),
            ceasefire_words=tuple(str(w) for w in t["ceasefire_words"]),
            closure_modes=tuple(str(m) for m in t["closure_modes"]),
            displacement_modes=tuple(str(m) for m in t["displacement_modes"]),
            displacement_types=tuple(str(m) for m in t["displacement_types"]),
            off_record=tuple(str(s) for s in t["off_record"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"dyad/situation.toml: missing or malformed entry: {exc}") from exc


#: "for pedestrians only", "only for trade", "for returning refugees": whom a partial reopening is for.
_FOR_WHOM = re.compile(
    r"\b(?:only\s+)?for\s+[a-z-]+"
    r"(?:\s+(?!and\b|or\b|on\b|in\b|at\b|after\b|from\b|since\b|until\b|only\b)[a-z-]+){0,2}(?:\s+only)?",
    re.I,
)


def evidence(e: EventRow, incident: str | None) -> Evidence:
    return Evidence(e.id, incident, e.article_id, e.source, e.date, e.status, e.event_text, e.start, e.end)


def _codes(e: EventRow) -> set[str]:
    return set(e.actor_codes) | set(e.recipient_codes)


def _names(parties: Iterable[Any]) -> str:
    out = []
    parties = list(parties)
    if any(p.code for p in parties):
        parties = [p for p in parties if p.code]
    for p in parties:
        label = " ".join(x for x in (p.code, p.sector) if x)
        out.append(label or p.text)
    return ", ".join(dict.fromkeys(out)) or "?"


def _day(e: EventRow) -> dt.date | None:
    return e.date_start or e.reported


def _range(low: int, high: int) -> str:
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


class _Board:
    def __init__(
        self,
        dyad: tuple[str, str],
        incidents: Sequence[Incident],
        events: Sequence[EventRow],
        as_of: dt.date,
        rules: BoardRules,
    ) -> None:
        self.dyad = dyad
        self.sides = set(dyad)
        self.as_of = as_of
        self.r = rules
        self.incidents = {i.id: i for i in incidents}
        self.incident_of: dict[str, str] = {e: i.id for i in incidents for e in i.event_ids}
        # what the board may know as of the date: reported by then
        self.events = [e for e in events if e.reported is None or e.reported <= as_of]
        self.by_incident: dict[str, list[EventRow]] = defaultdict(list)
        for e in self.events:
            inc = self.incident_of.get(e.id)
            if inc is not None:
                self.by_incident[inc].append(e)

    def line(self, kind: str, date: dt.date | None, summary: str, evs: Sequence[EventRow]) -> BoardLine:
        incs = tuple(dict.fromkeys(i for e in evs if (i := self.incident_of.get(e.id)) is not None))
        return BoardLine(
            kind, date, summary, incs, tuple(evidence(e, self.incident_of.get(e.id)) for e in evs)
        )

    def on_record(self, e: EventRow) -> bool:
        return e.status not in self.r.off_record

    def both(self, e: EventRow) -> bool:
        return in_dyad(_codes(e), self.dyad) or self.sides <= _codes(e)

    def mentions_ceasefire(self, e: EventRow) -> bool:
        text = f"{e.trigger or ''} {e.event_text or ''} {e.comment or ''}".lower()
        return any(w in text for w in self.r.ceasefire_words)

    # -- talks ----------------------------------------------------------------------------------------
    def talks(self) -> tuple[tuple[BoardLine, ...], BoardLine | None, tuple[str, ...]]:
        rounds: dict[str, list[EventRow]] = defaultdict(list)
        upcoming: list[EventRow] = []
        mediators: set[str] = set()
        for e in self.events:
            if e.category != "CONSULT" or not self.both(e):
                continue
            day = _day(e)
            if e.status == "future":
                if e.date_start is None or e.date_start > self.as_of or (day and day >= self.as_of):
                    upcoming.append(e)
                continue
            if not self.on_record(e) or day is None or day > self.as_of:
                continue
            rounds[self.incident_of.get(e.id, e.id)].append(e)
        for e in self.events:
            trig = (e.trigger or "").lower()
            if trig.startswith(("mediat", "broker", "host", "facilitat")) and e.category in (
                "CONSULT",
                "MEDIATE",
            ):
                mediators |= set(e.actor_codes) - self.sides
        for evs in rounds.values():
            for e in evs:
                mediators |= set(e.actor_codes) - self.sides
        agreements = [e for e in self.events if e.category == "AGREE" and self.both(e) and self.on_record(e)]
        lines = []
        for evs in sorted(rounds.values(), key=lambda v: (min(_day(e) or self.as_of for e in v), v[0].id)):
            day = min(_day(e) or self.as_of for e in evs)
            place = next((e.place_name for e in evs if e.place_name), None)
            third = sorted({c for e in evs for c in e.actor_codes} - self.sides)
            outcome = [
                a
                for a in agreements
                if (d := _day(a)) is not None and abs((d - day).days) <= self.r.outcome_days
            ]
            summary = f"talks on {day.isoformat()}" + (f" in {place}" if place else "")
            if third:
                summary += f" with {', '.join(third)}"
            if outcome:
                summary += (
                    f"; outcome: {outcome[0].trigger or 'agreement'} ({(outcome[0].event_text or '')[:90]})"
                )
            lines.append(self.line("round", day, summary, [*evs, *outcome[:1]]))
        nxt = None
        if upcoming:
            e = min(upcoming, key=lambda x: (x.date_start or dt.date.max, x.id))
            when = e.date if e.date_start and e.date_start >= self.as_of else "date not given"
            where = f" in {e.place_name}" if e.place_name else ""
            nxt = self.line("next round", e.date_start, f"next round announced: {when}{where}", [e])
        return tuple(lines), nxt, tuple(sorted(mediators))

    # -- ceasefire ----------------------------------------------------------------------------------------
    def ceasefire(self) -> tuple[str, BoardLine | None, tuple[BoardLine, ...], tuple[BoardLine, ...]]:
        agreed = [
            e
            for e in self.events
            if self.on_record(e)
            and self.both(e)
            and (
                (e.category == "RETREAT" and e.mode == "ceasefire")
                or (e.category == "AGREE" and self.mentions_ceasefire(e))
            )
            and (d := _day(e)) is not None
            and d <= self.as_of
        ]
        if not agreed:
            return "none", None, (), ()
        latest_day = max(_day(e) or dt.date.min for e in agreed)
        deal = [e for e in agreed if _day(e) == latest_day]
        place = next((e.place_name for e in deal if e.place_name), None)
        _, _, mediators = self.talks()
        summary = f"ceasefire agreed on {latest_day.isoformat()}" + (f" in {place}" if place else "")
        if mediators:
            summary += f" through {', '.join(mediators)}"
        agreement = self.line("ceasefire", latest_day, summary, deal)
        pledges = []
        for e in self.events:
            # a pledge is one side's word (the agreement itself names both)
            mine = set(e.actor_codes) & self.sides
            if e.category not in ("AGREE", "RETREAT") or not self.mentions_ceasefire(e) or len(mine) != 1:
                continue
            if e.status in ("negated", "hypothetical"):
                continue
            cond = f" (condition: {e.comment})" if e.comment else ""
            pledges.append(
                self.line("pledge", _day(e), f"{_names(e.actors)} pledges: {e.event_text or ''}{cond}", [e])
            )
        violations = []
        for inc in sorted(self.incidents.values(), key=lambda i: (i.date_start or dt.date.max, i.id)):
            if (
                inc.category != "ASSAULT"
                or inc.date_start is None
                or not (latest_day < inc.date_start <= self.as_of)
            ):
                continue
            if not in_dyad((*inc.actor_codes, *inc.recipient_codes), self.dyad):
                continue
            evs = [e for e in self.by_incident.get(inc.id, []) if self.on_record(e)]
            if not evs:
                continue
            reporters = sorted({f.source for f in inc.figures})
            dead = (
                f", {_range(inc.fatalities_low or 0, inc.fatalities_high or inc.fatalities_low or 0)} dead"
                if (inc.fatalities_low or inc.fatalities_high)
                else ""
            )
            where = f" at {inc.place_name}" if inc.place_name else ""
            summary = (
                f"violation reported {inc.date_start.isoformat()}{where}{dead} "
                f"({inc.status}; by {', '.join(reporters)})"
            )
            violations.append(self.line("violation", inc.date_start, summary, evs))
        dead_after = sum(
            (i.fatalities_low or 0)
            for i in self.incidents.values()
            if i.category == "ASSAULT"
            and i.date_start
            and latest_day < i.date_start <= self.as_of
            and in_dyad((*i.actor_codes, *i.recipient_codes), self.dyad)
            and i.status in ("asserted", "contested")
        )
        if len(violations) >= self.r.broken_violations or dead_after >= self.r.broken_dead:
            state = "broken"
        elif violations:
            state = "strained"
        else:
            state = "holding"
        return state, agreement, tuple(pledges), tuple(violations)

    # -- borders and displacement --------------------------------------------------------------------------
    def borders(self) -> tuple[BoardLine, ...]:
        by_place: dict[str, list[EventRow]] = defaultdict(list)
        for e in self.events:
            closing = e.category == "COERCE" and e.mode in self.r.closure_modes
            opening = e.category == "CONCEDE" and re.search(
                r"\breopen", (e.trigger or "") + " " + (e.event_text or ""), re.I
            )
            if not (closing or opening) or not e.place_name or not self.on_record(e):
                continue
            if not (set(e.actor_codes) & self.sides or e.place_country in self.sides):
                continue
            if (d := _day(e)) is None or d > self.as_of:
                continue
            by_place[e.place_name].append(e)
        lines = []
        for place, evs in by_place.items():
            evs.sort(key=lambda e: (_day(e) or dt.date.min, e.id))
            closures = [e for e in evs if e.category == "COERCE"]
            openings = [e for e in evs if e.category == "CONCEDE"]
            last_close = _day(closures[-1]) if closures else None
            last_open = _day(openings[-1]) if openings else None
            if last_close and (last_open is None or last_open < last_close):
                since = min(
                    _day(e) or last_close
                    for e in closures
                    if (_day(e) or last_close) >= (last_open or dt.date.min)
                )
                summary = f"{place}: closed since {since.isoformat()} (by {_names(closures[-1].actors)})"
                state_day: dt.date | None = since
            else:
                assert last_open is not None
                whom = _FOR_WHOM.search(openings[-1].event_text or "")
                partial = whom is not None or re.search(
                    r"\b(partial|partly|partially)\b", openings[-1].event_text or "", re.I
                )
                summary = f"{place}: reopened {last_open.isoformat()}"
                if partial:
                    summary += f" (partially{': ' + whom.group(0).strip() if whom else ''})"
                if last_close:
                    summary += f" after a closure from {last_close.isoformat()}"
                state_day = last_open
            lines.append(self.line("crossing", state_day, summary, evs[-3:]))
        lines.sort(key=lambda b: (b.date or dt.date.min, b.summary), reverse=True)
        return tuple(lines)

    def displacement(self) -> tuple[BoardLine, ...]:
        per_incident: dict[str, list[EventRow]] = defaultdict(list)
        for e in self.events:
            if e.category != "COERCE" or e.mode not in self.r.displacement_modes or not self.on_record(e):
                continue
            if not (_codes(e) & self.sides) or (d := _day(e)) is None or d > self.as_of:
                continue
            per_incident[self.incident_of.get(e.id, e.id)].append(e)
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        used: dict[str, list[EventRow]] = defaultdict(list)
        days: dict[str, list[dt.date]] = defaultdict(list)
        sources: dict[str, set[str]] = defaultdict(set)
        for evs in per_incident.values():
            for kind in self.r.displacement_types:
                sized = [(e, s) for e in evs for s in e.sizes if s.type == kind and (s.low or s.high)]
                if not sized:
                    continue
                low = max((s.low or s.high or 0) for _, s in sized)
                high = max((s.high or s.low or 0) for _, s in sized)
                label = "people deported or returned" if kind in ("displaced", "other") else "arrested"
                totals[label][0] += low
                totals[label][1] += high
                used[label].extend(e for e, _ in sized)
                days[label].extend(d for e, _ in sized if (d := _day(e)) is not None)
                sources[label] |= {e.source for e, _ in sized if e.source}
        lines = []
        for label, (low, high) in totals.items():
            first, last = min(days[label]), max(days[label])
            summary = (
                f"{_range(low, high)} {label} ({first.isoformat()} to {last.isoformat()}; "
                f"sources: {', '.join(sorted(sources[label])) or 'unnamed'})"
            )
            lines.append(self.line("displacement", last, summary, used[label][: self.r.latest]))
        return tuple(lines)

    # -- casualties ---------------------------------------------------------------------------------------
    def casualties(self) -> tuple[CasualtyWindow, ...]:
        out = []
        for days in self.r.windows:
            since = self.as_of - dt.timedelta(days=days)
            chosen = [
                i
                for i in self.incidents.values()
                if i.category == "ASSAULT"
                and i.date_start is not None
                and since < i.date_start <= self.as_of
                and in_dyad((*i.actor_codes, *i.recipient_codes), self.dyad)
                and i.status not in self.r.off_record
            ]
            low = sum(i.fatalities_low or 0 for i in chosen)
            high = sum(
                (i.fatalities_high if i.fatalities_high is not None else i.fatalities_low) or 0
                for i in chosen
            )
            by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for i in chosen:
                for f in i.figures:
                    if f.fatalities_low is None and f.fatalities_high is None:
                        continue
                    by_source[f.source][0] += f.fatalities_low or 0
                    by_source[f.source][1] += (
                        f.fatalities_high if f.fatalities_high is not None else f.fatalities_low
                    ) or 0
            out.append(
                CasualtyWindow(
                    days, len(chosen), low, high, tuple((s, v[0], v[1]) for s, v in sorted(by_source.items()))
                )
            )
        return tuple(out)

    # -- claims, threats, demands ----------------------------------------------------------------------------
    def claims(self) -> tuple[BoardLine, ...]:
        """One line per accusation incident (the same charge told by several reports is one claim), with the
        denials that answer it: a REJECT related to the accusation or to the event it alleges."""
        by_id = {e.id: e for e in self.events}
        denials: dict[str, list[EventRow]] = defaultdict(list)
        for e in self.events:
            if e.category == "REJECT":
                for r in e.related:
                    denials[r].append(e)
        grouped: dict[str, list[EventRow]] = defaultdict(list)
        for e in self.events:
            if e.category != "ACCUSE" or not (
                set(e.actor_codes) & self.sides and set(e.recipient_codes) & self.sides
            ):
                continue
            if set(e.actor_codes) == set(e.recipient_codes) or (d := _day(e)) is None or d > self.as_of:
                continue
            if e.status in self.r.off_record or e.status == "historical":
                continue
            grouped[self.incident_of.get(e.id, e.id)].append(e)
        lines = []
        for evs in grouped.values():
            evs.sort(key=lambda e: (_day(e) or dt.date.min, e.id))
            e = evs[0]
            answered: list[EventRow] = []
            for acc in evs:
                for key in (acc.id, *acc.related):
                    answered += [x for x in denials.get(key, []) if x not in answered]
                    target = by_id.get(key)
                    if target is not None and target.status == "disputed":
                        answered += [x for x in denials.get(target.id, []) if x not in answered]
            summary = (
                f"{_names(e.actors)} accuses {_names(e.recipients)}: {(e.event_text or '').strip()[:140]}"
            )
            if len(evs) > 1:
                summary += f" ({len(evs)} reports)"
            if answered:
                summary += f" — denied by {_names(answered[0].actors)}"
            lines.append(self.line("claim", _day(e), summary, [*evs[:3], *answered[:2]]))
        lines.sort(key=lambda b: (b.date or dt.date.min, b.summary), reverse=True)
        return tuple(lines)

    def latest(self, category: str, kind: str) -> tuple[BoardLine, ...]:
        found = [
            e
            for e in self.events
            if e.category == category
            and set(e.actor_codes) & self.sides
            and (d := _day(e)) is not None
            and d <= self.as_of
            and e.status not in ("negated",)
        ]
        found.sort(key=lambda e: (_day(e) or dt.date.min, e.id), reverse=True)
        lines = []
        for e in found[: self.r.latest]:
            what = f" ({e.comment})" if e.comment else ""
            lines.append(
                self.line(
                    kind, _day(e), f"{_names(e.actors)}: {(e.event_text or '').strip()[:140]}{what}", [e]
                )
            )
        return tuple(lines)


def build_situation(
    dyad: tuple[str, str],
    incidents: Sequence[Incident],
    events: Sequence[EventRow],
    as_of: dt.date,
    rules: BoardRules | None = None,
) -> Situation:
    """The board of ``dyad`` as of ``as_of`` from the incidents and events that touch either side."""
    board = _Board(dyad, incidents, events, as_of, rules or default_rules())
    talks, nxt, mediators = board.talks()
    state, agreed, pledges, violations = board.ceasefire()
    return Situation(
        dyad=dyad,
        as_of=as_of,
        talks=talks,
        next_talks=nxt,
        mediators=mediators,
        ceasefire_state=state,
        ceasefire=agreed,
        pledges=pledges,
        violations=violations,
        borders=board.borders(),
        displacement=board.displacement(),
        casualties=board.casualties(),
        claims=board.claims(),
        threats=board.latest("THREATEN", "threat"),
        demands=board.latest("REQUEST", "demand"),
    )
