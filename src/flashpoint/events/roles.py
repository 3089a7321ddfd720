"""Actor and recipient of a trigger, read from the parse and mapped onto the document's actor entities.

A role slot (``nsubj``, ``dobj``, ``agent``, ``poss``, ``amod``, ``compound``, ``dative`` or a preposition)
names tokens; a token names entities through the actor mentions that cover it or its noun phrase
("Pakistani security forces", "the spokesman for the Taliban government"), through a place ("strikes on
Kabul": the country of the place), or through a pronoun's antecedent.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flashpoint.events.patterns import Pattern
from flashpoint.events.syntax import (
    RELATIVE,
    base_form,
    controls_object,
    is_stative,
    is_verb,
    logical_objects,
    logical_subjects,
    noun_position,
    pobjs,
    prep_children,
    with_conjuncts,
)
from flashpoint.records import ActorEntity, AnnotatedDoc, EntityRef, Mention, PlaceEntity, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

_PRONOUNS = {
    "he": ("person",),
    "him": ("person",),
    "his": ("person",),
    "she": ("person",),
    "her": ("person",),
    "it": ("government", "organ", "group", "body", "igo"),
    "its": ("government", "organ", "group", "body", "igo"),
    "they": ("government", "group", "people", "organ", "body"),
    "them": ("government", "group", "people", "organ", "body"),
    "their": ("government", "group", "people", "organ", "body"),
}
_FIRST_PERSON = frozenset({"we", "us", "our", "i", "me", "my"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "their"})


def is_pronoun(t: Token) -> bool:
    """A personal pronoun; "US" (the United States) and "IT" are names, not "us" and "it"."""
    low = t.lower_
    if low not in _PRONOUNS and low not in _FIRST_PERSON:
        return False
    return not (len(t.text) > 1 and t.text.isupper())


@dataclass(frozen=True, slots=True)
class Filler:
    """An entity filling a role, with the text that names it and how it was found."""

    ref: EntityRef
    start: int
    end: int
    how: str


@dataclass
class DocIndex:
    """The document's actor and place mentions by offset, for mapping tokens to entities."""

    doc: AnnotatedDoc
    country_for: Callable[[str], str | None] | None = None  # demonym or country name -> ISO code
    starts: list[int] = field(default_factory=list)
    items: list[tuple[Mention, ActorEntity]] = field(default_factory=list)
    place_items: list[tuple[Mention, PlaceEntity]] = field(default_factory=list)

    def __post_init__(self) -> None:
        pairs = sorted(((m, a) for a in self.doc.actors for m in a.mentions), key=lambda x: x[0].start)
        self.items = pairs
        self.starts = [m.start for m, _ in pairs]
        self.place_items = sorted(
            ((m, p) for p in self.doc.places for m in p.mentions), key=lambda x: x[0].start
        )

    def actors_over(self, start: int, end: int) -> list[tuple[Mention, ActorEntity]]:
        k = bisect.bisect_left(self.starts, end)
        out = []
        for m, a in self.items[max(0, k - 40) : k]:
            if m.start < end and start < m.end:
                out.append((m, a))
        return out

    def places_over(self, start: int, end: int) -> list[tuple[Mention, PlaceEntity]]:
        return [(m, p) for m, p in self.place_items if m.start < end and start < m.end]

    def places_in(self, start: int, end: int) -> list[tuple[Mention, PlaceEntity]]:
        return [(m, p) for m, p in self.place_items if start <= m.start and m.end <= end]

    def actor_before(self, offset: int, kinds: Sequence[str]) -> tuple[Mention, ActorEntity] | None:
        k = bisect.bisect_left(self.starts, offset)
        for m, a in reversed(self.items[max(0, k - 60) : k]):
            if m.end <= offset and (a.kind in kinds or (a.kind is None and "group" in kinds)):
                return m, a
        return None

    def quote_speaker(self, offset: int) -> EntityRef | None:
        for q in self.doc.quotes:
            if q.start <= offset < q.end and q.speaker is not None:
                return q.speaker
        return None


def token_span(s: Sentence, t: Token) -> tuple[int, int]:
    start = s.start + t.idx
    return start, start + len(t.text)


