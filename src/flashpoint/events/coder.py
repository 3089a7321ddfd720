"""The event coder: triggers → roles → status → attachment → claims linked across the document.

``EventCoder.code(doc)`` turns an annotated document (sentences parsed where a trigger word occurs, actors,
places, timexes, quantities, quotes) into PLOVER :class:`~flashpoint.records.Event` records. Violence is never
coded from a negated, conditional, threatened, requested or planned action: such triggers are dropped (the
trace says why) and a threat keeps what it threatens in its ``comment``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from flashpoint.events.attach import (
    assign_sizes,
    event_date,
    event_place,
    event_sizes,
    is_historical,
    paragraph_starts,
    place_within,
    roles_from_place,
)
from flashpoint.events.grammar import EventGrammar, default_grammar
from flashpoint.events.patterns import VIOLENT, Pattern, PatternBooks, default_books
from flashpoint.events.roles import DocIndex, Filler, entities_of, find_roles, token_span
from flashpoint.events.status import StatusReading, read_status, states_intent
from flashpoint.events.syntax import (
    governing_verb,
    is_verb,
    logical_subjects,
    noun_position,
    pobjs,
    prep_children,
)
from flashpoint.events.triggers import Trigger, find_triggers
from flashpoint.records import AnnotatedDoc, EntityRef, Event, EventStatus, Mention, Quantity, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

    from flashpoint.actors.directory import ActorDirectory

#: Cooperation that a halt or a cut turns into a SANCTION.
_COOPERATION = frozenset({"AID", "COOPERATE", "CONSULT"})
#: Triggers whose object noun is what they are about, not a second event ("rejected the demand").
_ABSORBING = frozenset({"ACCUSE", "REJECT", "REQUEST", "AGREE", "SUPPORT", "CONCEDE"})
#: Triggers whose object noun, when not violent, is what they are about ("boycott all contact with",
#: "protested against the agreement").
_ABOUT = _ABSORBING | {"PROTEST"}
#: Event nouns naming a standing state (a ceasefire, a truce): reported only when something happens to them.
_STATE_NOUNS = frozenset({"RETREAT"})
#: Events that always have two sides: one side named implies the article's other main party.
_TWO_SIDED = frozenset({"CONSULT", "ASSAULT"})
REPORTED_CLAIM = "accuse.reported-claim"
_THREAT_MODES = {
    "ASSAULT": "violence",
    "MOBILIZE": "violence",
    "COERCE": "restrict",
    "SANCTION": "relations",
}
_SKIP_KINDS = frozenset({"person", "government", "organ", "group", "igo", "outlet", "body"})
_MEDIATION = frozenset({"mediate", "broker", "host", "facilitate"})


@dataclass
class Decision:
    """One trigger of one sentence and what the coder did with it (for ``flashpoint explain``)."""

    sentence: int
    trigger: str
    start: int
    pattern: str
    category: str
    kept: bool
    why: list[str] = field(default_factory=list)
    event_id: str | None = None


#: Categories of the purpose of a protest ("to protest X", "to demand Y's resignation") that name its target.
_PURPOSE_CATEGORIES = frozenset({"PROTEST", "ACCUSE", "REQUEST", "REJECT"})


@dataclass
class _Draft:
    trig: Trigger
    s: Sentence
    token: Token
    actor: tuple[Filler, ...]
    recipient: tuple[Filler, ...]
    reading: StatusReading
    why: list[str]
    claimant: tuple[EntityRef, ...] = ()
    status: str = "asserted"
    comment: str | None = None
    related: list[str] = field(default_factory=list)
    id: str = ""
    mode: str | None = None
    category: str = ""


class EventCoder:
    def __init__(
        self,
        books: PatternBooks | None = None,
        grammar: EventGrammar | None = None,
        directory: ActorDirectory | None = None,
    ) -> None:
        self.books = books or default_books()
        self.grammar = grammar or default_grammar()
        self.directory = directory
        self._forms = frozenset(self.books.verbs) | frozenset(self.books.nouns)

    def _country_code(self, text: str) -> str | None:
        assert self.directory is not None
        c = self.directory.country_for(text)
        return c.iso3 if c is not None else None

    # -- what to parse --------------------------------------------------------------------------------

    def needs_parse(self, s: Sentence) -> bool:
        """Whether a word of the sentence could be a trigger (the parse is then needed)."""
        forms = self._forms
        return any(t.lower_ in forms for t in s.doc)

    # -- coding ---------------------------------------------------------------------------------------

    def code(self, doc: AnnotatedDoc, trace: list[Decision] | None = None) -> tuple[Event, ...]:
        index = DocIndex(doc, self._country_code if self.directory is not None else None)
        paragraphs = paragraph_starts(doc.article.text)
        drafts: list[_Draft] = []
        pairs: list[tuple[Decision, _Draft | None]] = []
        negations: list[_Draft] = []
        for s in doc.sentences:
            if not s.parsed:
                continue
            drafts.extend(self._sentence(s, index, pairs, negations))
        for n, d in enumerate(drafts, 1):
            d.id = f"{doc.article.id[:12]}-e{n}"
        self._fill_dyads(doc, drafts)
        self._carry_actors(drafts)
        self._deportees(drafts, index)
        extra = self._accusations(drafts)
        # in each sentence, the events its words state come first, then those derived from what a party says
        # (an accusation read from a reported claim)
        drafts = sorted(
            [*drafts, *extra], key=lambda d: (d.s.index, d.trig.pattern.id == REPORTED_CLAIM, d.token.i)
        )
        self._denials(drafts)
        counter = self._counter_claims(negations, drafts, index, doc.article.id[:12])
        if counter:
            drafts = sorted([*drafts, *counter], key=lambda d: (d.s.index, d.token.i))
        sizes: dict[str, list[Quantity]] = {}
        by_sentence: dict[int, list[_Draft]] = {}
        for d in drafts:
            if d.status not in ("negated", "hypothetical"):
                by_sentence.setdefault(d.s.index, []).append(d)
        for group in by_sentence.values():
            s = group[0].s
            quantities = [q for q in doc.quantities if s.start <= q.start < s.end]
            keyed = [(d.id, d.category, token_span(d.s, d.token)[0]) for d in group]
            sizes.update(assign_sizes(keyed, quantities))
        events = [self._finish(doc, d, index, paragraphs, sizes.get(d.id, [])) for d in drafts]
        if trace is not None:
            by_id = {e.id: e for e in events}
            for dec, draft in pairs:
                if draft is not None and draft.id in by_id:
                    dec.event_id = draft.id
                    dec.why = list(by_id[draft.id].why)
                trace.append(dec)
        return tuple(events)

    def _sentence(
        self,
        s: Sentence,
        index: DocIndex,
        trace: list[tuple[Decision, _Draft | None]],
        negations: list[_Draft],
    ) -> list[_Draft]:
        g = self.grammar

        def skip(t: Token) -> bool:
            if t.tag_.startswith("VB") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
                return False  # a verb with its own subject is no part of a name an actor span may cover
            start, end = token_span(s, t)
            if any(a.kind in _SKIP_KINDS for _, a in index.actors_over(start, end)):
                return True
            return bool(index.places_over(start, end))

        triggers = find_triggers(
            s.doc, self.books, skip, lambda t: states_intent(t, g), g.measure_nouns, g.pact_nouns
        )
        found = {tr.i for tr in triggers}
        triggers = [tr for tr in triggers if not _names_a_kind(s.doc[tr.i], tr, found, g)]
        tmap = {tr.i: tr for tr in triggers}
        drafts: dict[int, _Draft] = {}
        for tr in triggers:
            tok = s.doc[tr.i]
            p = tr.pattern
            roles = find_roles(s, tok, p, index, g.light_verbs, frozenset(tmap))
            reading = read_status(tok, tmap, g)
            why = [
                f"trigger '{tok.text}' ({p.kind}) fired pattern {p.id}: {p.category}"
                + (f", mode {p.mode}" if p.mode else ""),
                *roles.why,
                *reading.why,
            ]
            drafts[tr.i] = _Draft(
                tr, s, tok, roles.actor, roles.recipient, reading, why, mode=p.mode, category=p.category
            )
        self._merge(drafts)
        self._protest_purposes(drafts)
        self._counted_objects(drafts)
        self._joint_exercises(drafts)
        self._relative_claims(drafts)
        self._easing(s, drafts, index)
        self._cutting(s, drafts, index)
        kept: list[_Draft] = []
        for i in sorted(drafts):
            d = drafts[i]
            keep, reason = self._claims_and_keep(d, drafts, index)
            if reason:
                d.why.append(reason)
            derived = self._intent(d, drafts, index, kept_it=keep)
            if derived is not None:
                kept.append(derived)
            start, _ = token_span(s, d.token)
            dec = Decision(s.index, d.token.text, start, d.trig.pattern.id, d.category, keep, list(d.why))
            trace.append((dec, d if keep else None))
            if keep:
                kept.append(d)
            elif d.status == "negated" and d.category in VIOLENT:
                negations.append(d)  # "no civilian was targeted", a party says: may answer another's claim
        if not any(d.category == "REQUEST" for d in kept):
            demand = self._demand(s, index, tmap)
            if demand is not None:
                start, _ = token_span(s, demand.token)
                dec = Decision(s.index, demand.token.text, start, demand.trig.pattern.id, "REQUEST", True, [])
                trace.append((dec, demand))
                kept.append(demand)
        return kept

    def _demand(self, s: Sentence, index: DocIndex, tmap: dict[int, Trigger]) -> _Draft | None:
        """A demand made without a demand word: "Kabul must act", "we want Islamabad to stop", said by a party
        about another party (a REQUEST from the speaker to the one who must act)."""
        g = self.grammar
        for t in s.doc:
            verb: Token | None = None
            target: list[Token] = []
            if t.tag_ == "MD" and t.lower_ in g.obligation_modals and t.dep_ == "aux" and t.head.i != t.i:
                verb = t.head
                target = logical_subjects(verb)
            elif t.lower_ in g.control_verbs and is_verb(t):
                objs = [c for c in t.children if c.dep_ == "dobj"]
                if objs and any(c.dep_ in ("xcomp", "ccomp") for c in t.children):
                    verb = t
                    target = [objs[0]]
            if verb is None or not target or verb.i in tmap:
                continue
            recipient = tuple(f for tok in target for f in entities_of(s, tok, index, places=False))
            if not recipient:
                continue
            reading = read_status(verb, tmap, g)
            speaker: tuple[EntityRef, ...] = ()
            if t.lower_ in g.control_verbs:
                speaker = tuple(
                    f.ref for tok in logical_subjects(t) for f in entities_of(s, tok, index, places=False)
                )
            elif reading.reporter is not None:
                speaker = tuple(
                    f.ref
                    for tok in logical_subjects(reading.reporter)
                    for f in entities_of(s, tok, index, places=False)
                )
            if not speaker:
                quoted = index.quote_speaker(token_span(s, t)[0])
                speaker = (quoted,) if quoted is not None else ()
            if not speaker:
                speaker = tuple(f.ref for f in _outer_speaker(s, verb, index))
            if not speaker or {_side(r) for r in speaker} & {_side(f.ref) for f in recipient}:
                continue
            start, end = token_span(s, t)
            p = Pattern(id="request.stated-demand", category="REQUEST", kind="verb", lemma=t.lower_)
            words = list(verb.subtree)
            phrase = str(s.doc.text[words[0].idx : words[-1].idx + len(words[-1].text)])
            return _Draft(
                Trigger(t.i, p),
                s,
                t,
                tuple(Filler(r, start, end, "the party that makes the demand") for r in speaker),
                recipient,
                StatusReading("asserted", ()),
                [
                    f"'{t.text}': {'/'.join(sorted(str(r.code) for r in speaker))} says "
                    f"{'/'.join(sorted(str(f.ref.code) for f in recipient))} must act: a REQUEST",
                    *(f"recipient {f.ref.code} {f.ref.sector}: {f.how}" for f in recipient),
                ],
                comment=f"demanded: {phrase}",
                category="REQUEST",
            )
        return None

    @staticmethod
    def _protest_purposes(drafts: dict[int, _Draft]) -> None:
        """A protest that names no target takes the one of its purpose: "held a rally in Kabul to protest
        the Pakistani air strikes", "gathered for a rally to demand the governor's resignation" (the "to"
        infinitive of the protest noun or of the verb governing it)."""
        for d in drafts.values():
            if d.category != "PROTEST" or d.recipient or d.trig.pattern.kind != "noun":
                continue
            pos = noun_position(d.token)
            owners = {pos.i, d.token.i}
            gov = pos.head.head if pos.dep_ == "pobj" else pos.head
            if pos.dep_ in ("dobj", "pobj", "nsubj") and is_verb(gov):
                owners.add(gov.i)
            for e in drafts.values():
                tok = e.token
                if (
                    e is d
                    or not e.recipient
                    or e.category not in _PURPOSE_CATEGORIES
                    or tok.dep_ not in ("advcl", "relcl", "acl", "xcomp")
                    or tok.head.i not in owners
                    or not any(k.dep_ == "aux" and k.lower_ == "to" for k in tok.children)
                ):
                    continue
                d.recipient = e.recipient
                d.why.append(f"recipient from its purpose '{tok.text}': what the protest is against")
                break

    @staticmethod
    def _counted_objects(drafts: dict[int, _Draft]) -> None:
        """An act whose object is a bare count is done to the people of the event it continues: "fired on
        the demonstrators, killing one and arresting 12" (the 12 are demonstrators)."""
        for d in drafts.values():
            objs = [c for c in d.token.children if c.dep_ == "dobj"]
            if d.recipient or len(objs) != 1 or objs[0].tag_ != "CD" or any(True for _ in objs[0].children):
                continue
            if d.token.dep_ not in ("conj", "advcl", "xcomp"):
                continue
            for anc in d.token.ancestors:
                e = drafts.get(anc.i)
                if e is not None and e.recipient:
                    d.recipient = e.recipient
                    d.why.append(f"recipient from '{anc.text}': the {objs[0].text} are of its people")
                    break
                if anc.dep_ not in ("conj", "advcl", "xcomp"):
                    break

    def _joint_exercises(self, drafts: dict[int, _Draft]) -> None:
        """Military exercises held by two countries together are cooperation, whether or not the text says
        "joint": "Chinese and Russian warships began naval drills" is a COOPERATE with both as actors; one
        side's drills stay a MOBILIZE. The exercise nouns are those the COOPERATE book has a joint form of."""
        for d in drafts.values():
            if d.category != "MOBILIZE" or d.trig.pattern.kind != "noun":
                continue
            countries = {f.ref.code for f in d.actor if f.ref.code}
            if len(countries) < 2:
                continue
            twin = next(
                (
                    p
                    for p in self.books.lookup(d.token.lower_, "noun")
                    if p.category == "COOPERATE" and p.reciprocal
                ),
                None,
            )
            if twin is None:
                continue
            d.trig = Trigger(d.trig.i, replace(twin, id="cooperate.joint-exercise", modifier=frozenset()))
            d.category = "COOPERATE"
            d.mode = None
            d.why.append(
                f"'{d.token.text}' held by {'/'.join(sorted(countries))} together: joint, a COOPERATE"
            )

    def _cutting(self, s: Sentence, drafts: dict[int, _Draft], index: DocIndex) -> None:
        """Halting, suspending or cutting cooperation is a SANCTION (discontinue), whatever the cooperation is
        called ("suspended aid", "halted trade", "ended its mediation", "would prohibit all aid")."""
        self._recast(
            s,
            drafts,
            index,
            _COOPERATION,
            self.grammar.cutting_verbs,
            Pattern(
                id="sanction.cut-cooperation", category="SANCTION", kind="verb", lemma="", mode="discontinue"
            ),
            "cutting {what} is a SANCTION (discontinue)",
            "cut",
            absorb=False,
        )

    def _easing(self, s: Sentence, drafts: dict[int, _Draft], index: DocIndex) -> None:
        """Lifting, easing or ending a restriction is a concession, whatever the restriction is called
        ("lifted the state of emergency", "shortened the curfew", "eased the blockade"): the restriction
        word becomes the object of a CONCEDE by the one who eases it."""
        self._recast(
            s,
            drafts,
            index,
            frozenset({"COERCE", "SANCTION"}),
            self.grammar.easing_verbs,
            Pattern(id="concede.eased-restriction", category="CONCEDE", kind="verb", lemma=""),
            "easing a restriction ({what}) is a CONCEDE",
            "eased",
            absorb=True,
        )

    def _recast(
        self,
        s: Sentence,
        drafts: dict[int, _Draft],
        index: DocIndex,
        objects: frozenset[str],
        verbs: frozenset[str],
        template: Pattern,
        reason: str,
        comment: str,
        *,
        absorb: bool,
    ) -> None:
        """An event noun of the ``objects`` categories that is the object of one of ``verbs`` becomes an event
        of the ``template``'s category done by the verb's subject; the noun is its object."""
        for i in sorted(drafts):
            d = drafts.get(i)
            if d is None or d.category not in objects or d.trig.pattern.kind != "noun":
                continue
            pos = noun_position(d.token)
            verb = pos.head
            if pos.dep_ not in ("dobj", "nsubjpass") or not is_verb(verb) or verb.lower_ not in verbs:
                continue
            if verb.i in drafts:
                if absorb and drafts[verb.i].category == template.category:
                    del drafts[i]  # the book has it already ("lifted the ban")
                    continue
                if not (absorb and _cuts(drafts[verb.i])):
                    continue
                # "cancelled the restrictions", "suspended the curfew": ending a restriction eases it; the
                # verb's own reading (cutting ties: SANCTION) is for cooperation, not for restrictions
                del drafts[verb.i]
            p = replace(template, lemma=verb.lower_)
            actor = tuple(
                f for tok in logical_subjects(verb) for f in entities_of(s, tok, index, places=False)
            )
            what = d.category if template.category == "CONCEDE" else d.category.lower()
            recipient = d.recipient
            if not recipient and template.category == "SANCTION":
                # "reduced food supplies to the camp", "suspended aid to Kabul": whom it was going to
                toks = [o for c in prep_children(verb, {"to", "for"}) for o in pobjs(c)]
                recipient = tuple(f for tok in toks for f in entities_of(s, tok, index, places=True))
            drafts[verb.i] = _Draft(
                Trigger(verb.i, p),
                s,
                verb,
                actor,
                recipient,
                read_status(verb, {verb.i: Trigger(verb.i, p)}, self.grammar),
                [
                    f"'{verb.text} ... {d.token.text}': " + reason.format(what=what),
                    *(f"actor {f.ref.code} {f.ref.sector}: subject of '{verb.text}'" for f in actor),
                ],
                comment=f"{comment}: {d.token.text}",
                mode=template.mode,
                category=template.category,
            )
            del drafts[i]

    @staticmethod
    def _relative_claims(drafts: dict[int, _Draft]) -> None:
        """A claim or denial in a relative clause is about the noun it qualifies: "explosions that the Taliban
        blamed on Pakistani drones", "strikes Islamabad denies"."""
        for d in list(drafts.values()):
            p = d.trig.pattern
            if p.embeds not in ("claim", "denial") or d.token.dep_ not in ("relcl", "acl"):
                continue
            head = drafts.get(d.token.head.i)
            if head is None or head.reading.embeds is not None:
                continue
            verb = "alleged" if p.embeds == "claim" else "denied"
            head.reading = replace(
                head.reading, status=verb, embedded_by=d.token.i, embeds=p.embeds, reporter=None
            )
            what = "claims" if verb == "alleged" else "denies"
            head.why.append(f"{verb}: what '{d.token.text}' in the relative clause {what}")

    def _merge(self, drafts: dict[int, _Draft]) -> None:
        """One event when a trigger is an argument of another trigger of the same category: "the clashes
        killed 23" is the clashes (with the verb's object), "killed in strikes" the killing (with the
        noun's actor)."""
        light = self.grammar.light_verbs
        for i in sorted(drafts):
            d = drafts.get(i)
            if d is None:
                continue
            head = d.token.head
            if d.token.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
                head = head.head  # "killed by shelling", "killed in clashes"
                if head.lower_ in self.grammar.measure_nouns and head.dep_ in ("dobj", "nsubjpass"):
                    head = head.head  # "provided 20 tons of aid": the aid is what is provided
            h = drafts.get(head.i)
            if h is None or h is d or h.category != d.category:
                continue
            if d.token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "compound", "attr", "advcl", "acl"):
                continue
            if d.token.dep_ in ("advcl", "acl") and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in d.token.children
            ):
                continue
            if d.actor and h.actor and {f.ref.code for f in d.actor} != {f.ref.code for f in h.actor}:
                continue
            if h.mode == "third-party" or d.mode == "third-party":
                continue
            if d.token.dep_ == "nsubj":  # the event noun is the subject: it is the event
                keep, gone = d, h
                if all(f.ref.entity_id is None for f in keep.recipient):
                    # the verb's object beats a bare country or place read from the noun's phrase ("a
                    # bombing near the town of X killed a soldier": the soldier)
                    keep.recipient = h.recipient or keep.recipient
            else:
                keep, gone = h, d
                if d.trig.pattern.reciprocal or h.trig.pattern.reciprocal:
                    seen = {(f.ref.code, f.ref.entity_id) for f in h.actor}
                    extra = tuple(f for f in d.actor if (f.ref.code, f.ref.entity_id) not in seen)
                    keep.actor = (*h.actor, *extra)
                else:
                    keep.actor = keep.actor or d.actor
                keep.recipient = keep.recipient or d.recipient
            keep.mode = keep.mode or gone.mode
            keep.why.append(f"merged with '{gone.token.text}' ({gone.trig.pattern.id}): one event")
            del drafts[gone.token.i]
        # a verb that fired through its object ("staged a strike", "carried out raids") gives way to the
        # object when the object is itself an event word: the noun says what happened
        for i in sorted(drafts):
            d = drafts.get(i)
            if (
                d is None
                or not d.trig.pattern.dobj
                or d.token.lower_ not in light
                or d.category in _ABSORBING
            ):
                continue  # "accepted the demands" is a concession about the demands, not a demand
            objs = [c for c in d.token.children if c.dep_ in ("dobj", "nsubjpass") and c.i in drafts]
            if not objs:
                continue
            noun = drafts[objs[0].i]
            if noun.category == d.category:
                continue
            noun.actor = noun.actor or d.actor
            noun.recipient = noun.recipient or d.recipient
            noun.why.append(f"'{d.token.text}' only carries the event word: its roles are taken")
            del drafts[i]
        # events told together share their parties: "were killed and 29 injured", "killed when X attacked"
        for i in sorted(drafts):
            d = drafts[i]
            h = drafts.get(d.token.head.i)
            if h is None or h is d or h.category != d.category:
                continue
            if d.token.dep_ == "conj":
                if not d.actor and h.actor:
                    d.actor = h.actor
                    d.why.append(f"actor shared with '{h.token.text}' (coordinated)")
                if not d.recipient and h.recipient:
                    d.recipient = h.recipient
                    d.why.append(f"recipient shared with '{h.token.text}' (coordinated)")
            elif d.token.dep_ == "advcl" and not h.actor and d.actor:
                h.actor = d.actor
                h.why.append(f"actor from '{d.token.text}' in the clause that tells how it happened")

    def _claims_and_keep(self, d: _Draft, drafts: dict[int, _Draft], index: DocIndex) -> tuple[bool, str]:
        r = d.reading
        s = d.s
        d.status = r.status
        if r.condition:
            d.comment = f"condition: {r.condition}"
        embed = drafts.get(r.embedded_by) if r.embedded_by is not None else None
        if r.embeds == "denial" and d.category == "ACCUSE" and d.trig.pattern.kind == "noun":
            return False, "dropped: the claim a denial answers is linked to the denial, not a new event"
        if r.embeds in ("claim", "denial") and embed is not None:
            d.claimant = tuple(f.ref for f in embed.actor)
            if not d.actor:
                source = embed.recipient if r.embeds == "claim" else embed.actor
                if source:
                    d.actor = source
                    d.why.append(
                        f"actor taken from the {'accused' if r.embeds == 'claim' else 'denier'} "
                        f"of '{embed.token.text}'"
                    )
            if d.category not in VIOLENT or d.status not in ("negated", "hypothetical", "future"):
                embed.related.append(f"pending-{id(d)}")
        elif r.embeds in ("threat", "request") and embed is not None:
            what = "threatened" if r.embeds == "threat" else "requested"
            phrase = _phrase(d.token)
            embed.comment = "; ".join(x for x in (embed.comment, f"{what}: {phrase}") if x)
            if not d.actor and r.embeds == "threat":
                d.actor = embed.actor
            if not embed.recipient and d.recipient:
                embed.recipient = d.recipient
                embed.why.append(f"recipient taken from what is {what}: '{d.token.text}'")
        if d.category == "THREATEN" and (
            d.status in ("future", "hypothetical")
            # a threat phrased in the negative ("will not tolerate", "no one should test our patience") is
            # still a threat; only the verbs of threatening themselves can be negated ("did not threaten")
            or (d.status == "negated" and d.trig.pattern.embeds != "threat")
        ):
            d.status = "alleged" if r.reporter is not None else "asserted"
            d.why.append("a threat is made when it is stated: what it threatens is future or conditional")
            if d.status == "alleged":
                d.reading = replace(r, status="alleged")
                r = d.reading
        if r.status == "alleged" and not d.claimant:
            claimant = self._claimant(d, index)
            if claimant:
                d.claimant = tuple(f.ref for f in claimant)
                d.why.append("claimant: " + ", ".join(f"{f.ref.code} {f.ref.sector}" for f in claimant))
            elif r.reporter is not None and not r.marked_alleged and not _names_someone(r.reporter):
                d.status = "asserted"
                d.why.append("the reporting clause names no one: taken as the writer's report")
            elif r.reporter is not None:
                d.why.append("claimant: a source the text names but the directory does not resolve")
        if d.category == "THREATEN" and not d.actor and not d.claimant:
            speaker = index.quote_speaker(token_span(s, d.token)[0])
            if speaker is not None:
                d.claimant = (speaker,)
        if d.category == "THREATEN" and not d.actor and d.claimant:
            start, end = token_span(s, d.token)
            d.actor = tuple(Filler(c, start, end, "the party that states the threat") for c in d.claimant)
            d.why.append("actor: the party that states the threat")
        if d.status == "alleged" and r.reporter is not None and d.claimant:
            own = {f.ref.code for f in d.actor} and {f.ref.code for f in d.actor} <= {
                c.code for c in d.claimant
            }
            book = self.books.books.get(d.category)
            verbal = book is not None and book.quad_code in (1, 3)
            if own and (verbal or r.reporter.lower_ in self.grammar.avowal_verbs):
                d.status = "asserted"
                d.why.append("a party's statement of its own act: asserted")
        if self._is_reference(d, drafts):
            return (
                False,
                "dropped: a mention of an event (an argument of another, or in passing), not a report of it",
            )
        if d.category in VIOLENT and d.status in ("negated", "hypothetical", "future"):
            return False, f"dropped: no {d.category} is coded from a {d.status} action"
        if d.category in VIOLENT and r.embeds in ("threat", "request"):
            return False, f"dropped: a {r.embeds}ed action is not a {d.category}"
        return True, ""

    def _is_reference(self, d: _Draft, drafts: dict[int, _Draft]) -> bool:
        """A non-violent event noun is reported only when something happens to it or someone does it
        ("declared a ceasefire", "the talks collapsed", "Pakistan's demand", "talks between A and B"); "under
        the truce" or "rejected the demand" only mention it."""
        t = d.token
        p = d.trig.pattern
        if p.kind != "noun" or d.category in VIOLENT or t.dep_ == "ROOT":
            return False
        g = self.grammar
        head = t.head
        governor = head.head if t.dep_ == "pobj" and head.dep_ in ("prep", "agent") else head
        other = drafts.get(governor.i) if governor.i != t.i and t.dep_ not in ("conj", "appos") else None
        if other is not None and (other.category == d.category or other.category in _ABOUT):
            return True  # "rejected the demand", "agreed a ceasefire": the noun is what the other is about
        if d.category not in _STATE_NOUNS:
            return False  # talks, agreements, demands: nominal mentions are events too
        if is_verb(head) and head.lower_ in g.light_verbs and t.dep_ in ("dobj", "nsubjpass", "attr"):
            return False
        if t.dep_ in ("nsubj", "nsubjpass") and is_verb(head) and head.lower_ in g.occurrence_verbs:
            return False
        if d.actor and not all(f.how == "main dyad" for f in d.actor):
            return False
        return not any(c.dep_ == "prep" and c.lower_ in ("between", "with", "among") for c in t.children)

    def _intent(
        self, d: _Draft, drafts: dict[int, _Draft], index: DocIndex, *, kept_it: bool
    ) -> _Draft | None:
        """A party's stated intention is itself an event: to cooperate ("will give aid", "is willing to
        withdraw") an AGREE; to use force or coercion ("will strike", "could close the border", said by the
        party itself) a THREATEN. Writer's speculation about a party is neither."""
        r = d.reading
        book = self.books.books.get(d.category)
        if book is None or r.embeds in ("threat", "request", "claim", "denial"):
            return None
        if not kept_it and d.category not in VIOLENT:
            return None  # a dropped mention ("boycott all contact") states no intention of its own
        refuser = d.actor
        if r.status == "negated" and r.reporter is not None:
            # "lifting the sanctions is out of the question", X said: the one who rules it out refuses
            refuser = self._claimant(d, index) or d.actor
        if r.status == "negated" and refuser and book.quad_code in (1, 2) and d.category != "REJECT":
            return self._derived(
                d,
                drafts,
                "REJECT",
                None,
                d.token,
                refuser,
                d.recipient,
                f"refused: {_phrase(d.token)}",
                f"a party does not or will not '{d.token.text}': a REJECT",
                kept_it=kept_it,
            )
        if r.marker is not None and d.s.doc[r.marker].lower_ in self.grammar.obligation_modals:
            demander = (
                self._claimant_fillers(d)
                or self._claimant(d, index)
                or _outer_speaker(d.s, governing_verb(d.token) or d.token, index)
            )
            if demander and {_side(f.ref) for f in demander} != {_side(f.ref) for f in d.actor}:
                return self._derived(
                    d,
                    drafts,
                    "REQUEST",
                    None,
                    d.s.doc[r.marker],
                    demander,
                    d.actor,
                    f"demanded: {_phrase(d.token)}",
                    f"'{d.s.doc[r.marker].text}' in a party's statement about another: a REQUEST",
                    kept_it=kept_it,
                )
            return None
        if r.marker is None or not d.actor:
            return None
        if r.status not in ("future", "hypothetical"):
            return None
        # an action held out "unless" the other side acts is leverage: a threat, whatever the action
        leverage = r.condition is not None and r.condition.lower().startswith("unless")
        cooperative = book.quad_code in (1, 2) and d.category != "AGREE" and not leverage
        forceful = (d.category in VIOLENT and not kept_it) or (leverage and d.category != "THREATEN")
        if not (cooperative or forceful):
            return None
        actor_codes = {f.ref.code for f in d.actor}
        said_by_actor = bool(actor_codes & {c.code for c in d.claimant}) or r.reporter is not None
        if r.status == "hypothetical" and not said_by_actor:
            return None
        if cooperative and r.status != "future":
            return None
        marker_word = d.s.doc[r.marker].lower_
        if marker_word not in self.grammar.commitment_words:
            return None  # "talks are due to resume", "expected to meet": a schedule, nobody's commitment
        category = "AGREE" if cooperative else "THREATEN"
        above = {a.i for a in d.token.ancestors}
        if any(x.category == category and x.token.i in above for x in drafts.values()):
            return None  # "agreed to provide aid": the AGREE is already there
        s = d.s
        marker = s.doc[r.marker]
        mode = None if cooperative else _THREAT_MODES.get(d.category)
        p = Pattern(
            id=f"{category.lower()}.stated-intent",
            category=category,
            kind="verb",
            lemma=marker.lower_,
            mode=mode,
        )
        claimant = d.claimant
        status = (
            "alleged"
            if r.reporter is not None and not (actor_codes & {c.code for c in claimant})
            else "asserted"
        )
        out = _Draft(
            Trigger(marker.i, p),
            s,
            marker,
            d.actor,
            d.recipient,
            StatusReading(status, ()),
            [
                f"'{marker.text}': {'/'.join(sorted(str(c) for c in actor_codes))} states an intention to "
                f"'{d.token.text}' ({d.category}): {'an AGREE' if cooperative else 'a THREATEN'}"
            ],
            claimant=claimant if status == "alleged" else (),
            status=status,
            comment=f"{'pledge' if cooperative else 'threatened'}: {_phrase(d.token)}",
            related=[f"pending-{id(d)}"] if kept_it else [],
            mode=mode,
            category=category,
        )
        d.why.append(f"stated intention: also coded as {category}")
        return out

    def _claimant_fillers(self, d: _Draft) -> tuple[Filler, ...]:
        start, end = token_span(d.s, d.token)
        if d.claimant:
            return tuple(Filler(c, start, end, "claimant") for c in d.claimant)
        return ()

    def _derived(
        self,
        d: _Draft,
        drafts: dict[int, _Draft],
        category: str,
        mode: str | None,
        anchor: Token,
        actor: tuple[Filler, ...],
        recipient: tuple[Filler, ...],
        comment: str,
        reason: str,
        *,
        kept_it: bool,
    ) -> _Draft | None:
        """An event a statement makes of another event's words (a refusal, a demand)."""
        above = {a.i for a in d.token.ancestors}
        if any(x.category == category and x.token.i in above for x in drafts.values()):
            return None  # "urged Kabul that it must act": the demand is there already
        p = Pattern(
            id=f"{category.lower()}.derived", category=category, kind="verb", lemma=anchor.lower_, mode=mode
        )
        out = _Draft(
            Trigger(anchor.i, p),
            d.s,
            anchor,
            actor,
            recipient,
            StatusReading("asserted", ()),
            [reason],
            comment=comment,
            related=[f"pending-{id(d)}"] if kept_it else [],
            mode=mode,
            category=category,
        )
        d.why.append(f"also coded as {category}: {reason}")
        return out

    def _claimant(self, d: _Draft, index: DocIndex) -> tuple[Filler, ...]:
        r = d.reading
        s = d.s
        if r.reporter is not None:
            out: list[Filler] = []
            for tok in logical_subjects(r.reporter):
                out.extend(entities_of(s, tok, index, places=False))
            if out:
                return tuple(out)
        start, _ = token_span(s, d.token)
        speaker = index.quote_speaker(start)
        if speaker is not None:
            return (Filler(speaker, start, start, "speaker of the quote"),)
        if r.attribution is not None:
            found = entities_of(s, r.attribution, index, places=False)
            return tuple(f for f in found if not _is_outlet(f, index))
        return ()

    # -- across the document ------------------------------------------------------------------------------

    def _fill_dyads(self, doc: AnnotatedDoc, drafts: list[_Draft]) -> None:
        """Reciprocal events that name no side (the October clashes) take the article's two main parties;
        mediators and hosts are left out."""
        fighters = {
            f.ref.code
            for d in drafts
            if d.category in VIOLENT
            for f in (*d.actor, *d.recipient)
            if f.how not in ("main dyad", "carried")
        }
        named = {
            f.ref.code
            for d in drafts
            if d.category in VIOLENT
            for f in (*d.actor, *d.recipient)
            if f.how not in ("main dyad", "carried") and any(ch.isupper() for ch in f.ref.entity_text)
        }
        said = textual_mediators(doc) - named
        mediators = (
            {f.ref.code for d in drafts if d.trig.pattern.lemma in _MEDIATION for f in d.actor} - fighters
        ) | said
        # a mediator is never a party to violence it is not named as doing: a bare "soldiers" that took the
        # host's country from the sentence's "in Doha" is not that country's
        for d in drafts:
            if d.category not in VIOLENT or not said:
                continue
            for role in ("actor", "recipient"):
                kept = tuple(
                    f
                    for f in getattr(d, role)
                    if not (f.ref.code in said and not any(ch.isupper() for ch in f.ref.entity_text))
                )
                if len(kept) != len(getattr(d, role)):
                    setattr(d, role, kept)
                    d.why.append(
                        f"{role}: a mediator ({', '.join(sorted(said))}) is not a party to the violence"
                    )
        counts: Counter[str] = Counter()
        for a in doc.actors:
            if a.code and a.code not in ("IGO", "NGO", "IMG") and a.sector in ("GOV", "MIL", "COP", "SPY"):
                counts[a.code] += len(a.mentions)
        # the parties of a conflict are those that fight, coerce, accuse and threaten each other, not those
        # most often named (a mediator or a distant power can be named more often)
        for d in drafts:
            book = self.books.books.get(d.category)
            if book is None or book.quad_code not in (3, 4):
                continue
            for f in (*d.actor, *d.recipient):
                if (
                    f.ref.code
                    and f.ref.code not in ("IGO", "NGO", "IMG")
                    and f.how not in ("main dyad", "carried")
                ):
                    counts[f.ref.code] += 3
        dyad = [c for c, _ in counts.most_common() if c not in mediators][:2]
        if len(dyad) < 2:
            return
        for d in drafts:
            if not d.trig.pattern.reciprocal or len({f.ref.code for f in d.actor}) >= 2:
                continue
            have = {f.ref.code for f in d.actor}
            sector = "MIL" if d.category in ("ASSAULT", "MOBILIZE") else "GOV"
            start, end = token_span(d.s, d.token)
            added = [
                Filler(EntityRef(code, sector, d.token.text, None, None, None), start, end, "main dyad")
                for code in dyad
                if code not in have
            ]
            if have and not (have < set(dyad) and d.category in _TWO_SIDED):
                continue  # one side named and the event need not have another: the other is not guessed
            d.actor = (*d.actor, *added)
            if have:
                d.why.append(f"the other side not named: the article's other main party {added[0].ref.code}")
            else:
                d.why.append(f"sides not named: the article's main parties {' and '.join(dyad)}")

    @staticmethod
    def _deportees(drafts: list[_Draft], index: DocIndex) -> None:
        """Deportation, expulsion and forced return are done to people: when the sentence names no recipient,
        the refugees or nationals it names are the ones deported; a closure's recipient is never its place."""
        for d in drafts:
            if d.category != "COERCE":
                continue
            if d.mode == "restrict":
                kept = tuple(f for f in d.recipient if not f.how.startswith("place"))
                if len(kept) != len(d.recipient):
                    d.recipient = kept
                    d.why.append("a closed place is what is closed, not a party: no recipient from it")
                continue
            if d.mode != "deport":
                continue
            if d.actor and all(f.ref.sector in ("REF", "CVL") for f in d.actor):
                # "Thousands of Afghans deported from Pakistan": the people are deported, the state deports
                states = tuple(f for f in d.recipient if f.ref.sector not in ("REF", "CVL"))
                d.actor, d.recipient = states, d.actor
                d.why.append("deportation: the people named are deported, not deporting; roles swapped")
                continue
            if d.recipient:
                continue
            people = [
                (m, a)
                for m, a in index.actors_over(d.s.start, d.s.end)
                if a.sector in ("REF", "CVL") and a.kind == "people"
            ]
            if people:
                m, a = people[0]
                d.recipient = (Filler(a.ref(m), m.start, m.end, "the people named in the sentence"),)
                d.why.append(f"recipient {a.code} {a.sector}: the people the sentence names ({m.text!r})")

    @staticmethod
    def _carry_actors(drafts: list[_Draft]) -> None:
        """An act of force whose doer the sentence does not name ("three civilians were killed") continues
        the one just told of the same kind, within two sentences of the same paragraph."""
        for n, d in enumerate(drafts):
            if d.actor or d.category not in ("ASSAULT", "COERCE") or d.status in ("negated", "hypothetical"):
                continue
            for prev in reversed(drafts[max(0, n - 12) : n]):
                if d.s.index - prev.s.index > 2 or "\n" in d.s.doc.text[:0]:
                    break
                if prev.category != d.category or not prev.actor:
                    continue
                rec = {_side(f.ref) for f in d.recipient}
                if rec & {_side(f.ref) for f in prev.actor}:
                    break
                d.actor = tuple(Filler(f.ref, f.start, f.end, "carried") for f in prev.actor)
                d.why.append(
                    f"actor carried from '{prev.token.text}' ({prev.id}): the same happening goes on"
                )
                break

    def _accusations(self, drafts: list[_Draft]) -> list[_Draft]:
        """An alleged hostile act by another party is also an ACCUSE from the claimant to that party."""
        out: list[_Draft] = []
        for d in drafts:
            if d.status != "alleged" or not d.claimant or d.reading.embeds == "claim":
                continue
            book = self.books.books.get(d.category)
            if book is None or book.quad_code not in (3, 4) or d.category in ("ACCUSE", "REJECT"):
                continue
            claim_codes = {c.code for c in d.claimant}
            accused = tuple(
                f for f in d.actor if f.ref.code not in claim_codes and f.how not in ("carried", "main dyad")
            )
            if not accused:
                continue
            if any(
                x.s is d.s
                and x.category in ("ACCUSE", "REQUEST", "THREATEN", "REJECT")
                and {f.ref.code for f in x.actor} & claim_codes
                for x in drafts
            ):
                continue  # the claimant's statement is already coded as what it does
            if d.token.dep_ in ("relcl", "acl") or any(a.dep_ in ("relcl", "acl") for a in d.token.ancestors):
                continue  # background in a relative clause ("a helicopter that was captured"): no accusation
            anchor = d.reading.reporter or d.token
            accused_codes = {f.ref.code for f in accused}
            same = next(
                (
                    x
                    for x in out
                    if x.s is d.s
                    and {f.ref.code for f in x.actor} == claim_codes
                    and {f.ref.code for f in x.recipient} == accused_codes
                ),
                None,
            )
            if same is not None:  # one accusation per claimant and accused in a sentence
                same.related.append(d.id)
                continue
            claimant = tuple(Filler(c, *token_span(d.s, anchor), "claimant") for c in d.claimant)
            p = Pattern(id=REPORTED_CLAIM, category="ACCUSE", kind="verb", lemma=anchor.lower_, mode="allege")
            acc = _Draft(
                Trigger(anchor.i, p),
                d.s,
                anchor,
                claimant,
                accused,
                StatusReading("asserted", ()),
                [
                    f"'{anchor.text}': the claimant says "
                    f"{'/'.join(sorted({str(f.ref.code) for f in accused}))} "
                    f"did what {d.id} codes: an ACCUSE (mode allege)"
                ],
                mode="allege",
                category="ACCUSE",
                related=[d.id],
            )
            acc.id = f"{d.id}-accuse"
            out.append(acc)
        return out

    def _counter_claims(
        self, negations: list[_Draft], drafts: list[_Draft], index: DocIndex, base: str
    ) -> list[_Draft]:
        """A party saying that an act of force did not happen ("No civilian was targeted," the official said)
        contests the claims of another side that it did: those become disputed, and the statement is a
        REJECT by that party."""
        out: list[_Draft] = []
        for n, neg in enumerate(negations, 1):
            speaker = self._claimant(neg, index)
            if not speaker:
                continue
            sides = {_side(f.ref) for f in speaker}
            contested = [
                x
                for x in drafts
                if x.category == neg.category
                and x.status == "alleged"
                and x.claimant
                and not {_side(c) for c in x.claimant} & sides
                and abs(x.s.index - neg.s.index) <= 8
            ]
            if not contested:
                continue
            for x in contested:
                x.status = "disputed"
                x.why.append(f"disputed: {'/'.join(sorted(str(c) for c, _ in sides))} says it did not happen")
            claimants = {c for x in contested for c in x.claimant}
            start, end = token_span(neg.s, neg.token)
            p = Pattern(id="reject.counter-claim", category="REJECT", kind="verb", lemma=neg.token.lower_)
            rej = _Draft(
                Trigger(neg.token.i, p),
                neg.s,
                neg.token,
                speaker,
                tuple(Filler(c, start, end, "claimant") for c in claimants),
                StatusReading("asserted", ()),
                [
                    f"'{neg.token.text}' (negated) in a party's statement contradicts another side's claim: "
                    "a REJECT, and the claim is disputed"
                ],
                comment=f"denied: {_phrase(neg.token)}",
                related=[x.id for x in contested],
                category="REJECT",
            )
            rej.id = f"{base}-n{n}"
            out.append(rej)
        return out

    def _denials(self, drafts: list[_Draft]) -> None:
        """A denial makes what it denies contested: alleged events of the denier become disputed, and a
        denial that names no event answers the latest accusation against the denier."""
        ids = {f"pending-{id(d)}": d.id for d in drafts}
        for d in drafts:
            d.related = [ids.get(r, r) for r in d.related]
        by_id = {d.id: d for d in drafts}
        for n, d in enumerate(drafts):
            if d.trig.pattern.embeds != "denial" or d.status in ("negated", "hypothetical"):
                continue
            deniers = {_side(f.ref) for f in d.actor if f.ref.code}
            if not deniers:
                continue
            if not d.recipient:
                for prev in reversed(drafts[:n]):
                    if prev.category == "ACCUSE" and deniers & {_side(f.ref) for f in prev.recipient}:
                        d.related = list(dict.fromkeys([*d.related, prev.id, *prev.related]))
                        d.recipient = prev.actor
                        d.why.append(f"answers the accusation {prev.id}")
                        break
            if not d.recipient and not any(r in by_id and by_id[r].status == "denied" for r in d.related):
                # "rejected that account", "a charge the Taliban deny": the latest claim of another side
                for prev in reversed(drafts[:n]):
                    if d.s.index - prev.s.index > 4:
                        break
                    claimant = {_side(c) for c in prev.claimant}
                    if prev.status == "alleged" and claimant and not claimant & deniers:
                        d.recipient = tuple(
                            Filler(c, *token_span(prev.s, prev.token), "claimant") for c in prev.claimant
                        )
                        d.related = list(
                            dict.fromkeys(
                                [
                                    *d.related,
                                    *(
                                        x.id
                                        for x in drafts[:n]
                                        if x.status == "alleged"
                                        and {_side(c) for c in x.claimant} == claimant
                                        and d.s.index - x.s.index <= 4
                                    ),
                                ]
                            )
                        )
                        d.why.append(
                            f"answers the claim of {prev.claimant[0].code} told just before ({prev.id})"
                        )
                        break
            contested = [by_id[r] for r in d.related if r in by_id]
            contested += [
                x
                for x in drafts[:n]
                if x.status == "alleged"
                and deniers & {_side(f.ref) for f in x.actor if f.how not in ("carried", "main dyad")}
                and x.category not in ("ACCUSE",)
                and all(x is not c for c in contested)
                and (self.books.books[x.category].quad_code == 4 if x.category in self.books.books else False)
            ]
            for x in contested:
                if x.status in ("alleged", "denied") and x.category != "ACCUSE":
                    x.status = "disputed"
                    who = "/".join(sorted(str(c) for c, _ in deniers))
                    x.why.append(f"disputed: denied by {who} ({d.id})")
                    if x.id not in d.related:
                        d.related.append(x.id)

    # -- the record ---------------------------------------------------------------------------------------

    def _finish(
        self, doc: AnnotatedDoc, d: _Draft, index: DocIndex, paragraphs: list[int], counts: list[Quantity]
    ) -> Event:
        s = d.s
        tstart, tend = token_span(s, d.token)
        why = list(d.why)
        value, precision, source, timex, reason = event_date(
            doc, s, tstart, paragraphs, _clause_spans(s, d.token)
        )
        why.append(reason)
        status = d.status
        if status == "asserted" and is_historical(timex, doc.article.published, self.grammar.historical_days):
            status = "historical"
            why.append("historical: dated a year or more before publication")
        elif (
            status in ("asserted", "alleged")
            and timex is not None
            and source == "sentence"
            and timex.range_start is not None
            and doc.article.published is not None
            and timex.range_start > doc.article.published
            and d.category not in VIOLENT | {"ACCUSE", "REJECT", "THREATEN"}
        ):
            status = "future"
            why.append(f"future: dated {timex.text!r}, after publication")
        near = [(s.start + t.idx, s.start + t.idx + len(t.text)) for t in d.token.subtree]
        place, preason = event_place(index, s, tstart, near)
        why.append(preason)
        size, swhy = event_sizes(counts)
        why.extend(swhy)
        book = self.books.books.get(d.category)
        quad = book.quad_code if book else 0
        scale = book.scale(d.mode) if book else 0.0
        text = doc.article.text
        start, end = s.start, s.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        outlets = tuple(
            sorted(
                {a.name for _, a in index.actors_over(s.start, s.end) if a.kind == "outlet"}
                | {q.outlet for q in doc.quotes if q.outlet and s.start <= q.start < s.end}
            )
        )
        sector = "MIL" if d.category in ("ASSAULT", "MOBILIZE") else "GOV"
        phrase = d.token
        if phrase.dep_ in ("dobj", "attr") and phrase.head.lower_ in self.grammar.light_verbs:
            phrase = phrase.head  # "reimposed blockades in X": the light verb's phrase is the event's
        actor, recipient, rwhy = roles_from_place(
            d.category,
            d.mode,
            _refs(d.actor, sector),
            _refs(d.recipient, "GOV"),
            place,
            within=place_within(s, place, d.token, phrase, d.category),
        )
        why.extend(rwhy)
        return Event(
            id=d.id,
            category=d.category,
            mode=d.mode,
            contexts=d.trig.pattern.contexts,
            actor=actor,
            recipient=recipient,
            status=_status(status),
            claimant=tuple(dict.fromkeys(d.claimant)),
            trigger=Mention(text[tstart:tend], tstart, tend),
            pattern=d.trig.pattern.id,
            sentence=s.index,
            start=start,
            end=end,
            event_text=text[start:end],
            date=value,
            date_precision=precision,
            date_source=source,
            place=place,
            size=size,
            source_outlets=outlets,
            quad_code=quad,
            event_scale=scale,
            comment=d.comment,
            related=tuple(dict.fromkeys(d.related)),
            why=tuple(why),
        )


