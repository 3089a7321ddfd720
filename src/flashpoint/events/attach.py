"""What an event is attached to: its date, place, casualty counts and reporting outlets."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from flashpoint.errors import ResourceError
from flashpoint.events.roles import DocIndex
from flashpoint.records import (
    AnnotatedDoc,
    DateSource,
    EntityRef,
    EventPlace,
    EventSize,
    Mention,
    Precision,
    Quantity,
    Sentence,
    Timex,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Count types each kind of event can carry.
SIZE_TYPES = {
    "ASSAULT": ("dead", "injured", "displaced", "arrested"),
    "COERCE": ("arrested", "displaced", "dead", "injured"),
    "PROTEST": ("arrested", "dead", "injured"),
    "RETREAT": ("arrested", "displaced"),
    "MOBILIZE": (),
    "AID": ("displaced",),
}


def paragraph_starts(text: str) -> list[int]:
    """Offsets where a paragraph (a line) begins: extracted HTML has one paragraph per line."""
    out = [0]
    k = text.find("\n")
    while k >= 0:
        out.append(k + 1)
        k = text.find("\n", k + 1)
    return out


def event_date(
    doc: AnnotatedDoc,
    s: Sentence,
    trigger_start: int,
    paragraphs: Sequence[int],
    clause: Sequence[tuple[int, int]] = (),
) -> tuple[str | None, Precision | None, DateSource, Timex | None, str]:
    """The date of an event at ``trigger_start`` in sentence ``s``: a date expression in the trigger's own
    clause (``clause``: token spans), else the sentence's one nearest the trigger, else the latest one earlier
    in the same paragraph, else the date of the story's lead, else the publication date."""
    usable = [t for t in doc.timexes if t.value is not None]
    inside = [t for t in usable if s.start <= t.start and t.end <= s.end]
    own = [t for t in inside if any(a <= t.start < b for a, b in clause)]
    if own:
        best = min(own, key=lambda t: abs(t.start - trigger_start))
        return best.value, best.precision, "sentence", best, f"date from {best.text!r} in the event's clause"
    if inside:
        best = min(inside, key=lambda t: abs(t.start - trigger_start))
        return best.value, best.precision, "sentence", best, f"date from {best.text!r} in the sentence"
    para = max((p for p in paragraphs if p <= s.start), default=0)
    before = [t for t in usable if para <= t.start and t.end <= s.start]
    if before:
        best = before[-1]
        return (
            best.value,
            best.precision,
            "governing",
            best,
            f"date from {best.text!r} earlier in the paragraph",
        )
    lead = story_date(doc)
    if lead is not None:
        return lead.value, lead.precision, "governing", lead, f"date of the story's lead, {lead.text!r}"
    day = doc.article.published
    if day is not None:
        return day.isoformat(), "day", "published", None, "no date in the text: the publication date"
    return None, None, "none", None, "no date in the text and no publication date"


def story_date(doc: AnnotatedDoc) -> Timex | None:
    """The date the lead gives the story: the first day-precise date in the first five sentences (headline,
    byline, dateline lead) that is at most a week before publication (what later undated sentences about the
    same happening refer to)."""
    published = doc.article.published
    if len(doc.sentences) < 2:
        return None
    limit = doc.sentences[min(5, len(doc.sentences)) - 1].end
    for t in doc.timexes:
        if t.start >= limit:
            break
        if t.kind != "point" or t.precision != "day" or t.value is None or t.range_end is None:
            continue
        if published is not None and not (0 <= (published - t.range_end).days <= 7):
            continue
        return t
    return None


def is_historical(t: Timex | None, published: dt.date | None, days: int) -> bool:
    if t is None or published is None or t.range_end is None:
        return False
    return (published - t.range_end).days >= days