def entities_of(s: Sentence, t: Token, index: DocIndex, *, places: bool = True) -> list[Filler]:
    """The entities the noun phrase headed by ``t`` names (one per coordinated part, including coordinated
    modifiers: "the Turkish and Greek sides")."""
    out: list[Filler] = []
    parts = with_conjuncts(t)
    for c in t.children:
        if c.dep_ in ("amod", "compound") and any(k.dep_ == "conj" for k in c.children):
            parts = [*parts, *with_conjuncts(c)]
        if c.dep_ == "prep" and c.lower_ in ("of", "from"):
            # "officials of Nepal and Bhutan": each country the phrase's conjuncts name
            parts = [*parts, *(k for o in pobjs(c) for k in with_conjuncts(o)[1:])]
    for part in parts:
        f = _entity_of(s, part, index, places=places)
        if f is not None and all(f.ref.entity_id != g.ref.entity_id or f.ref.entity_id is None for g in out):
            out.append(f)
    return out


def _entity_of(s: Sentence, t: Token, index: DocIndex, *, places: bool) -> Filler | None:
    start, end = token_span(s, t)
    if is_pronoun(t):
        return _pronoun(s, t, index)
    hits = index.actors_over(start, end)
    if hits:
        m, a = max(hits, key=lambda h: h[0].end - h[0].start)
        return Filler(a.ref(m), m.start, m.end, "mention")
    # the noun phrase: modifiers and owners ("Pakistani forces", "forces of Pakistan", "the army's jets")
    for c in t.children:
        if c.dep_ in ("compound", "amod", "poss", "nmod", "appos", "npadvmod"):
            cs, ce = s.start + c.left_edge.idx, s.start + c.right_edge.idx + len(c.right_edge.text)
            hits = index.actors_over(cs, ce)
            if hits:
                m, a = min(hits, key=lambda h: (h[0].start, -(h[0].end - h[0].start)))
                return Filler(a.ref(m), m.start, m.end, f"{c.dep_} of the phrase")
    inside_place = any(m.start < start or end < m.end for m, _ in index.places_over(start, end))
    if index.country_for is not None and not inside_place:  # "Northern Ireland" is not Ireland
        if t.tag_ in ("JJ", "NNP", "NNPS", "NNS"):
            code = index.country_for(t.text)
            if code:
                ref = EntityRef(code, None, t.text, None, None, None)
                return Filler(ref, start, end, f"'{t.text}' names the country {code}")
        for c in t.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss") and c.tag_ in ("JJ", "NNP", "NNPS", "NNS"):
                code = index.country_for(c.text)
                if code:
                    cs, ce = token_span(s, c)
                    ref = EntityRef(code, None, c.text, None, None, None)
                    return Filler(ref, cs, ce, f"'{c.text}' names the country {code}")
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "for"):
            for o in pobjs(c):
                f = _entity_of(s, o, index, places=places)
                if f is not None:
                    return Filler(f.ref, f.start, f.end, f"'{c.lower_}' phrase")
    if places:
        ph = index.places_over(start, end)
        if ph:
            m, p = ph[0]
            ref = EntityRef(p.country, None, m.text, p.name, None, None)
            return Filler(ref, m.start, m.end, f"place {p.name} stands for {p.country}")
    return None


def _pronoun(s: Sentence, t: Token, index: DocIndex) -> Filler | None:
    start, end = token_span(s, t)
    low = t.lower_
    if low in _FIRST_PERSON:
        speaker = index.quote_speaker(start)
        if speaker is not None:
            return Filler(speaker, start, end, "first person inside the speaker's quote")
        return None
    kinds = _PRONOUNS[low]
    addressee = _addressee(s, t, index)
    if addressee is not None:
        return Filler(addressee.ref, start, end, f"pronoun '{t.text}' taken as the addressee {addressee.how}")
    subject = _subject_before(s, t, index, kinds)
    if subject is not None:
        m, a = subject
        return Filler(a.ref(m), start, end, f"pronoun '{t.text}' taken as the subject {m.text!r} before it")
    found = index.actor_before(start, kinds)
    if found is None:
        return None
    m, a = found
    return Filler(a.ref(m), start, end, f"pronoun '{t.text}' taken as {m.text!r} before it")


#: Modals of obligation: "told Kabul that it must act" puts the duty on the one addressed.
_OBLIGATION = frozenset({"must", "should"})


