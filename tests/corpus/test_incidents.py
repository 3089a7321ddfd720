"""Incident merging on a multi-source fixture made of rows: one clash told by several outlets, another clash
the same day elsewhere, an agreement of the same dyad, and analysts' splits and merges."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from flashpoint.corpus.incidents import (
    NO_OVERRIDES,
    BlockKey,
    Overrides,
    affected_blocks,
    block_key,
    default_settings,
    incident_id,
    merge_incidents,
)
from flashpoint.corpus.rows import ArticleSource, EventRow, Incident, Party

D = dt.date
DAY = D(2025, 10, 11)
REPORTED = D(2025, 10, 12)
PAK = Party("PAK", "MIL", "Pakistani forces")
AFG = Party("AFG", "MIL", "Afghan Taliban forces")
CHAMAN = ("Chaman", 30.92, 66.45)
SPIN_BOLDAK = ("Spin Boldak", 31.00, 66.40)
KANDAHAR = ("Kandahar", 31.62, 65.71)
ZHOB = ("Zhob", 31.34, 69.45)  # about 290 km east of Chaman


def row(
    rid: str,
    article: str | None,
    *,
    category: str = "ASSAULT",
    actors: tuple[Party, ...] = (AFG,),
    recipients: tuple[Party, ...] = (PAK,),
    day: dt.date | None = DAY,
    precision: str | None = "day",
    place: tuple[str, float, float] | None = CHAMAN,
    resolution: str | None = "city",
    status: str = "asserted",
    low: int | None = None,
    high: int | None = None,
    reported: dt.date | None = REPORTED,
    origin: str = "text",
    source: str | None = None,
) -> EventRow:
    return EventRow(
        id=rid,
        origin=origin,  # type: ignore[arg-type]
        category=category,
        actors=actors,
        recipients=recipients,
        status=status,
        date=day.isoformat() if day else None,
        date_precision=precision if day else None,
        date_start=day,
        date_end=day,
        place_name=place[0] if place else None,
        lat=place[1] if place else None,
        lon=place[2] if place else None,
        place_resolution=resolution if place else None,
        fatalities_low=low,
        fatalities_high=high,
        article_id=article,
        source=source,
        reported=reported,
    )


def src(
    article: str, publisher: str | None, published: dt.date, copy_group: str | None = None
) -> ArticleSource:
    return ArticleSource(article, publisher, copy_group or article, published)


SOURCES = {
    s.article_id: s
    for s in [
        src("a-dawn", "Dawn", D(2025, 10, 12)),
        src("a-reuters", "Reuters", D(2025, 10, 12)),
        src("a-geo", "Geo News", D(2025, 10, 12), copy_group="a-reuters"),  # runs the Reuters story
        src("a-tolo", "TOLOnews", D(2025, 10, 13)),
        src("a-ariana", "Ariana News", D(2025, 10, 12)),
        src("a-express", "Express Tribune", D(2025, 10, 12)),
        src("a-dawn2", "Dawn", D(2025, 10, 12)),
        src("n-aa", "Anadolu", D(2025, 10, 19)),
    ]
}

CLASH = [
    # Dawn: the Taliban attacked, 12 killed
    row("a-dawn:e1", "a-dawn", low=12, high=12),
    # Reuters, dated past midnight, "at least 15", and a site on the Afghan side
    row("a-reuters:e1", "a-reuters", day=D(2025, 10, 12), place=SPIN_BOLDAK, resolution="district", low=15),
    # Geo runs the Reuters story: a near-copy, one source with Reuters
    row("a-geo:e1", "a-geo", day=D(2025, 10, 12), place=SPIN_BOLDAK, resolution="district", low=15),
    # TOLOnews, the other direction (Pakistan attacked), 23 killed, province only
    row(
        "a-tolo:e2",
        "a-tolo",
        actors=(PAK,),
        recipients=(AFG,),
        place=KANDAHAR,
        resolution="province",
        low=23,
        high=23,
        reported=D(2025, 10, 13),
    ),
    # Ariana: Kabul denies attacking
    row("a-ariana:e1", "a-ariana", status="denied", place=KANDAHAR, resolution="province"),
]
# the same day, another clash 290 km away, also reported by Dawn (another article)
OTHER_CLASH = row("a-dawn2:e1", "a-dawn2", place=ZHOB, low=4, high=4)
# an agreement between the same two, the same day
AGREEMENT = row("a-dawn2:e2", "a-dawn2", category="AGREE", actors=(PAK, AFG), recipients=(), place=None)
FIXTURE = [*CLASH, OTHER_CLASH, AGREEMENT]


def by_member(incidents: list[Incident], event_id: str) -> Incident:
    (inc,) = [i for i in incidents if event_id in i.event_ids]
    return inc


def test_fixture_gives_two_clashes_and_one_agreement() -> None:
    incidents = merge_incidents(FIXTURE, SOURCES)
    assert sorted(i.category for i in incidents) == ["AGREE", "ASSAULT", "ASSAULT"]
    clash = by_member(incidents, "a-dawn:e1")
    assert clash.event_ids == tuple(sorted(r.id for r in CLASH))
    assert by_member(incidents, "a-dawn2:e1").event_ids == ("a-dawn2:e1",)
    assert by_member(incidents, "a-dawn2:e2").event_ids == ("a-dawn2:e2",)


def test_clash_figures_sources_and_status() -> None:
    clash = by_member(merge_incidents(FIXTURE, SOURCES), "a-dawn:e1")
    assert clash.id == incident_id(["a-ariana:e1"]) == incident_id(clash.event_ids)
    assert clash.id.startswith("inc-")
    assert len(clash.id) == 16
    assert clash.article_count == 5
    # Geo's copy of the Reuters story is not a source of its own
    assert clash.source_count == 4
    assert [f.source for f in clash.figures] == ["Ariana News", "Dawn", "Reuters", "TOLOnews"]
    tolls = [(f.fatalities_low, f.fatalities_high) for f in clash.figures if f.fatalities_low is not None]
    assert tolls == [(12, 12), (15, None), (23, 23)]
    assert (clash.fatalities_low, clash.fatalities_high) == (12, 23)
    assert clash.status == "contested"
    assert (clash.date_start, clash.date_end) == (D(2025, 10, 11), D(2025, 10, 12))
    assert (clash.first_reported, clash.last_reported) == (D(2025, 10, 12), D(2025, 10, 13))
    assert clash.place_name == "Chaman"  # the finest resolution (city)
    # two sources tell it as AFG -> PAK (Ariana's denial included), one as PAK -> AFG
    assert (clash.actor_codes, clash.recipient_codes) == (("AFG",), ("PAK",))
    assert not clash.manual


def test_without_a_denial_the_strongest_status_wins() -> None:
    rows = [dataclasses.replace(r, status="alleged") for r in CLASH if r.status != "denied"]
    rows[0] = dataclasses.replace(rows[0], status="asserted")
    assert merge_incidents(rows, SOURCES)[0].status == "asserted"
    disputed = [*rows, dataclasses.replace(CLASH[-1], status="disputed", article_id="a-dawn")]
    disputed[0] = dataclasses.replace(disputed[0], article_id="a-dawn2")  # keep the one-article rule out
    assert merge_incidents(disputed, SOURCES)[0].status == "contested"
    one_source = [dataclasses.replace(r, status="disputed") for r in rows[:1]]
    assert merge_incidents(one_source, SOURCES)[0].status == "disputed"


def test_a_source_reporting_twice_keeps_its_latest_figure() -> None:
    update = row("a-dawn2:e9", "a-dawn2", low=14, high=14, reported=D(2025, 10, 14))
    clash = by_member(merge_incidents([*CLASH, update], SOURCES), "a-dawn:e1")
    (dawn,) = [f for f in clash.figures if f.source == "Dawn"]
    assert (dawn.event_id, dawn.fatalities_low) == ("a-dawn2:e9", 14)
    assert clash.article_count == 6
    assert clash.source_count == 4
    assert (clash.fatalities_low, clash.fatalities_high) == (14, 23)


def test_imported_rows_count_by_origin_and_source() -> None:
    acled = row("acled:PAK123", None, origin="acled", source="Dawn; Reuters", low=17, high=17)
    ucdp = row("ucdp:999", None, origin="ucdp", low=10, high=30, place=CHAMAN, resolution="site")
    clash = by_member(merge_incidents([*CLASH, acled, ucdp], SOURCES), "a-dawn:e1")
    assert clash.article_count == 7
    assert {"acled:Dawn; Reuters", "ucdp"} <= {f.source for f in clash.figures}
    assert (clash.fatalities_low, clash.fatalities_high) == (10, 30)


def test_order_independent() -> None:
    partial = row("a-express:e1", "a-express", actors=(PAK,), recipients=(), place=CHAMAN, resolution="site")
    rows = [*FIXTURE, partial, *extra_rows()]
    expected = merge_incidents(rows, SOURCES)
    rng = random.Random(11)
    for _ in range(20):
        shuffled = rows[:]
        rng.shuffle(shuffled)
        assert merge_incidents(shuffled, SOURCES) == expected


def extra_rows() -> list[EventRow]:
    rng = random.Random(5)
    out = []
    for i in range(150):
        a, b = rng.sample([PAK, AFG, Party("IRN", "GOV", "Iran"), Party("IND", "GOV", "India")], 2)
        out.append(
            row(
                f"x{i:03d}:e1",
                f"x{i:03d}",
                category=rng.choice(["ASSAULT", "ASSAULT", "ACCUSE", "AGREE"]),
                actors=(a,),
                recipients=() if rng.random() < 0.15 else (b,),
                day=D(2025, 10, 1) + dt.timedelta(days=rng.randint(0, 20)),
                place=("somewhere", 30 + rng.random() * 3, 65 + rng.random() * 4),
                resolution=rng.choice(["site", "city", "district", "province", "country"]),
                low=rng.choice([None, rng.randint(1, 30)]),
            )
        )
    return out


def test_incremental_merge_by_affected_blocks_equals_full_merge() -> None:
    old = [*FIXTURE, *extra_rows()[:100]]
    new = [
        *extra_rows()[100:],
        row("a-express:e1", "a-express", actors=(PAK,), recipients=(), place=CHAMAN, resolution="site"),
        row("n-aa:e1", "n-aa", day=D(2025, 10, 11), low=30, reported=D(2025, 10, 19)),
    ]
    full = merge_incidents([*old, *new], SOURCES)
    before = merge_incidents(old, SOURCES)
    keys = {r.id: block_key(r) for r in [*old, *new]}
    affected = affected_blocks({block_key(r) for r in new}, {block_key(r) for r in old})
    kept = [i for i in before if not any(keys[e] in affected for e in i.event_ids)]
    redone = merge_incidents([r for r in old if keys[r.id] in affected] + new, SOURCES)
    assert sorted(kept + redone, key=lambda i: i.id) == sorted(full, key=lambda i: i.id)
    # the incident id is stable as reports arrive
    clash_before, clash_after = by_member(before, "a-dawn:e1"), by_member(full, "a-dawn:e1")
    assert clash_before.id == clash_after.id
    assert "n-aa:e1" in clash_after.event_ids


def test_block_key_text_round_trips() -> None:
    for r in [*FIXTURE, *extra_rows()]:
        key = block_key(r)
        assert BlockKey.parse(key.text()) == key
    assert block_key(CLASH[0]) == block_key(CLASH[3])  # a clash: direction does not matter
    accuse = [
        row("p:1", "p", category="ACCUSE"),
        row("q:1", "q", category="ACCUSE", actors=(PAK,), recipients=(AFG,)),
    ]
    assert block_key(accuse[0]) != block_key(accuse[1])  # an accusation: it does


def test_accusations_each_way_are_two_incidents() -> None:
    rows = [
        row("p:1", "p", category="ACCUSE"),
        row("q:1", "q", category="ACCUSE", actors=(PAK,), recipients=(AFG,)),
        row("r:1", "r", category="ACCUSE"),
    ]
    assert sorted(i.event_ids for i in merge_incidents(rows, {})) == [("p:1", "r:1"), ("q:1",)]


def test_one_article_tells_one_clash_once_however_often_it_is_coded() -> None:
    rows = [row("a:1", "a"), row("a:2", "a"), row("b:1", "b")]
    assert [i.event_ids for i in merge_incidents(rows, {})] == [("a:1", "a:2", "b:1")]
    # two clashes an article tells at places far apart stay two incidents
    far = [row("a:1", "a"), row("a:2", "a", place=("Angoor Adda", 32.64, 69.64), resolution="site")]
    assert len(merge_incidents(far, {})) == 2
    # and the setting restores "one article, one incident per event"
    strict = dataclasses.replace(default_settings(), merge_within_article=False)
    incidents = merge_incidents(rows, {}, settings=strict)
    assert len(incidents) == 2
    assert all(not {"a:1", "a:2"} <= set(i.event_ids) for i in incidents)


def test_an_unplaced_event_joins_the_incident_its_own_report_places() -> None:
    angoor = ("Angoor Adda", 32.64, 69.64)
    rows = [
        row("a:1", "a"),  # Chaman
        row("a:2", "a", place=None),  # "the firing" in the Chaman report
        row("b:1", "b", place=angoor, resolution="site"),
    ]
    assert sorted(i.event_ids for i in merge_incidents(rows, {})) == [("a:1", "a:2"), ("b:1",)]


def test_dates_tolerance_and_missing_dates() -> None:
    next_day = [row("a:1", "a"), row("b:1", "b", day=D(2025, 10, 12))]
    two_days = [row("a:1", "a"), row("b:1", "b", day=D(2025, 10, 13))]
    undated = [row("a:1", "a", day=None), row("b:1", "b", day=None)]
    months = [row("a:1", "a", precision="month"), row("b:1", "b", precision="month")]
    assert len(merge_incidents(next_day, {})) == 1
    assert len(merge_incidents(two_days, {})) == 2
    assert len(merge_incidents(undated, {})) == 2  # never merged by date alone
    assert len(merge_incidents(months, {})) == 2  # too coarse to tell


def test_places_by_resolution() -> None:
    quetta = ("Quetta", 30.18, 66.99)  # about 100 km from Chaman
    assert len(merge_incidents([row("a:1", "a"), row("b:1", "b", place=quetta)], {})) == 2
    assert (
        len(merge_incidents([row("a:1", "a"), row("b:1", "b", place=quetta, resolution="province")], {})) == 1
    )
    assert len(merge_incidents([row("a:1", "a"), row("b:1", "b", place=ZHOB, resolution="country")], {})) == 1
    assert len(merge_incidents([row("a:1", "a"), row("b:1", "b", place=None)], {})) == 1


def test_no_chaining_across_days() -> None:
    rows = [row(f"{c}:1", c, day=D(2025, 10, 10 + i)) for i, c in enumerate("abc")]
    incidents = merge_incidents(rows, {})
    assert [i.event_ids for i in incidents] == [("a:1", "b:1"), ("c:1",)]


def test_a_placeless_report_between_two_clashes_joins_neither() -> None:
    vague = row("v:1", "v", place=None)
    incidents = merge_incidents([CLASH[0], OTHER_CLASH, vague], SOURCES)
    assert sorted(i.event_ids for i in incidents) == [("a-dawn2:e1",), ("a-dawn:e1",), ("v:1",)]


def test_partial_dyad_joins_the_one_incident_that_fits() -> None:
    partial = row("a-express:e1", "a-express", actors=(PAK,), recipients=(), place=CHAMAN, resolution="site")
    incidents = merge_incidents([*FIXTURE, partial], SOURCES)
    assert "a-express:e1" in by_member(incidents, "a-dawn:e1").event_ids
    # placeless, it fits both clashes: it stays alone
    vague = dataclasses.replace(partial, lat=None, lon=None, place_name=None, place_resolution=None)
    incidents = merge_incidents([*FIXTURE, vague], SOURCES)
    assert by_member(incidents, "a-express:e1").event_ids == ("a-express:e1",)
    # no country at all: never merged
    nobody = dataclasses.replace(partial, actors=())
    assert by_member(merge_incidents([*FIXTURE, nobody], SOURCES), "a-express:e1").event_ids == (
        "a-express:e1",
    )


def test_manual_split_and_merge() -> None:
    split = NO_OVERRIDES.with_split(["a-tolo:e2"], [r.id for r in CLASH if r.id != "a-tolo:e2"])
    incidents = merge_incidents(FIXTURE, SOURCES, split)
    assert by_member(incidents, "a-tolo:e2").event_ids == ("a-tolo:e2",)
    rest = by_member(incidents, "a-dawn:e1")
    assert len(rest.event_ids) == 4
    assert rest.manual
    assert by_member(incidents, "a-tolo:e2").manual
    assert not by_member(incidents, "a-dawn2:e1").manual

    merged = Overrides().with_merge(["a-dawn:e1", "a-dawn2:e1"])
    incidents = merge_incidents(FIXTURE, SOURCES, merged)
    both = by_member(incidents, "a-dawn2:e1")
    assert set(both.event_ids) == {r.id for r in CLASH} | {"a-dawn2:e1"}
    assert both.manual
    # Dawn reports twice on one day: one source, one figure (the latest, ties to the larger event id)
    assert [f.event_id for f in both.figures if f.source == "Dawn"] == ["a-dawn:e1"]
    assert both.source_count == 4
    # a merge that would undo a split is not made
    both_ways = merged.with_split(["a-dawn2:e1"], ["a-dawn:e1"])
    assert by_member(merge_incidents(FIXTURE, SOURCES, both_ways), "a-dawn2:e1").event_ids == ("a-dawn2:e1",)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        merge_incidents([CLASH[0], CLASH[0]], SOURCES)


def test_a_reports_toll_adds_its_sides_and_keeps_a_retold_figure_once() -> None:
    rows = [
        row("a:1", "a", low=12, high=12),  # "12 Pakistani soldiers killed" (headline)
        row("a:2", "a", low=12, high=12),  # the same twelve in the body
        row("a:3", "a", actors=(PAK,), recipients=(AFG,), low=2, high=2),  # "two Afghan fighters were killed"
        row("b:1", "b", recipients=(), actors=(AFG, PAK), low=15, high=None),  # "at least 15 dead" in all
    ]
    (incident,) = merge_incidents(rows, {})
    figures = {f.source: (f.fatalities_low, f.fatalities_high) for f in incident.figures}
    assert sorted(figures.values(), key=str) == [(14, 14), (15, None)]
    assert (incident.fatalities_low, incident.fatalities_high) == (14, 15)


def test_rows_of_an_event_level_dataset_are_never_merged_with_each_other() -> None:
    rows = [
        row("ucdp:1", None, origin="ucdp", source="BBC", low=3, high=3),
        row("ucdp:2", None, origin="ucdp", source="BBC", low=5, high=5),
        row("a:1", "a", low=4, high=4),
    ]
    incidents = merge_incidents(rows, {})
    assert sorted(len(i.event_ids) for i in incidents) == [1, 2]
    together = next(i for i in incidents if len(i.event_ids) == 2)
    assert "a:1" in together.event_ids


def test_the_windowed_refinement_equals_trying_every_part(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dense history (one dyad, many reports a day, half without a place) merged the fast way (old parts
    closed as the dates move on) gives the incidents of the slow way (every part tried for every event)."""
    import random

    from flashpoint.corpus import incidents as module

    rng = random.Random(5)
    places = [CHAMAN, SPIN_BOLDAK, KANDAHAR, ZHOB, None, None]
    rows = []
    for n in range(900):
        place = rng.choice(places)
        day = D(2025, 9, 1) + dt.timedelta(days=rng.randrange(40))
        rows.append(
            row(
                f"a{n:04d}:e1",
                f"a{n:04d}" if rng.random() < 0.8 else f"a{n - 1:04d}",
                day=day,
                precision="week" if rng.random() < 0.1 else "day",
                place=place,
                resolution=rng.choice(["city", "district", "site", None]),
                low=rng.choice([None, 3, 12]),
            )
        )
    rows = list({r.id: r for r in rows}.values())
    fast = merge_incidents(rows, {})
    original = module._Merger.__init__

    def slow(self: object, evs: object, overrides: Overrides, s: object) -> None:
        original(self, evs, overrides, s)  # type: ignore[arg-type]
        self.must = {("never:e1", "never:e2")}  # type: ignore[attr-defined]
        self.must_ids = {r.id for r in rows}  # type: ignore[attr-defined]

    monkeypatch.setattr(module._Merger, "__init__", slow)
    assert merge_incidents(rows, {}) == fast


