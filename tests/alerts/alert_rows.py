"""Hand-made event rows of the Pakistan-Afghanistan dyad for the alert tests: two quiet weeks, a surge week,
a crossing closed (and coercion that is no closure), a ceasefire, a pledge, a violation and a later clash."""

from __future__ import annotations

import datetime as dt

from flashpoint.corpus.rows import EventRow, Party
from flashpoint.corpus.store import Store
from rowkit import text_event

D = dt.date
PAK = Party("PAK", "GOV", "Pakistan")
AFG = Party("AFG", "GOV", "the Taliban government")
PAKM = Party("PAK", "MIL", "Pakistani troops")
AFGM = Party("AFG", "MIL", "Afghan forces")
IRN = Party("IRN", "GOV", "Iran")
REF = Party("AFG", "REF", "Afghan refugees")

Place = tuple[str, str, float, float]
TORKHAM: Place = ("Torkham", "PAK", 34.10, 71.09)
CHAMAN: Place = ("Chaman", "PAK", 30.92, 66.45)
ANGOOR: Place = ("Angoor Adda", "PAK", 32.52, 69.28)
KURRAM: Place = ("Kurram", "PAK", 33.72, 70.10)
BAJAUR: Place = ("Bajaur", "PAK", 34.78, 71.52)
KUNAR: Place = ("Kunar", "AFG", 34.85, 71.10)
SPIN_BOLDAK: Place = ("Spin Boldak", "AFG", 31.00, 66.40)
PESHAWAR: Place = ("Peshawar", "PAK", 34.01, 71.58)
QUETTA: Place = ("Quetta", "PAK", 30.18, 67.00)
TAFTAN: Place = ("Taftan", "PAK", 28.95, 61.59)
DOHA: Place = ("Doha", "QAT", 25.29, 51.53)


def ev(
    n: int,
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
    reported: D | None = None,
) -> EventRow:
    """One text event of its own article ``art<n>``."""
    return text_event(
        f"art{n}:e1",
        f"art{n}",
        category,
        day,
        actors=actors,
        recipients=recipients,
        mode=mode,
        status=status,
        text=text,
        trigger=trigger,
        place=place,
        dead=dead,
        reported=reported,
    )


def clash(n: int, day: D, place: Place, dead: int | None = None, status: str = "asserted") -> EventRow:
    return ev(
        n, "ASSAULT", day, text="troops exchanged fire", trigger="fire", place=place, dead=dead, status=status
    )


#: Two quiet weeks, then a surge in the week of 6-12 October 2025 (five clashes at five places).
BEFORE = [clash(1, D(2025, 9, 17), KURRAM, 2), clash(2, D(2025, 9, 24), BAJAUR, 1)]
SURGE = [
    clash(3, D(2025, 10, 6), ANGOOR, 3),
    clash(4, D(2025, 10, 8), CHAMAN, 10),
    clash(5, D(2025, 10, 9), KURRAM, 4),
    clash(6, D(2025, 10, 11), TORKHAM, 23),
    clash(7, D(2025, 10, 12), KUNAR, 0),
]
#: Closures and other coercion: only the first is a closure at a crossing of the dyad.
CLOSE_TORKHAM = ev(
    10,
    "COERCE",
    D(2025, 10, 12),
    actors=(PAK,),
    recipients=(),
    mode="restrict",
    text="Pakistan closed the Torkham crossing to all traffic",
    trigger="closed",
    place=TORKHAM,
)
OTHER_COERCION = [
    ev(  # a deportation is no closure
        11,
        "COERCE",
        D(2025, 10, 10),
        actors=(PAK,),
        recipients=(REF,),
        mode="deport",
        text="police deported Afghan refugees",
        trigger="deported",
        place=PESHAWAR,
    ),
    ev(  # refugees turned back at a crossing: a restriction, not a closure
        12,
        "COERCE",
        D(2025, 10, 3),
        actors=(PAK,),
        recipients=(REF,),
        mode="restrict",
        text="guards turned back Afghan families",
        trigger="turned",
        place=CHAMAN,
    ),
    ev(  # Iran closing its crossing with Pakistan is another dyad
        13,
        "COERCE",
        D(2025, 10, 11),
        actors=(IRN,),
        recipients=(PAK,),
        mode="restrict",
        text="Iran shut the Taftan border crossing",
        trigger="shut",
        place=TAFTAN,
    ),
    ev(  # a closure denied is not on record
        14,
        "COERCE",
        D(2025, 10, 12),
        actors=(AFG,),
        recipients=(PAK,),
        mode="restrict",
        status="denied",
        text="the Taliban sealed the Spin Boldak border",
        trigger="sealed",
        place=SPIN_BOLDAK,
    ),
]
#: A ceasefire agreed in Doha, a pledge about the future, then a violation and a later clash.
AGREE_DOHA = ev(
    20,
    "AGREE",
    D(2025, 10, 19),
    actors=(PAK, AFG),
    recipients=(),
    text="the two sides agreed to an immediate ceasefire",
    trigger="agreed",
    place=DOHA,
)
PLEDGE = ev(
    21,
    "AGREE",
    D(2025, 10, 21),
    actors=(PAK, AFG),
    recipients=(),
    status="future",
    text="both sides will respect the ceasefire",
    trigger="respect",
)
VIOLATION = clash(22, D(2025, 10, 26), ANGOOR, 2, status="alleged")
LATER_CLASH = clash(23, D(2025, 10, 29), CHAMAN, 1)
#: Reported after the violation: the ceasefire "took effect" the day after the agreement (same truce).
TOOK_EFFECT = ev(
    24,
    "RETREAT",
    D(2025, 10, 20),
    actors=(PAK, AFG),
    recipients=(),
    mode="ceasefire",
    text="the ceasefire took effect at midnight",
    trigger="took effect",
    reported=D(2025, 10, 30),
)

BASE_ROWS = [*BEFORE, *SURGE, CLOSE_TORKHAM, *OTHER_COERCION, AGREE_DOHA, PLEDGE, VIOLATION, LATER_CLASH]


def incident_of(store: Store, row: EventRow) -> str:
    with store.session(read_only=True) as db:
        found = db.incident_of([row.id])[row.id]
    assert found is not None
    return found