def _addressee(s: Sentence, t: Token, index: DocIndex) -> Filler | None:
    """The party a "that"-clause of obligation is addressed to, for its pronoun subject: "issued a reminder
    to Iraq that it must cooperate", "told Kabul that it should act" (the one told, not the speaker)."""
    clause = t.head
    if t.dep_ != "nsubj" or t.lower_ not in ("it", "they"):
        return None
    if clause.dep_ not in ("ccomp", "acl") or not any(k.lower_ == "that" for k in clause.children):
        return None
    if not any(k.dep_ == "aux" and k.lower_ in _OBLIGATION for k in clause.children):
        return None
    head = clause.head
    owners = [head, head.head] if head.dep_ == "dobj" and is_verb(head.head) else [head]
    toks: list[Token] = []
    for o in owners:
        toks += [k for c in o.children if c.dep_ in ("prep", "dative") and c.lower_ == "to" for k in pobjs(c)]
        toks += [c for c in o.children if c.dep_ == "dative" and c.lower_ != "to"]
        if is_verb(o) and (controls_object(o) or o.lower_.startswith(("told", "remind", "warn"))):
            toks += [c for c in o.children if c.dep_ == "dobj"]
    for tok in toks:
        found = entities_of(s, tok, index)
        if len(found) == 1 and tok.i < t.i:
            return found[0]
    return None


def _subject_before(
    s: Sentence, t: Token, index: DocIndex, kinds: Sequence[str]
) -> tuple[Mention, ActorEntity] | None:
    """The most salient antecedent: the subject of the main clause of this sentence (before the pronoun) or
    of one of the two sentences before it, of a kind the pronoun can stand for."""
    sentences = index.doc.sentences
    pos = next((k for k, x in enumerate(sentences) if x.index == s.index), None)
    if pos is None:
        return None
    for k in range(pos, max(-1, pos - 3), -1):
        sent = sentences[k]
        if not sent.parsed:
            continue
        roots = [x for x in sent.doc if x.dep_ == "ROOT"]
        for root in roots:
            for subj in logical_subjects(root):
                if k == pos and subj.i >= t.i:
                    continue
                if is_pronoun(subj):
                    continue
                # "they" also stands for people named in the plural ("rebel commanders said they ...")
                plural = t.lower_ in _PLURAL_PRONOUNS and subj.tag_ in ("NNS", "NNPS")
                ok = kinds if not plural else (*kinds, "person")
                a0, a1 = token_span(sent, subj)
                hits = [h for h in index.actors_over(a0, a1) if h[1].kind in ok]
                if not hits:
                    left, right = subj.left_edge, subj.right_edge
                    b0, b1 = sent.start + left.idx, sent.start + right.idx + len(right.text)
                    hits = [h for h in index.actors_over(b0, b1) if h[1].kind in ok]
                if hits:
                    return max(hits, key=lambda h: h[0].end - h[0].start)
    return None


@dataclass(frozen=True, slots=True)
class Roles:
    actor: tuple[Filler, ...]
    recipient: tuple[Filler, ...]
    why: tuple[str, ...]


def slot_tokens(t: Token, slot: str, p: Pattern) -> list[Token]:
    """The tokens a role slot names around trigger ``t``."""
    verb = is_verb(t) and p.kind == "verb"
    if slot == "nsubj":
        return logical_subjects(t) if verb else []
    if slot == "dobj":
        return logical_objects(t) if verb else []
    if slot == "agent":
        return [o for c in t.children if c.dep_ == "agent" for o in pobjs(c)]
    if slot == "dative":
        out = [c for c in t.children if c.dep_ == "dative" and c.lower_ != "to"]
        return out + [o for c in t.children if c.dep_ == "dative" and c.lower_ == "to" for o in pobjs(c)]
    if slot in ("poss", "amod", "compound"):
        return [c for c in t.children if c.dep_ == slot or (slot == "amod" and c.dep_ == "nmod")]
    if slot == "xcomp_subj":
        return []
    words = _BETWEEN if slot in _BETWEEN else {slot}  # "talks between the two", "mediation among factions"
    return [o for h in _phrase_heads(t, p) for c in prep_children(h, words) for o in pobjs(c)]


#: Prepositions naming the sides of something shared: two ("between") or more ("among").
_BETWEEN = frozenset({"between", "among", "amongst"})


def _phrase_heads(t: Token, p: Pattern) -> list[Token]:
    """The tokens whose prepositional phrases belong to the trigger: the trigger itself, the object a verb
    pattern requires ("held talks with", "imposed sanctions on": the phrase often hangs on the noun) and the
    noun an event noun stands in ("a mediation effort between", "tons of aid for")."""
    heads = [t]
    if p.kind == "verb" and p.dobj and is_verb(t):
        heads += [c for c in t.children if c.dep_ == "dobj"]
    elif p.kind == "noun":
        pos = noun_position(t)
        if pos.i != t.i:
            heads.append(pos)
    return heads