def _names_a_kind(t: Token, tr: Trigger, triggers: set[int], g: EventGrammar) -> bool:
    """Whether an event noun only qualifies another noun that is no event: "border patrol agents", "attack
    helicopters", "the battle zones", "protest leaders" name people and things, not a patrol, an attack, a
    battle or a protest ("the ceasefire agreement", "a deportation drive" still report events)."""
    if tr.pattern.kind != "noun" or t.dep_ != "compound":
        return False
    head = t.head
    while head.dep_ == "compound" and head.head.i != head.i and head.head.tag_.startswith("NN"):
        head = head.head  # "border patrol agents": the head of the whole compound
    if head.i in triggers or not head.tag_.startswith("NN"):
        return False
    return head.lower_ not in g.event_heads


def _outer_speaker(s: Sentence, verb: Token, index: DocIndex) -> tuple[Filler, ...]:
    """The one who issues the statement whose clause ``verb`` heads: "issued a stern reminder to Iraq that it
    must cooperate" (the subject of the verb governing the noun the clause completes)."""
    if verb.dep_ not in ("ccomp", "acl") or is_verb(verb.head):
        return ()
    outer = governing_verb(verb.head)
    if outer is None or outer.i == verb.i:
        return ()
    return tuple(f for tok in logical_subjects(outer) for f in entities_of(s, tok, index, places=False))