def _dense_rows(n: int, days: int, seed: int) -> list[EventRow]:
    """A dense history: one dyad, a fifth of the rows with one side unknown, a third without a place."""
    rng = random.Random(seed)
    places = [CHAMAN, SPIN_BOLDAK, KANDAHAR, ZHOB, None, None]
    rows = []
    for k in range(n):
        r = row(
            f"a{k:05d}:e1",
            f"a{k:05d}" if rng.random() < 0.8 else f"a{max(k - 1, 0):05d}",
            day=D(2025, 1, 1) + dt.timedelta(days=rng.randrange(days)),
            precision="week" if rng.random() < 0.1 else "day",
            place=rng.choice(places),
            resolution=rng.choice(["city", "district", "site", None]),
            low=rng.choice([None, 3, 12]),
        )
        if rng.random() < 0.2:
            r = dataclasses.replace(r, recipients=())
        rows.append(r)
    return rows


def test_an_incident_across_a_window_end_is_one_incident() -> None:
    from flashpoint.corpus.incidents import window_index, window_start

    s = default_settings()
    first = window_index(row("x:1", "x"), s)
    assert first is not None
    end = window_start(first + 1, s)  # the first day of the next window
    rows = [row("a:1", "a", day=end - dt.timedelta(days=1)), row("b:1", "b", day=end)]
    assert window_index(rows[0], s) != window_index(rows[1], s)
    assert [i.event_ids for i in merge_incidents(rows, {})] == [("a:1", "b:1")]