def find_roles(
    s: Sentence,
    t: Token,
    p: Pattern,
    index: DocIndex,
    light_verbs: frozenset[str],
    triggers: frozenset[int] = frozenset(),
) -> Roles:
    """Actor and recipient of trigger ``t`` from the pattern's slots, with the reasons; when the slots are
    empty, the subject of the clause (through "is willing to", "promised to") and the first party named
    after the trigger in its clause."""
    why: list[str] = []
    actor = _fill(s, t, p.actor, p, index, why, "actor", places=False)
    recipient = _fill(s, t, p.recipient, p, index, why, "recipient", places=True)
    if not actor and p.actor:  # a book that gives no actor slot ("died") means there is none in the clause
        actor = _clause_actor(s, t, p, index, why, light_verbs, triggers)
    if not actor and p.category == "ASSAULT":
        actor = _custodian(s, t, index, why)
    pos = noun_position(t) if p.kind == "noun" else t
    head = pos.head
    if p.kind == "noun" and head.i != pos.i and is_verb(head) and head.lower_ in light_verbs:
        if pos.dep_ in ("dobj", "nsubjpass", "attr") and not actor:
            subs = logical_subjects(head)
            actor = _fillers(s, subs, index, why, "actor", f"subject of '{head.text}'", places=False)
        if not recipient and p.recipient:
            # the indirect object of the light verb: "gave Kabul aid", "sent Islamabad a warning"
            toks = [c for c in head.children if c.dep_ == "dative" and c.lower_ != "to"]
            recipient = _fillers(
                s, toks, index, why, "recipient", f"indirect object of '{head.text}'", places=True
            )
        if not recipient:
            for word in p.recipient:
                toks = [o for c in prep_children(head, {word}) for o in pobjs(c)]
                recipient = _fillers(
                    s, toks, index, why, "recipient", f"'{word}' phrase of '{head.text}'", places=True
                )
                if recipient:
                    break
    if p.reciprocal:
        with_side: list[Filler] = []
        sides = [c for h in _phrase_heads(t, p) for c in prep_children(h, {"with", "between", "among"})]
        for c in [*sides, *_light_with(t, p, light_verbs)]:
            with_side += _fillers(s, pobjs(c), index, why, "actor", f"'{c.lower_}' phrase", places=False)
        for f in [*recipient, *with_side]:
            if all(f.ref.entity_id != g.ref.entity_id or f.ref.code != g.ref.code for g in actor):
                actor = (*actor, f)
        if recipient or with_side:
            why.append("reciprocal: every side is an actor")
            recipient = ()
        elif p.kind == "verb" and p.recipient and len({f.ref.code for f in actor}) == 1:
            # "agreed to provide aid to Y", "agreed to US mediation": one side only; the party the agreed
            # action is about is the recipient (a party, not the place where it is agreed)
            recipient = _first_after(s, t, p, index, why, actor, light_verbs, places=False)
    elif not recipient and p.recipient:
        recipient = (
            _defied(s, t, p, index, why)
            or _put_under(s, t, p, index, why)
            or _first_after(s, t, p, index, why, actor, light_verbs)
        )
    own = [f for f in recipient if _owned_by_actor(index, f, actor) or _mobilized(p, f, actor)]
    if own and len(own) == len(recipient):
        # "offered its troops to Lebanon", "reinforced their positions in the valley": the object belongs to
        # the actor; the party the act is directed at is named after it
        why.append(f"'{_text(index, own[0])}' belongs to the actor: not the recipient")
        recipient = _first_after(s, t, p, index, why, [*actor, *own], light_verbs) if p.recipient else ()
    if not recipient and p.embeds == "threat":
        recipient = _condition_party(s, t, index, why)
    if p.category in ("COERCE", "SANCTION") and not recipient:
        actor, recipient = _ordered_to(s, t, index, why, actor)
    if p.category == "ACCUSE" and recipient:
        recipient = _grievance_party(s, t, p, index, why, actor, recipient)
    actor_ids = {(f.ref.code, f.ref.sector, f.ref.entity_id) for f in actor}
    recipient = tuple(f for f in recipient if (f.ref.code, f.ref.sector, f.ref.entity_id) not in actor_ids)
    return Roles(tuple(actor), tuple(recipient), tuple(why))


_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})


def _text(index: DocIndex, f: Filler) -> str:
    return index.doc.article.text[f.start : f.end]


def _owned_by_actor(index: DocIndex, f: Filler, actor: Sequence[Filler]) -> bool:
    """Whether ``f`` is named as the actor's own ("its troops", "their forces") and is of the actor's side."""
    words = _text(index, f).split()
    return bool(words) and words[0].lower() in _POSSESSIVES and f.ref.code in {a.ref.code for a in actor}