def event_place(
    index: DocIndex, s: Sentence, trigger_start: int, near: Sequence[tuple[int, int]] = ()
) -> tuple[EventPlace | None, str]:
    """A place named in the sentence: the nearest to the trigger (one inside ``near`` spans first). The
    dateline ("ISLAMABAD:", "PESHAWAR, Pakistan (GWS) -") says where the report was filed, not where the
    event happened: its places are left out."""
    found = index.places_in(s.start, s.end)
    dateline = dateline_end(s.text)
    if dateline:
        found = [f for f in found if f[0].start >= s.start + dateline]
        if not found:
            return None, "the only place of the sentence is its dateline (where the report was filed)"
    if not found:
        return None, "no place named in the sentence"
    modifiers = [f for f in found if _modifies_other_noun(s, f[0].start, f[0].end, trigger_start)]
    if modifiers and len(modifiers) == len(found):
        return (
            None,
            f"the place {modifiers[0][0].text!r} names another thing (the {_head_text(s, modifiers[0][0])})",
        )
    found = [f for f in found if f not in modifiers]
    elsewhere = [f for f in found if _origin_or_seat(index, s, f[0].start, f[0].end, trigger_start)]
    if elsewhere and len(elsewhere) == len(found):
        return None, f"the place {elsewhere[0][0].text!r} says where someone is from, not where the event was"
    found = [f for f in found if f not in elsewhere]
    frame = _time_frame(s, trigger_start)
    if frame is not None:
        lo, hi = frame
        outside = [f for f in found if not (lo <= f[0].start and f[0].end <= hi)]
        if outside and len(outside) == len(found):
            return None, "the places of the sentence belong to its main clause, not to the 'after ...' phrase"
        found = [f for f in found if f not in outside]

    def key(item: tuple[object, object]) -> tuple[int, int]:
        m = item[0]
        assert hasattr(m, "start")
        inside = any(a <= m.start < b for a, b in near)
        return (0 if inside else 1, abs(int(m.start) - trigger_start))

    m, p = min(found, key=key)
    place = EventPlace(p.id, p.name, m.text, m.start, m.end, p.lat, p.lon, p.country, p.resolution)
    return place, f"place {m.text!r} in the sentence ({p.resolution}, {p.country or '?'})"


def _place_token(s: Sentence, start: int, end: int) -> Token | None:
    """The last token of a place mention, when the sentence is parsed."""
    if not s.parsed:
        return None
    last = None
    for t in s.doc:
        a = s.start + t.idx
        if a >= end:
            break
        if a >= start:
            last = t
    return last


def _modifies_other_noun(s: Sentence, start: int, end: int, trigger_start: int) -> bool:
    """Whether a place is a noun modifier of another noun than the trigger: "the Doha ceasefire", "the
    Istanbul talks" name where the ceasefire or the talks were, not where a clash in the sentence was."""
    t = _place_token(s, start, end)
    if t is None or t.dep_ != "compound" or t.head.tag_ not in ("NN", "NNS"):
        return False
    return s.start + t.head.idx != trigger_start


#: Kinds of actors whose "of"/"for" place names their seat or office, not where they act: "the mayor of Lyon",
#: "the ministry for Punjab"; an "in" place too, except for a body ("the UN refugee agency in Islamabad", but
#: "hospitals in Kandahar" are where the wounded are).
_SEATED_KINDS = frozenset({"person", "government", "organ", "igo", "outlet", "body"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})