def _cuts(d: _Draft) -> bool:
    """Whether a draft is a verb that cuts something off (SANCTION discontinue: "cancelled", "suspended")."""
    return d.category == "SANCTION" and d.mode == "discontinue" and d.trig.pattern.kind == "verb"


def _refs(fillers: Iterable[Filler], sector: str) -> tuple[EntityRef, ...]:
    """Entity references, one per entity; a bare country (a demonym, a place) gets the sector its role
    implies (the military for violence, else the government)."""
    out: dict[tuple[str | None, str | None, str | None], EntityRef] = {}
    for f in fillers:
        ref = f.ref
        if ref.sector is None and ref.code and len(ref.code) == 3 and ref.entity_id is None:
            ref = replace(ref, sector=sector)
        key = (ref.code, ref.sector, ref.entity_id or ref.entity_text)
        out.setdefault(key, ref)
    return tuple(out.values())


def _status(value: str) -> EventStatus:
    allowed: tuple[EventStatus, ...] = (
        "asserted",
        "alleged",
        "denied",
        "disputed",
        "hypothetical",
        "future",
        "negated",
        "historical",
    )
    return value if value in allowed else "asserted"


_NON_STATE = frozenset({"REB", "UAF", "CRM", "OPP", "PTY", "CVL", "REF", "IMG"})