def _mobilized(p: Pattern, f: Filler, actor: Sequence[Filler]) -> bool:
    """Whether ``f`` is what a mobilisation raises or moves, of the actor's own country ("Russia has
    mobilised Russian reservists", "Kenya deployed Kenyan troops"): the actor's own force, not the one it
    is aimed at."""
    return p.category == "MOBILIZE" and f.ref.code is not None and f.ref.code in {a.ref.code for a in actor}


def _condition_party(s: Sentence, t: Token, index: DocIndex, why: list[str]) -> tuple[Filler, ...]:
    """The one a threat is aimed at, named as the subject of its condition: "threatened to strike unless
    Kabul hands over the militants", "threatened to walk out if the United States goes ahead"."""
    heads = [t, *(c for c in t.children if c.dep_ in ("xcomp", "ccomp"))]
    for h in heads:
        for c in h.children:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children
            ):
                found = _fillers(
                    s,
                    [k for k in logical_subjects(c) if k.tag_ != "PRP"],
                    index,
                    why,
                    "recipient",
                    f"subject of the condition '{c.text}'",
                    places=False,
                )
                if found:
                    return found
    return ()


def _defied(s: Sentence, t: Token, p: Pattern, index: DocIndex, why: list[str]) -> tuple[Filler, ...]:
    """The party an act is done "in defiance of" ("marched in Bangkok in defiance of the army", "blocked
    streets in defiance of Chinese authorities"): the one it is aimed at, before any place named earlier."""
    for c in (x for h in _phrase_heads(t, p) for x in prep_children(h, {"in"})):
        for o in pobjs(c):
            if o.lower_ != "defiance":
                continue
            toks = [k for of in prep_children(o, {"of"}) for k in pobjs(of)]
            found = _fillers(s, toks, index, why, "recipient", "'in defiance of' phrase", places=True)
            if found:
                return found
    return ()


def _put_under(s: Sentence, t: Token, p: Pattern, index: DocIndex, why: list[str]) -> tuple[Filler, ...]:
    """Who is put "under" an event noun undergoes it: "a US national was put under investigation", "the
    army placed the former minister under house arrest" (the object of the verb, or its passive subject)."""
    if p.kind != "noun":
        return ()
    pos = noun_position(t)
    prep = pos.head
    if pos.dep_ != "pobj" or prep.lower_ != "under" or not is_verb(prep.head):
        return ()
    verb = prep.head
    return _fillers(
        s, logical_objects(verb), index, why, "recipient", f"put under it by '{verb.text}'", places=False
    )


#: Verbs of command: who orders a party to suspend, close or stop something coerces that party.
_COMMAND = frozenset({"order", "force", "compel", "oblige", "instruct", "direct", "command", "tell"})


def _ordered_to(
    s: Sentence, t: Token, index: DocIndex, why: list[str], actor: tuple[Filler, ...]
) -> tuple[tuple[Filler, ...], tuple[Filler, ...]]:
    """A coercive act that a party is ordered to carry out on itself: "the junta ordered the newspaper to
    suspend publication", "forced the embassy to close" (the one who orders is the actor, the one ordered the
    recipient). Only when the act names no recipient of its own ("ordered troops to arrest the protesters"
    stays the troops' arrest)."""
    head = t.head
    if t.dep_ != "xcomp" or not is_verb(head) or not controls_object(head):
        return actor, ()
    if base_form(head) not in _COMMAND:
        return actor, ()
    ordered = [o for c in head.children if c.dep_ == "dobj" for o in with_conjuncts(c)]
    found = _fillers(s, ordered, index, why, "recipient", f"object of '{head.text}'", places=False)
    boss = _fillers(s, logical_subjects(head), index, why, "actor", f"subject of '{head.text}'", places=False)
    if not found or not boss:
        return actor, ()
    why.append(f"ordered by the subject of '{head.text}': the one who orders coerces the one ordered")
    return boss, found


#: The preposition naming whom a complaint is made to (its audience: "complained to the UN"; a "with" party is
#: mostly the accused itself: "lodged a protest with Kabul"), and those naming what it is about.
_AUDIENCE = frozenset({"to"})
_GRIEVANCE = frozenset({"over", "about", "against"})