def _origin_or_seat(index: DocIndex, s: Sentence, start: int, end: int, trigger_start: int) -> bool:
    """Whether a place only says where someone comes from or sits: "a missionary from Calgary" (origin: a
    "from" phrase on a noun), "the governor of Kandahar", "the refugee agency in Islamabad" (the seat of a
    person, office or organisation). Such a place is not where the event happened; the trigger's own phrase
    ("strikes from Iran", "the attack in Kabul") and armed groups or people somewhere ("militias in Tripoli",
    "refugees in Quetta") still are."""
    t = _place_token(s, start, end)
    if t is None:
        return False
    head = t
    while head.dep_ in ("compound", "amod", "nmod", "flat", "conj", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ != "pobj" or head.head.dep_ != "prep":
        return False
    prep, owner = head.head, head.head.head
    if owner.tag_ not in _NOUN_TAGS or s.start + owner.idx == trigger_start:
        return False
    if prep.lower_ == "from":
        return True
    kinds = _SEATED_KINDS if prep.lower_ in ("of", "for") else _SEATED_KINDS - {"body"}
    if prep.lower_ not in ("of", "in", "for"):
        return False
    o0 = s.start + owner.idx
    return any(a.kind in kinds for _, a in index.actors_over(o0, o0 + len(owner.text)))


_FRAME_PREPOSITIONS = frozenset({"after", "before", "since", "following", "amid", "despite"})


def _time_frame(s: Sentence, trigger_start: int) -> tuple[int, int] | None:
    """The character span of the "after ..."-type phrase a trigger sits in ("agreed in Doha after a week of
    border fighting": the fighting is not in Doha), or None."""
    if not s.parsed:
        return None
    trigger = next((t for t in s.doc if s.start + t.idx == trigger_start), None)
    if trigger is None:
        return None
    for anc in trigger.ancestors:
        if anc.dep_ == "prep" and anc.lower_ in _FRAME_PREPOSITIONS:
            sub = list(anc.subtree)
            return s.start + sub[0].idx, s.start + sub[-1].idx + len(sub[-1])
        if anc.tag_.startswith("VB"):
            return None  # a clause of its own: its places are its own
    return None


#: Prepositions of being inside a place.
_INSIDE = frozenset({"in", "inside", "throughout", "across"})
#: Categories whose trigger is a statement: a place on the trigger itself is where it was made.
_STATEMENTS = frozenset({"ACCUSE", "REJECT", "REQUEST", "THREATEN", "AGREE", "SUPPORT", "CONSULT"})


def place_within(s: Sentence, place: EventPlace | None, trigger: Token, phrase: Token, category: str) -> bool:
    """Whether ``place`` is named in an "in" phrase of the event: on the trigger or its light verb
    (``phrase``) for an act ("reimposed blockades in the West Bank": imposed in the place, unlike "the
    crossing in Chaman was shut", whose place locates what is closed); anywhere inside the phrase of a
    statement ("rejected a call for troops to be deployed in East Timor", "ready to impose martial law as
    battles raged in Mogadishu": what it concerns) but on its own verb ("rejected the plan in Geneva" is
    where it was made)."""
    if place is None:
        return False
    t = _place_token(s, place.start, place.end)
    if t is None:
        return False
    while t.dep_ in ("compound", "amod", "nmod", "flat", "conj", "appos", "poss") and t.head.i != t.i:
        t = t.head
    prep = t.head
    if t.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _INSIDE:
        return False
    if category in _STATEMENTS:
        # what a statement concerns, not where it was made
        return prep.head.i != phrase.i and any(k.i == prep.i for k in phrase.subtree)
    # an act imposed in a place: on the act itself, not on the thing it closes ("the crossing in X was shut")
    return prep.head.i in (phrase.i, trigger.i)


def _head_text(s: Sentence, m: Mention) -> str:
    t = _place_token(s, m.start, m.end)
    return t.head.text if t is not None else "noun"


_DATELINE = re.compile(
    r"""^\s*(?:[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+){0,2}(?:\s*/\s*[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+){0,2})*|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*:))"""
    r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?(?:\s*\([A-Za-z][\w .&/-]{0,30}\))?\s*(?::|—|–|--?)\s"
)


def dateline_end(sentence: str) -> int:
    """The length of the dateline a sentence opens with ("ISLAMABAD: ", "PESHAWAR, Pakistan (GWS) - ",
    "Doha: ", "GENEVA / KABUL - "), or 0."""
    m = _DATELINE.match(sentence)
    return m.end() if m else 0


def assign_sizes(
    events: Sequence[tuple[str, str, int]], quantities: Sequence[Quantity]
) -> dict[str, list[Quantity]]:
    """Each count of a sentence goes to one event: the nearest trigger (in characters) of a kind of event that
    can carry it. ``events`` are ``(key, category, trigger_start)``."""
    out: dict[str, list[Quantity]] = {}
    for q in quantities:
        able = [e for e in events if q.type in SIZE_TYPES.get(e[1], ())]
        if not able:
            continue
        key = min(able, key=lambda e: abs(e[2] - q.start))[0]
        if all(x.type != q.type for x in out.get(key, [])):
            out.setdefault(key, []).append(q)
    return out


def event_sizes(quantities: Sequence[Quantity]) -> tuple[tuple[EventSize, ...], list[str]]:
    """The size records of the counts an event carries, with the reasons."""
    out = tuple(EventSize(q.type, q.low, q.high, q.qualifier, q.text, q.start, q.end) for q in quantities)
    why = [
        f"{q.type} {q.low}{'-' + str(q.high) if q.high else ''} from {q.text!r}, the nearest event"
        for q in quantities
    ]
    return out, why


@dataclass(frozen=True)
class PlaceRoles:
    """Which categories take an empty role from the event's place, with the sector the inferred entity gets
    (``resources/events/place_roles.toml``)."""

    recipient: Mapping[str, str]
    actor: Mapping[str, str]
    #: the recipient's sector when the place is named inside the event's own phrase ("reimposed blockades
    #: in X", "rejected a call for troops to be deployed in X"), for categories ``recipient`` leaves out
    recipient_within: Mapping[str, str] = field(default_factory=dict)

    def sector(self, role: str, category: str, mode: str | None) -> str | None:
        """The sector an entity inferred for ``role`` gets, or None when the event takes no such role from
        its place: the entry for the category and mode ("ASSAULT.explosives") first, then the category's."""
        table = {
            "recipient": self.recipient,
            "actor": self.actor,
            "recipient_within": self.recipient_within,
        }[role]
        value = table.get(f"{category}.{mode}") if mode else None
        if value is None:
            value = table.get(category)
        return value or None


def parse_place_roles(text: str) -> PlaceRoles:
    try:
        d: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"events/place_roles.toml: {exc}") from exc

    def table(key: str) -> dict[str, str]:
        value = d.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ResourceError(f"events/place_roles.toml: [{key}] must map categories to sectors")
        out = {}
        for k, v in value.items():
            cat, _, mode = str(k).partition(".")
            out[cat.upper() + ("." + mode.lower() if mode else "")] = str(v).upper()
        return out

    return PlaceRoles(
        recipient=table("recipient"), actor=table("actor"), recipient_within=table("recipient_within")
    )


