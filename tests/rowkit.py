"""Hand-made event rows for the tests of the store, the dyad view and alerts: one builder, shared parties and
places (importable from any test module: pytest puts ``tests/`` on the path for ``tests/conftest.py``)."""

from __future__ import annotations

import datetime as dt

from flashpoint.corpus.rows import EventRow, Party, SizeRow

D = dt.date
Place = tuple[str, str, float, float]  # name, ISO3 country, lat, lon

PAK = Party("PAK", "GOV", "Pakistan")
AFG = Party("AFG", "GOV", "the Taliban government")
PAKM = Party("PAK", "MIL", "Pakistani troops")
AFGM = Party("AFG", "MIL", "Afghan forces")
QAT = Party("QAT", "GOV", "Qatar")
TUR = Party("TUR", "GOV", "Turkey")
IRN = Party("IRN", "GOV", "Iran")
REF = Party("AFG", "REF", "Afghan refugees")

TORKHAM: Place = ("Torkham", "PAK", 34.10, 71.09)
KABUL: Place = ("Kabul", "AFG", 34.53, 69.17)
ISTANBUL: Place = ("Istanbul", "TUR", 41.01, 28.98)
DOHA: Place = ("Doha", "QAT", 25.29, 51.53)


def default_scale(category: str) -> float:
    return -8.0 if category == "ASSAULT" else 5.0 if category in ("AGREE", "RETREAT", "CONSULT") else -6.0


def text_event(
    event_id: str,
    article_id: str,
    category: str,
    day: D,
    *,
    actors: tuple[Party, ...] = (PAKM,),
    recipients: tuple[Party, ...] = (AFGM,),
    mode: str | None = None,
    status: str = "asserted",
    text: str = "",
    trigger: str = "",
    place: Place | None = None,
    dead: int | None = None,
    sizes: tuple[SizeRow, ...] = (),
    comment: str | None = None,
    related: tuple[str, ...] = (),
    source: str = "Dawn",
    reported: D | None = None,
    event_scale: float | None = None,
) -> EventRow:
    """One event coded from text, dated to the day, its evidence the whole ``text`` (offsets 0..len)."""
    return EventRow(
        id=event_id,
        origin="text",
        category=category,
        mode=mode,
        actors=actors,
        recipients=recipients,
        status=status,
        date=day.isoformat(),
        date_precision="day",
        date_start=day,
        date_end=day,
        place_name=place[0] if place else None,
        place_country=place[1] if place else None,
        lat=place[2] if place else None,
        lon=place[3] if place else None,
        place_resolution="site" if place else None,
        fatalities_low=dead,
        fatalities_high=dead,
        sizes=sizes,
        article_id=article_id,
        source=source,
        reported=reported or day,
        event_text=text,
        start=0,
        end=len(text),
        trigger=trigger,
        comment=comment,
        related=related,
        event_scale=default_scale(category) if event_scale is None else event_scale,
    )
