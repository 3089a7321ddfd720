"""Event rows for round-trip tests: one hand-made row with every field filled, and a Hypothesis strategy."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from flashpoint.corpus.rows import ORIGINS, EventRow, Party, SizeRow

FULL_ROW = EventRow(
    id="art-7f3a:ev2",
    origin="text",
    category="ASSAULT",
    mode="drone",
    contexts=("military", "territory"),
    actors=(Party("PAK", "MIL", "Pakistani drones"), Party(None, None, "unnamed forces")),
    recipients=(Party("AFG", "CVL", "villagers in Paktika — ‘Barmal’"),),
    status="disputed",
    claimants=(Party("AFG", "GOV", "Zabihullah Mujahid"),),
    date="2025-W42",
    date_precision="week",
    date_start=dt.date(2025, 10, 13),
    date_end=dt.date(2025, 10, 19),
    place_name="Barmal",
    place_country="AFG",
    admin1="Paktika",
    lat=32.7,
    lon=0.1 + 0.2,
    place_resolution="district",
    fatalities_low=8,
    fatalities_high=10,
    sizes=(SizeRow("dead", 8, 10, "at least", "at least eight"), SizeRow("injured", None, 5)),
    article_id="art-7f3a",
    dataset_id=None,
    source="Tolo News",
    source_outlets=("Tolo News", "Ariana"),
    reported=dt.date(2025, 10, 20),
    event_text='"Drones struck homes," the spokesman said.',
    start=120,
    end=184,
    trigger="struck",
    pattern="assault.drone.struck",
    quad_code=4,
    event_scale=-9.5,
    comment="denied by Islamabad",
    related=("art-7f3a:ev3", "art-7f3a:ev4"),
    precision_codes=(("where", "2"), ("when", "week")),
    notes="line one\nline two\ttabbed",
)

_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
_maybe_text = st.none() | _text
_small = st.none() | st.integers(min_value=-(2**31), max_value=2**31)
_float = st.none() | st.floats(allow_nan=False, allow_infinity=False)
_date = st.none() | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
_party = st.builds(Party, _maybe_text, _maybe_text, _text)
_parties = st.lists(_party, max_size=3).map(tuple)
_strings = st.lists(_text, max_size=3).map(tuple)

rows = st.builds(
    EventRow,
    id=_text.filter(bool),
    origin=st.sampled_from(ORIGINS),
    category=_text.filter(bool),
    mode=_maybe_text,
    contexts=_strings,
    actors=_parties,
    recipients=_parties,
    status=_text.filter(bool),
    claimants=_parties,
    date=_maybe_text,
    date_precision=_maybe_text,
    date_start=_date,
    date_end=_date,
    place_name=_maybe_text,
    place_country=_maybe_text,
    admin1=_maybe_text,
    lat=_float,
    lon=_float,
    place_resolution=_maybe_text,
    fatalities_low=_small,
    fatalities_high=_small,
    sizes=st.lists(st.builds(SizeRow, _text, _small, _small, _maybe_text, _maybe_text), max_size=2).map(
        tuple
    ),
    article_id=_maybe_text,
    dataset_id=_maybe_text,
    source=_maybe_text,
    source_outlets=_strings,
    reported=_date,
    event_text=_maybe_text,
    start=_small,
    end=_small,
    trigger=_maybe_text,
    pattern=_maybe_text,
    quad_code=_small,
    event_scale=_float,
    comment=_maybe_text,
    related=_strings,
    precision_codes=st.lists(st.tuples(_text, _text), max_size=2).map(tuple),
    notes=_maybe_text,
)