def _grievance_party(
    s: Sentence,
    t: Token,
    p: Pattern,
    index: DocIndex,
    why: list[str],
    actor: Sequence[Filler],
    recipient: tuple[Filler, ...],
) -> tuple[Filler, ...]:
    """The party a complaint is about rather than the one it is made to: "complained to the UN over Israeli
    air raids", "protested to Delhi about Chinese incursions" accuse the raiders, not the audience. Only when
    the recipient came from a "to" phrase and the "over"/"about"/"against" phrase names a party."""
    heads = _phrase_heads(t, p)
    audience = {
        (f.start, f.end)
        for c in (x for h in heads for x in prep_children(h, _AUDIENCE))
        for o in pobjs(c)
        for f in entities_of(s, o, index)
    }
    if not all((f.start, f.end) in audience for f in recipient):
        return recipient
    taken = {(f.ref.code, f.ref.entity_id) for f in [*actor, *recipient]}
    for c in (x for h in heads for x in prep_children(h, _GRIEVANCE)):
        found = [
            f
            for o in pobjs(c)
            for f in entities_of(s, o, index, places=False)
            if (f.ref.code, f.ref.entity_id) not in taken and f.ref.code
        ]
        if found:
            why.append(
                f"recipient {found[0].ref.code} from the '{c.lower_}' phrase: what the complaint is about"
            )
            return tuple(found)
    return recipient


#: Nouns of being held: who holds the victim of a death or torture "in custody" is its actor.
_CUSTODY = frozenset({"custody", "detention", "captivity"})
#: Participles of holding someone: "prisoners held by the rebels".
_HOLDING = frozenset(
    {"held", "detained", "kept", "jailed", "imprisoned", "captured", "abducted", "kidnapped"}
)


def _custodian(s: Sentence, t: Token, index: DocIndex, why: list[str]) -> tuple[Filler, ...]:
    """The one who holds the victim of harm done in custody: "died in Israeli police custody", "died in the
    custody of the army", "prisoners held by the rebels were tortured"."""
    head = t if is_verb(t) or t.head.i == t.i or not is_verb(t.head) else t.head
    for tok in head.subtree:
        if tok.lower_ in _CUSTODY and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "into", "under"):
            found = entities_of(s, tok, index, places=False)
            how = f"who holds the victim: '{tok.head.text} {tok.text}'"
        elif tok.lower_ in _HOLDING and tok.dep_ == "acl":
            agents = [o for c in tok.children if c.dep_ == "agent" for o in pobjs(c)]
            found = [f for a in agents for f in entities_of(s, a, index, places=False)]
            how = f"who holds the victim: '{tok.text} by'"
        else:
            continue
        if found:
            for f in found:
                why.append(f"actor {f.ref.code or '?'} {f.ref.sector or ''}".rstrip() + f" from {how}")
            return tuple(found)
    return ()


#: Verbs of travel whose subject takes part in the talks or visit they go to.
_TRAVEL = frozenset(
    f
    for w in ("arrive", "travel", "fly", "come", "go", "return", "head", "land", "leave", "reach", "visit")
    for f in (w, w + "s", w + "d", w + "ed", w + "ing", "flew", "flown", "came", "went", "gone", "left")
)
#: Verbs whose subject takes part in what their "in" phrase names ("participated in the strike").
_PARTAKE = frozenset(
    f
    for w in ("participate", "join", "engage")
    for f in (w, w + "s", w + "d", w + "ed", w + "ing", w[:-1] + "ing")
)
#: Verbs of gathering whose subject holds the protest or talks their "for" phrase names.
_GATHER = frozenset(
    f
    for w in ("gather", "converge", "assemble", "rally", "march", "mass", "turn")
    for f in (w, w + "s", w + "d", w + "ed", w + "ing", w[:-1] + "ing", w + "es")
)
_CLAUSE_BREAKS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj"})