def _side(ref: EntityRef) -> tuple[str | None, str]:
    """Which side an entity is on: its country, and whether it is the state or a non-state party (the TTP is
    coded PAK REB but is not Pakistan's side)."""
    return ref.code, "non-state" if ref.sector in _NON_STATE else "state"


def _names_someone(reporter: Token) -> bool:
    """Whether a verb of saying has a subject that names a source ("the board said", "officials said"),
    not an impersonal one ("it is said", "there were reports")."""
    subs = logical_subjects(reporter)
    return any(x.tag_ in ("NN", "NNS", "NNP", "NNPS") or x.lower_ in ("he", "she", "they") for x in subs)


def _clause_spans(s: Sentence, t: Token) -> list[tuple[int, int]]:
    """Character spans of the tokens of the clause that states the event, without embedded clauses."""
    head = governing_verb(t) or t
    skip: set[int] = set()
    for c in head.subtree:
        if (
            c.i != head.i
            and c.dep_ in ("ccomp", "advcl", "relcl", "parataxis", "acl")
            and not (c.left_edge.i <= t.i <= c.right_edge.i)
        ):
            skip.update(k.i for k in c.subtree)
    spans = [(s.start + k.idx, s.start + k.idx + len(k.text)) for k in head.subtree if k.i not in skip]
    if t.i not in {k.i for k in head.subtree}:
        spans += [(s.start + k.idx, s.start + k.idx + len(k.text)) for k in t.subtree]
    return spans


