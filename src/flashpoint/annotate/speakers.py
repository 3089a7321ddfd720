"""Quote speakers: each quote's attribution linked to an actor entity, its outlet named, its date set.

The quote finder (:mod:`flashpoint.annotate.quotes`) says where the quotes and their attributions are;
this module says *who* spoke: the actor entity whose mention the speaker span overlaps; for a pronoun
("he said") the last person met before the quote (the last speaker first); for a continuation the
previous quote's speaker; for an unlisted named speaker a new person entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from flashpoint.records import ActorEntity, AnnotatedDoc, EntityRef, Mention, Quote, Timex

_PLURAL_PRONOUNS = frozenset({"they", "them"})
_NEUTER_PRONOUNS = frozenset({"it"})
_LOOKBACK_CHARS = 1500


class QuoteLike(Protocol):
    """What the quote finder gives for each quote (read-only)."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def speaker(self) -> Mention | None: ...
    @property
    def speaker_kind(self) -> str | None: ...
    @property
    def cue(self) -> str | None: ...
    @property
    def cue_mention(self) -> Mention | None: ...
    @property
    def outlet(self) -> str | None: ...
    @property
    def medium(self) -> str | None: ...
    @property
    def date_mention(self) -> Mention | None: ...
    @property
    def group(self) -> str | None: ...
    @property
    def continues(self) -> bool: ...


class OutletNames(Protocol):
    def forms_for(self, text: str) -> tuple[Any, ...]: ...
    def entry(self, key: str) -> Any: ...


def outlet_name(directory: OutletNames, text: str) -> str | None:
    """The directory's canonical name of an outlet as written ("the BBC" -> "BBC"), if it knows it."""
    for candidate in (text, text.removeprefix("the ").removeprefix("The ")):
        for form in directory.forms_for(candidate):
            if form.kind == "entry":
                entry = directory.entry(form.target)
                if entry.kind == "outlet":
                    return str(entry.name)
    return None


def link_speakers(
    doc: AnnotatedDoc, candidates: Sequence[QuoteLike], outlets: OutletNames | None = None
) -> tuple[tuple[Quote, ...], tuple[ActorEntity, ...]]:
    """Quotes with speakers, and the actor list with any new speaker entities added."""
    actors = list(doc.actors)
    published = doc.article.published.isoformat() if doc.article.published else None
    quotes: list[Quote] = []
    prev_speaker: tuple[ActorEntity, Mention | None] | None = None
    for n, qc in enumerate(candidates, 1):
        entity: ActorEntity | None = None
        mention = qc.speaker
        if qc.continues and prev_speaker is not None and mention is None:
            entity, mention = prev_speaker
        elif mention is not None:
            low = mention.text.lower()
            if qc.speaker_kind == "pronoun" or low in _PLURAL_PRONOUNS | _NEUTER_PRONOUNS | {"he", "she"}:
                entity = _pronoun_antecedent(doc, actors, quotes, low, mention.start)
            else:
                entity = _overlapping(actors, mention)
                if entity is None and qc.speaker_kind == "name":
                    entity = _new_person(doc, actors, mention)
                    actors.append(entity)
        ref: EntityRef | None = None
        if entity is not None:
            ref = entity.ref(mention if mention is not None else None)
            prev_speaker = (entity, mention)
        elif mention is not None:
            ref = EntityRef(None, None, mention.text, None, None, None)
        outlet = qc.outlet
        if outlet and outlets is not None:
            outlet = outlet_name(outlets, outlet) or outlet
        quotes.append(
            Quote(
                id=f"{doc.article.id}-q{n}",
                text=qc.text,
                start=qc.start,
                end=qc.end,
                speaker=ref,
                cue=qc.cue,
                outlet=outlet,
                medium=qc.medium,
                date=_date(doc.timexes, qc.date_mention) or published,
                kind="partial" if qc.kind == "partial" else "direct",
                speaker_mention=mention,
                cue_mention=qc.cue_mention,
                group=qc.group,
            )
        )
    return tuple(quotes), tuple(actors)


def _overlapping(actors: Sequence[ActorEntity], m: Mention) -> ActorEntity | None:
    """The entity with the most overlap with the speaker span; a person wins a tie."""
    best: ActorEntity | None = None
    best_key = (0, False)
    for a in actors:
        for am in a.mentions:
            ov = min(am.end, m.end) - max(am.start, m.start)
            key = (ov, a.individual)
            if ov > 0 and key > best_key:
                best, best_key = a, key
    return best


def _pronoun_antecedent(
    doc: AnnotatedDoc, actors: Sequence[ActorEntity], quotes: Sequence[Quote], pronoun: str, at: int
) -> ActorEntity | None:
    """The entity a pronoun speaker stands for.

    He/she: going back from the pronoun, the first person who is a grammatical subject or spoke the
    previous quote; else the last person mentioned. They/it: the same over governments, organs, groups.
    """
    want_person = pronoun in {"he", "she"}
    by_id = {a.id: a for a in actors}
    seen: list[tuple[int, bool, ActorEntity]] = []  # (position, salient, entity)
    for a in actors:
        if a.individual != want_person or (not want_person and a.kind == "people" and pronoun == "it"):
            continue
        for m in a.mentions:
            if m.end <= at and at - m.start < _LOOKBACK_CHARS:
                seen.append((m.start, _is_subject(doc, m), a))
    for q in quotes:
        ent = by_id.get(q.speaker.entity_id or "") if q.speaker is not None else None
        if ent is not None and ent.individual == want_person and q.end <= at and at - q.end < _LOOKBACK_CHARS:
            seen.append((q.end, True, ent))
    if not seen:
        return None
    seen.sort(key=lambda x: x[0])
    for _, salient, ent in reversed(seen):
        if salient:
            return ent
    return seen[-1][2]


def _is_subject(doc: AnnotatedDoc, m: Mention) -> bool:
    """Whether the mention's head is the subject of its clause (in a parsed sentence)."""
    s = doc.sentence_at(m.start)
    if s is None:
        return False
    if not s.parsed:
        # no parse: a mention before the sentence's first verb is its subject ("Asif said he had ...")
        for t in s.doc:
            if s.start + t.idx >= m.end:
                return any(v.tag_ in {"VBD", "VBZ", "VBP"} for v in s.doc[t.i :]) and not any(
                    v.tag_ in {"VBD", "VBZ", "VBP"} for v in s.doc[: t.i] if s.start + v.idx < m.start
                )
        return False
    for t in s.doc:
        if s.start + t.idx >= m.end:
            break
        if s.start + t.idx >= m.start and t.dep_ in {"nsubj", "nsubjpass"}:
            return True
    return False


def _new_person(doc: AnnotatedDoc, actors: Sequence[ActorEntity], m: Mention) -> ActorEntity:
    return ActorEntity(
        id=f"{doc.article.id}-s{len(actors) + 1}",
        name=m.text,
        code=None,
        sector=None,
        office=None,
        identifier_text=m.text,
        mentions=(m,),
        kind="person",
    )


def _date(timexes: Sequence[Timex], m: Mention | None) -> str | None:
    if m is None:
        return None
    for t in timexes:
        if t.start < m.end and m.start < t.end and t.value and t.precision == "day":
            return t.value
    return None