def _clause_actor(
    s: Sentence,
    t: Token,
    p: Pattern,
    index: DocIndex,
    why: list[str],
    light_verbs: frozenset[str],
    triggers: frozenset[int],
) -> tuple[Filler, ...]:
    """The subject of the clause a subjectless trigger sits in ("Norway is willing to send aid")."""
    start = noun_position(t) if p.kind == "noun" else t
    cur = start
    for _ in range(4):
        subs = logical_subjects(cur) if (cur.i != start.i or p.kind == "verb") and is_verb(cur) else []
        if subs:
            if cur.i != start.i and cur.i in triggers and cur.lower_ not in light_verbs:
                return ()  # "condemned the attack": the condemner is not the attacker
            return _fillers(s, subs, index, why, "actor", f"subject of '{cur.text}'", places=False)
        if cur.dep_ in ("xcomp", "acomp", "conj", "dobj", "attr", "pcomp") and cur.head.i != cur.i:
            if p.kind == "noun" and cur.i == start.i and cur.dep_ not in ("dobj", "attr"):
                return ()
            cur = cur.head
            continue
        if (
            cur.dep_ == "pobj"
            and cur.head.lower_ == "with"
            and p.kind == "noun"
            and is_verb(cur.head.head)
            and cur.head.head.i not in triggers
            and (
                cur.head.head.lower_ in light_verbs
                or any(
                    c.lower_ in ("ahead", "on") for c in cur.head.head.children if c.dep_ in ("prt", "advmod")
                )
            )
        ):
            cur = cur.head.head  # "pressed ahead with deportations", "went on with the raids"
            continue
        if cur.dep_ == "pobj" and cur.head.dep_ == "prep" and p.kind == "noun":
            verb = cur.head.head
            prep = cur.head.lower_
            if (
                is_verb(verb)
                and verb.i not in triggers
                and (
                    (prep == "in" and (is_stative(verb) or verb.lower_ in _PARTAKE))
                    or (prep == "for" and verb.lower_ in _GATHER)
                )
            ):
                cur = verb  # "were engaged in ethnic cleansing", "converged on the capital for a rally"
                continue
        if cur.dep_ == "pobj" and cur.head.dep_ == "prep" and p.kind == "noun" and p.category == "CONSULT":
            verb = cur.head.head
            if is_verb(verb) and verb.lower_ in _TRAVEL and verb.i not in triggers:
                cur = verb  # "arrived in Amman for talks", "flew to Doha on a visit"
                continue
        break
    return ()


def _first_after(
    s: Sentence,
    t: Token,
    p: Pattern,
    index: DocIndex,
    why: list[str],
    actor: Sequence[Filler],
    light_verbs: frozenset[str],
    *,
    places: bool = True,
) -> tuple[Filler, ...]:
    """The first party named after the trigger inside its clause (PLOVER's usual reading of a target)."""
    anchor = t
    if p.kind == "noun" and t.dep_ in ("dobj", "attr") and is_verb(t.head) and t.head.lower_ in light_verbs:
        anchor = t.head
    skip: set[int] = set()
    for c in anchor.subtree:
        purpose = c.dep_ == "advcl" and any(k.dep_ == "aux" and k.lower_ == "to" for k in c.children)
        if c.i != anchor.i and c.dep_ in _CLAUSE_BREAKS and not purpose:
            skip.update(k.i for k in c.subtree)
            if _controlled(c):
                # "refused to allow UN planes to land": the one allowed is named, not what it would do
                skip.difference_update(k.i for n in c.children if n.dep_ == "nsubj" for k in n.subtree)
    if p.kind == "verb":
        # "demanded that the US cancel ...": the party the that-clause is about
        for c in t.children:
            if c.dep_ == "ccomp" and is_verb(c):
                for subj in logical_subjects(c):
                    found = entities_of(s, subj, index, places=True)
                    if found:
                        why.append(
                            f"recipient {found[0].ref.code or '?'} from the subject of the clause '{c.text}'"
                        )
                        return tuple(found)
    taken = {(f.start, f.end) for f in actor}
    actor_codes = {f.ref.code for f in actor}
    own_heads = {t.i, anchor.i, noun_position(t).i if p.kind == "noun" else t.i}
    if p.kind == "noun":
        # "a strike that shut down the capital", "the raid which killed three soldiers": what the event did
        for c in noun_position(t).children:
            if c.dep_ == "relcl" and any(k.dep_ == "nsubj" and k.lower_ in RELATIVE for k in c.children):
                found = [
                    g
                    for o in logical_objects(c)
                    for g in entities_of(s, o, index, places=True)
                    if (g.start, g.end) not in taken and g.ref.code is not None
                ]
                if found:
                    why.append(f"recipient {found[0].ref.code} from what the event did: '{c.text}'")
                    return tuple(found)
    for tok in anchor.subtree:
        if tok.i <= t.i or tok.i in skip or not (tok.tag_.startswith("NN") or tok.tag_ in ("PRP", "JJ")):
            continue
        if tok.tag_ in ("PRP",) or tok.lower_ in ("its", "their"):
            continue
        f = _entity_of(s, tok, index, places=places)
        if f is None or (f.start, f.end) in taken:
            continue
        if f.how.startswith("place") and (f.ref.code in actor_codes or f.ref.code is None):
            continue
        if f.how.startswith("place") and _locative_of(tok, own_heads):
            continue  # "was arrested in Cairo": where it happened, not to whom (attach.py may infer a role)
        why.append(f"recipient {f.ref.code or '?'} from the first party after the trigger: {f.how}")
        top = _named_token(s, tok, f)
        while top.dep_ in ("compound", "amod", "nmod") and top.head.i > top.i and not is_verb(top.head):
            top = top.head  # "the United States and Israel": the phrase's head carries the conjuncts
        found = [g for g in entities_of(s, top, index, places=places) if (g.start, g.end) not in taken]
        if not any(g.ref.code == f.ref.code and g.ref.entity_id == f.ref.entity_id for g in found):
            found = [f, *found]
        found += [
            g
            for g in _route_end(s, tok, index, places=places)
            if g.ref.code not in {x.ref.code for x in found}
        ]
        return tuple(found) if found else (f,)
    return ()