@cache
def default_place_roles() -> PlaceRoles:
    path = resources.files("flashpoint").joinpath("resources", "events", "place_roles.toml")
    return parse_place_roles(path.read_text(encoding="utf-8"))


def roles_from_place(
    category: str,
    mode: str | None,
    actor: tuple[EntityRef, ...],
    recipient: tuple[EntityRef, ...],
    place: EventPlace | None,
    rules: PlaceRoles | None = None,
    *,
    within: bool = False,
) -> tuple[tuple[EntityRef, ...], tuple[EntityRef, ...], list[str]]:
    """An empty role taken from the country of the event's place, for the categories ``rules`` lists ("suicide
    bombers killed 23 people in Tel Aviv": recipient ISR; "was arrested in Lebanon": actor LBN). The inferred
    entity points at the place entity (``entity_id``) and names the place (``entity_text``). A recipient is
    not inferred for an event whose actors are already two sides (the host of talks between two delegations is
    no party to them), nor a government recipient of the actor's own country. ``within``: the place is named
    in an "in" phrase inside the event's own phrase (``place_within``), where ``recipient_within`` applies
    too."""
    rules = rules or default_place_roles()
    if place is None or not place.country:
        return actor, recipient, []
    why: list[str] = []

    def ref(sector: str) -> EntityRef:
        return EntityRef(place.country, sector, place.text, place.name, None, place.place_id)

    sector = rules.sector("recipient", category, mode)
    if sector is None and within:
        sector = rules.sector("recipient_within", category, mode)
    sides = {a.code for a in actor if a.code}
    # a population can be its own state's recipient ("lifted the curfew in Darfur"); a government is not its
    # own host ("the president arrived in his capital")
    own = sector == "GOV" and place.country in sides
    if not recipient and sector and len(sides) < 2 and not own:
        recipient = (ref(sector),)
        why.append(f"recipient inferred from the place {place.text!r}: {place.country} {sector}")
    sector = rules.sector("actor", category, mode)
    if not actor and sector:
        actor = (ref(sector),)
        why.append(f"actor inferred from the place {place.text!r}: {place.country} {sector}")
    return actor, recipient, why