def _phrase(t: Token) -> str:
    words = list(t.subtree)
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return str(t.doc.text[start:end])


def _is_outlet(f: Filler, index: DocIndex) -> bool:
    return any(a.kind == "outlet" for _, a in index.actors_over(f.start, f.end))


def with_events(doc: AnnotatedDoc, coder: EventCoder) -> AnnotatedDoc:
    return replace(doc, events=coder.code(doc))


_MEDIATED = frozenset({"mediated", "brokered", "hosted", "facilitated", "mediating", "brokering", "hosting"})
_MEDIATOR_NOUNS = frozenset({"mediator", "mediators", "host", "hosts", "facilitator", "facilitators"})


def textual_mediators(doc: AnnotatedDoc) -> set[str]:
    """Countries the text names as mediators or hosts: "mediated by Turkey and Qatar", "Turkey and Qatar, the
    mediators", "with Qatar as mediator", "Qatari mediators"."""
    spans = [
        (m.start, m.end, a.code)
        for a in doc.actors
        if a.code and a.code not in ("IGO", "NGO")
        for m in a.mentions
    ]
    found: set[str] = set()

    def codes_between(lo: int, hi: int) -> set[str]:
        return {c for a, b, c in spans if lo <= a and b <= hi and c is not None}

    for sent in doc.sentences:
        toks = list(sent.doc)
        for i, t in enumerate(toks):
            low = t.lower_
            if low in _MEDIATED and i + 1 < len(toks) and toks[i + 1].lower_ == "by":
                window = toks[i + 2 : i + 10]
                if window:
                    found |= codes_between(
                        sent.start + window[0].idx, sent.start + window[-1].idx + len(window[-1])
                    )
            elif low in _MEDIATOR_NOUNS:
                prev = toks[i - 1].lower_ if i else ""
                if prev in ("the", "as", "its", "their"):
                    window = toks[max(0, i - 7) : i]
                    if window:
                        found |= codes_between(
                            sent.start + window[0].idx, sent.start + window[-1].idx + len(window[-1])
                        )
                elif i and toks[i - 1].tag_ in ("JJ", "NNP", "NNPS"):
                    found |= codes_between(
                        sent.start + toks[i - 1].idx, sent.start + toks[i - 1].idx + len(toks[i - 1])
                    )
    return found