def _controlled(c: Token) -> bool:
    """Whether clause ``c`` is the infinitive of an object-control verb, parsed as a clause with a subject:
    "allow UN planes to land", "forced the army to withdraw" (the subject is the verb's object)."""
    return (
        c.dep_ == "ccomp"
        and controls_object(c.head)
        and any(k.dep_ == "aux" and k.lower_ == "to" for k in c.children)
    )


def _route_end(s: Sentence, tok: Token, index: DocIndex, *, places: bool) -> list[Filler]:
    """The other end of a "from X to Y" route named on ``tok`` ("the bridge spanning the Rhine from France
    to Germany", "the road from Chaman to Kandahar"): blocking it affects both ends. The "to" phrase may
    hang on ``tok`` or on the word ``tok`` depends on."""
    while tok.dep_ in ("compound", "amod", "flat") and tok.head.i != tok.i:
        tok = tok.head
    starts = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"]
    if tok.dep_ == "pobj" and tok.head.lower_ == "from":
        starts.append(tok.head)
    if not starts:
        return []
    start = starts[0]
    ends = [
        c
        for h in (start.head, start.head.head, *pobjs(start))
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "to" and c.i > start.i
    ]
    return [g for c in ends[:1] for o in pobjs(c) for g in entities_of(s, o, index, places=places)]


#: Prepositions whose object says where an event happened.
_LOCATIVE = frozenset({"in", "inside", "near", "outside", "around", "across", "throughout", "within"})


def _locative_of(tok: Token, heads: set[int]) -> bool:
    """Whether ``tok`` is (in) the object of a locative preposition on one of ``heads`` (the trigger, the
    light verb or the noun it stands in): "was arrested in Cairo", "the clashes near Kidal"."""
    while tok.dep_ in ("compound", "amod", "nmod", "flat", "conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    prep = tok.head
    return tok.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in _LOCATIVE and prep.head.i in heads


def _named_token(s: Sentence, tok: Token, f: Filler) -> Token:
    """The token of ``tok``'s phrase that names ``f`` ("aid for Romania and Poland": 'Romania', not 'aid'),
    the head of the name when it spans several tokens; ``tok`` when none does."""
    inside = [k for k in tok.subtree if f.start <= token_span(s, k)[0] < f.end]
    heads = [k for k in inside if k.head.i == k.i or k.head not in inside]
    return heads[0] if heads else tok


def _light_with(t: Token, p: Pattern, light_verbs: frozenset[str]) -> list[Token]:
    head = t.head
    if p.kind == "noun" and head.i != t.i and is_verb(head) and head.lower_ in light_verbs:
        return list(prep_children(head, {"with", "between", "among"}))
    return []


def _fill(
    s: Sentence,
    t: Token,
    slots: Sequence[str],
    p: Pattern,
    index: DocIndex,
    why: list[str],
    role: str,
    *,
    places: bool,
) -> tuple[Filler, ...]:
    out: list[Filler] = []
    for slot in slots:
        toks = slot_tokens(t, slot, p)
        if not toks:
            continue
        found = _fillers(s, toks, index, why, role, f"slot '{slot}'", places=places)
        # a country named by its name or a place has no entity id: such fillers differ by their code
        out.extend(f for f in found if all(_key(f) != _key(g) for g in out))
        if out:
            break
    return tuple(out)


def _key(f: Filler) -> tuple[str | None, str | None]:
    return (f.ref.entity_id, None if f.ref.entity_id else f.ref.code)


def _fillers(
    s: Sentence,
    toks: Sequence[Token],
    index: DocIndex,
    why: list[str],
    role: str,
    how: str,
    *,
    places: bool,
) -> tuple[Filler, ...]:
    out: list[Filler] = []
    for tok in toks:
        for f in entities_of(s, tok, index, places=places):
            out.append(f)
            why.append(f"{role} {f.ref.code or '?'} {f.ref.sector or ''}".rstrip() + f" from {how}: {f.how}")
    return tuple(out)