def test_the_windowed_merge_fed_window_by_window_equals_the_merge_of_all_rows() -> None:
    from flashpoint.corpus.incidents import WindowedMerge, incident_of_rows, window_index

    rows = [*_dense_rows(1500, 200, seed=3), row("u:1", "u", day=None), row("u:2", "u", day=None)]
    s = default_settings()
    by_window: dict[int | None, list[EventRow]] = {}
    for r in rows:
        by_window.setdefault(window_index(r, s), []).append(r)
    merge = WindowedMerge(s)
    groups: list[list[EventRow]] = []
    peak = 0
    for w in sorted(k for k in by_window if k is not None):
        groups += merge.feed(w, by_window[w])
        peak = max(peak, len(by_window[w]) + len(merge.carried_ids()))
    groups += merge.flush()
    groups += merge.undated(by_window[None])
    streamed = sorted((incident_of_rows(g, {}, s) for g in groups), key=lambda i: i.id)
    assert streamed == sorted(merge_incidents(rows, {}), key=lambda i: i.id)
    assert sorted(e for g in groups for e in (r.id for r in g)) == sorted(r.id for r in rows)
    assert peak < len(rows) / 3  # never more than a window (and what it carries) at a time
    with pytest.raises(ValueError, match="after window"):
        merge.feed(0, [])


def test_windows_of_another_block_do_not_change_a_blocks_incidents() -> None:
    """The incremental contract: a block's incidents are the same merged alone or with the whole store."""
    rows = _dense_rows(800, 120, seed=4)
    other = [
        row(f"o{k:04d}:e1", f"o{k:04d}", category="AGREE", day=D(2025, 1, 1) + dt.timedelta(days=k % 300))
        for k in range(300)
    ]
    alone = merge_incidents(rows, {})
    together = [i for i in merge_incidents(rows + other, {}) if i.category != "AGREE"]
    assert together == alone
