"""How the writer presents an event: as fact, as someone's claim, denied, conditional, planned or negated.

Read from the parse around the trigger: negation on the trigger or the verb that governs it, a condition
clause (if, unless), modal and future auxiliaries, governing verbs of intention ("plans to visit"), the
trigger words of other events that embed it (a threat, a demand, an accusation, a denial), reporting verbs
("X said ...") and attribution ("according to X").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashpoint.events.grammar import EventGrammar
from flashpoint.events.syntax import ancestors_within, governing_verb, is_verb, logical_subjects, pobjs
from flashpoint.events.triggers import Trigger

if TYPE_CHECKING:
    from spacy.tokens import Token

_CLAUSE_LINKS = frozenset(
    {"xcomp", "ccomp", "conj", "advcl", "pcomp", "prep", "pobj", "dobj", "acl", "relcl"}
)


@dataclass(frozen=True, slots=True)
class StatusReading:
    """What the context says of one trigger (before claims are linked across the document)."""

    status: str  # asserted, alleged, denied, hypothetical, future, negated
    why: tuple[str, ...]
    embedded_by: int | None = None  # token index of the embedding trigger (threat, request, claim, ...)
    embeds: str | None = None  # what the embedding trigger does: claim, denial, threat, intent, request
    reporter: Token | None = None  # the reporting verb whose subject makes the claim
    attribution: Token | None = None  # the "according to" phrase's object
    condition: str | None = None  # the condition clause of a conditional pledge
    marked_alleged: bool = False
    marker: int | None = None  # the word that makes it future or hypothetical ("will", "promised", "could")


def _neg(v: Token) -> bool:
    """A negated verb: "not", "never", or "neither confirmed nor denied"."""
    if any(c.dep_ == "neg" or (c.dep_ == "preconj" and c.lower_ == "neither") for c in v.children):
        return True
    if any(c.dep_ == "cc" and c.lower_ == "nor" for c in v.children):
        return True
    head = v.head
    return v.dep_ == "conj" and any(c.dep_ == "preconj" and c.lower_ == "neither" for c in head.children)


def _aux_words(v: Token) -> set[str]:
    return {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD"}


def _ruled_out(t: Token, g: EventGrammar) -> str | None:
    """The phrase that rules out what the trigger's clause or noun names, when it is the subject of one:
    "lifting the sanctions is out of the question", "talks are off the table"."""
    if t.dep_ not in ("nsubj", "csubj") or not g.ruled_out_phrases:
        return None
    head = t.head
    for c in head.children:
        if c.i <= t.i or c.dep_ not in ("prep", "attr", "acomp", "advmod", "neg"):
            continue
        words = [c] if c.dep_ == "neg" else list(c.subtree)
        phrase = " ".join(w.lower_ for w in words)
        if c.dep_ == "neg":
            attr = next((a for a in head.children if a.dep_ == "attr"), None)
            phrase = " ".join(w.lower_ for w in [c, *(attr.subtree if attr is not None else [])])
        if phrase in g.ruled_out_phrases:
            return phrase
    return None


def read_status(t: Token, triggers: dict[int, Trigger], g: EventGrammar) -> StatusReading:
    why: list[str] = []
    clause = governing_verb(t) or t
    if t.dep_ == "acl" and t.tag_ == "VBG" and not is_verb(t.head):
        # "a drive targeting card holders" is as real as the drive: read the clause the noun stands in
        clause = governing_verb(t.head) or t
    # 1. negation
    if _neg(t) or (clause.i != t.i and _neg(clause) and t.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")):
        why.append(f"negated: 'not' on '{clause.text}'")
        return StatusReading("negated", tuple(why))
    ruled_out = _ruled_out(t, g)
    if ruled_out is not None:
        why.append(f"negated: '{ruled_out}'")
        reporter = next(
            (up for up in ancestors_within(t.head) if is_verb(up) and up.lower_ in g.reporting_verbs), None
        )
        return StatusReading("negated", tuple(why), reporter=reporter)
    if (
        clause.i != t.i
        and t.dep_ in ("dobj", "nsubjpass")
        and t.head.i == clause.i
        and clause.lower_ in g.preventing_verbs
        and clause.i not in triggers
    ):
        why.append(f"negated: '{clause.text}' says it did not happen")
        return StatusReading("negated", tuple(why))
    if is_verb(t):
        for arg in t.children:
            if arg.dep_ not in ("nsubjpass", "nsubj", "dobj"):
                continue
            if arg.lower_ in ("nobody", "none", "nothing") or any(
                c.dep_ == "det" and c.lower_ in g.negation_determiners for c in arg.children
            ):
                why.append(f"negated: 'no {arg.text}' {t.text}")  # "no civilian was targeted"
                return StatusReading("negated", tuple(why))
    if not is_verb(t) and any(c.dep_ == "det" and c.lower_ in g.negation_determiners for c in t.children):
        why.append(f"negated: '{next(c.text for c in t.children if c.dep_ == 'det')} {t.text}'")
        return StatusReading("negated", tuple(why))
    cur = clause
    for up in [clause, *ancestors_within(clause)]:
        if up.i != clause.i and up.dep_ not in _CLAUSE_LINKS and cur.dep_ not in _CLAUSE_LINKS:
            break
        if (
            up.i != clause.i
            and is_verb(up)
            and up.lower_ in g.negating_governors
            and up.i < t.i
            and cur.dep_ in ("xcomp", "pcomp", "prep", "dobj")
            and up.i not in triggers
        ):
            why.append(f"negated: governed by '{up.text}'")
            return StatusReading("negated", tuple(why))
        if up.i != clause.i and is_verb(up) and _neg(up) and cur.dep_ == "xcomp":
            if up.lower_ in g.negating_governors or (
                up.i in triggers and triggers[up.i].pattern.embeds in ("claim", "denial")
            ):
                break  # "neither confirmed nor denied carrying out", "did not fail to act": not negated
            why.append(f"negated: '{up.text}' is negated")
            return StatusReading("negated", tuple(why))
        cur = up
        if up.i == t.i:
            continue  # the trigger itself: "failed to reach a deal" reads what governs "reach"
        if up.i in triggers or (is_verb(up) and up.lower_ in g.reporting_verbs):
            break
    # 2. condition: the trigger's own clause opened by "if"/"unless"
    for up in [clause, *ancestors_within(clause)]:
        if not is_verb(up):
            continue
        marks = [c for c in up.children if c.dep_ == "mark" and c.lower_ in g.condition_marks]
        if marks and up.dep_ in ("advcl", "ccomp", "ROOT", "conj"):
            why.append(f"hypothetical: in a clause opened by '{marks[0].text}'")
            return StatusReading("hypothetical", tuple(why))
        if up.dep_ not in ("xcomp", "conj", "aux"):
            break
    first = t
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # "pressure of arrest and deportation"
    if first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lower_ in g.prospect_nouns:
        why.append(f"hypothetical: '{first.head.head.text} of {t.text}' is a prospect, not an act")
        return StatusReading("hypothetical", tuple(why))
    if clause.dep_ in ("acl", "xcomp") and clause.head.lower_ in g.modal_nouns and not is_verb(clause.head):
        why.append(f"hypothetical: '{clause.head.text} to {clause.text}' is a possibility, not an act")
        return StatusReading("hypothetical", tuple(why))
    if any(c.dep_ == "amod" and c.lower_ in g.hypothetical_modifiers for c in t.children):
        why.append("hypothetical: the noun is qualified as a possibility")
        return StatusReading("hypothetical", tuple(why))
    # 3. embedding by another trigger (threat, demand, intention, accusation, denial)
    embedding = _embedding_trigger(t, triggers)
    reporter = _reporting_verb(clause, triggers, g)
    # 4. modality on the clause (and the chain of xcomp heads: "will try to hold talks")
    modals: set[str] = set()
    chain = [clause]
    up = clause
    while up.dep_ in ("xcomp", "conj") and up.head.i != up.i:
        up = up.head
        chain.append(up)
    modal_tokens: dict[str, int] = {}
    for v in chain:
        modals |= _aux_words(v)
        for c in v.children:
            if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD":
                modal_tokens.setdefault(c.lower_, c.i)
    if modals & g.hypothetical_modals and not (modals & {"would", "'d"} and reporter is not None):
        word = sorted(modals & g.hypothetical_modals)[0]
        why.append(f"hypothetical: modal '{word}'")
        return StatusReading(
            "hypothetical",
            tuple(why),
            embedding[0] if embedding else None,
            embedding[1] if embedding else None,
            reporter,
            marker=modal_tokens.get(word),
        )
    condition = _condition(clause, g)
    if embedding is not None and embedding[1] in ("threat", "request"):
        why.append(
            f"{embedding[1]}: what '{t.doc[embedding[0]].text}' "
            + ("threatens" if embedding[1] == "threat" else "asks for")
        )
        return StatusReading(
            "hypothetical", tuple(why), embedding[0], embedding[1], reporter, condition=condition
        )
    future = bool(modals & g.future_modals) or (bool(modals & {"would", "'d"}) and reporter is not None)
    governor = next((v for v in chain[1:] if v.lower_ in g.future_governors), None)
    if governor is None and clause.dep_ == "xcomp" and clause.head.lower_ in g.future_governors:
        governor = clause.head
    if not future and any(c.dep_ in ("aux",) and c.lower_ == "to" for c in clause.children):
        # "is due to meet", "is set to visit", "are expected to resume"
        head = clause.head
        if head.i != clause.i and (
            head.lower_ in g.future_governors
            or any(c.lower_ in g.future_governors for c in head.children if c.dep_ in ("acomp", "attr"))
        ):
            governor = head
    modifier = next(
        (
            c
            for c in t.children
            if (c.dep_ in ("amod", "compound") and c.lower_ in g.future_modifiers)
            or (
                c.dep_ in ("amod", "acl") and c.lower_ in g.future_governors
            )  # "talks due on", "scheduled for"
        ),
        None,
    )
    if future or governor is not None or modifier is not None or (embedding and embedding[1] == "intent"):
        if future:
            why.append(f"future: '{sorted(modals & (g.future_modals | {'would', chr(39) + 'd'}))[0]}'")
        elif governor is not None:
            why.append(f"future: governed by '{governor.text}'")
        elif modifier is not None:
            why.append(f"future: '{modifier.text} {t.text}'")
        else:
            assert embedding is not None
            why.append(f"future: what '{t.doc[embedding[0]].text}' commits to")
        marker = next((i for w, i in modal_tokens.items() if w in g.future_modals | {"would", "'d"}), None)
        if marker is None and governor is not None:
            marker = governor.i
        return StatusReading(
            "future",
            tuple(why),
            embedding[0] if embedding else None,
            embedding[1] if embedding else None,
            reporter,
            condition=condition,
            marker=marker,
        )
    marked = any(
        c.lower_ in g.allegation_markers and c.dep_ in ("advmod", "amod")
        for v in (t, clause)
        for c in v.children
    )
    attribution = _attribution(t)
    if embedding is not None and embedding[1] in ("claim", "denial"):
        verb = "alleged" if embedding[1] == "claim" else "denied"
        why.append(f"{verb}: what '{t.doc[embedding[0]].text}' {'claims' if verb == 'alleged' else 'denies'}")
        return StatusReading(
            verb, tuple(why), embedding[0], embedding[1], reporter, attribution, condition, marked
        )
    if reporter is not None:
        why.append(f"reported speech: complement of '{reporter.text}'")
        return StatusReading("alleged", tuple(why), None, None, reporter, attribution, condition, marked)
    if attribution is not None:
        why.append(f"attributed: 'according to {attribution.text}'")
        return StatusReading("alleged", tuple(why), None, None, None, attribution, condition, marked)
    if marked:
        why.append("alleged: the writer marks it as unconfirmed (reportedly, alleged)")
        return StatusReading("alleged", tuple(why), None, None, None, None, condition, True)
    return StatusReading("asserted", ("asserted: reported as fact",), condition=condition)


def _embedding_trigger(t: Token, triggers: dict[int, Trigger]) -> tuple[int, str] | None:
    """The nearest trigger above ``t`` that embeds it (its complement, object or "of" phrase)."""
    prev = t
    for up in ancestors_within(t):
        if prev.dep_ == "advcl" and _bare_infinitive_of(prev, up, triggers):
            return up.i, str(triggers[up.i].pattern.embeds)  # "have sworn to fight" parsed as an adverbial
        if prev.dep_ in ("advcl", "relcl", "parataxis"):
            return None  # a condition or a relative clause is not what a trigger above embeds
        if up.i in triggers:
            p = triggers[up.i].pattern
            if p.embeds is not None and prev.dep_ not in ("nsubj", "nsubjpass", "advcl", "conj"):
                if _neg(up):
                    return None  # "neither confirmed nor denied carrying out": no denial, no claim
                return up.i, p.embeds
            if p.embeds is None and prev.dep_ in ("dobj", "nsubj"):
                return None
        if up.dep_ == "ROOT":
            break
        prev = up
    return None


_FRAME_WORDS = frozenset(
    {
        "after",
        "before",
        "since",
        "following",
        "amid",
        "amidst",
        "despite",
        "during",
        "when",
        "while",
        "as",
        "because",
        "although",
        "though",
        "until",
        "once",
        "whereas",
    }
)


def _background(t: Token) -> bool:
    """Whether ``t`` opens a time or circumstance frame of the verb above it ("one day after X happened",
    "amid the fighting"), which tells when or why, not what was said."""
    if t.dep_ == "prep":
        return t.lower_ in _FRAME_WORDS
    if t.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in _FRAME_WORDS for c in t.children)
    return False


def _bare_infinitive_of(clause: Token, up: Token, triggers: dict[int, Trigger]) -> bool:
    """Whether ``clause`` is a subjectless to-infinitive right after a trigger that embeds a threat, a pledge,
    a demand or a refusal: the parser sometimes makes the complement of "sworn to fight" an adverbial clause,
    but after such verbs a to-infinitive is what is threatened or promised, not a purpose."""
    if up.i not in triggers or triggers[up.i].pattern.embeds not in ("threat", "intent", "request", "denial"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in clause.children):
        return False
    to = [c for c in clause.children if c.dep_ == "aux" and c.lower_ == "to"]
    return bool(to) and to[0].i == up.i + 1 and clause.left_edge.i == to[0].i


def _reporting_verb(clause: Token, triggers: dict[int, Trigger], g: EventGrammar) -> Token | None:
    """The verb of saying whose complement holds ``t`` ("Kabul said Pakistani jets struck ...")."""
    prev = clause
    for up in ancestors_within(clause):
        if prev.dep_ == "appos":
            return None  # "..., a charge the Taliban deny": an apposition is the writer's, not the speaker's
        if is_verb(up) and up.lower_ in g.reporting_verbs:
            if prev.dep_ in ("nsubj", "nsubjpass", "csubj", "npadvmod", "advmod"):
                return None  # the event is in the subject: "the attack, officials said, ..." is handled below
            if _background(prev):
                return (
                    None  # "announced a suspension one day after militants shot down a plane": the writer's
                )
            if (
                prev.dep_ == "conj"
                and prev.head.i == up.i
                and not any(c.dep_ == "mark" and c.lower_ == "that" for c in prev.children)
            ):
                return None  # "X said ... and attacked ..." (but "said that ... and that ..." is still said)
            return up  # "said that ...", "said in a statement that ..."
        if up.i in triggers and triggers[up.i].pattern.embeds is not None:
            return None
        prev = up
    # the reporting clause after a fronted complement: "Pakistani jets struck X, Kabul said."
    for c in clause.children:
        if (
            c.dep_ in ("parataxis", "ccomp")
            and is_verb(c)
            and c.lower_ in g.reporting_verbs
            and logical_subjects(c)
        ):
            return c
    return None


def _attribution(t: Token) -> Token | None:
    root = t.sent.root if hasattr(t, "sent") else t
    for tok in [t, *ancestors_within(t)]:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                for to in c.children:
                    objs = pobjs(to) if to.lower_ == "to" else []
                    if objs:
                        return objs[0]
        if tok.i == root.i:
            break
    return None


def _condition(clause: Token, g: EventGrammar) -> str | None:
    """The text of a condition clause attached to ``clause`` ("as long as the other side does")."""
    doc = clause.doc
    for c in clause.children:
        if c.dep_ not in ("advcl", "advmod"):
            continue
        words = list(c.subtree)
        first = words[0]
        # the words just before the clause count too: "as long as" is often parsed around it
        lead = doc[max(0, first.i - 3) : first.i]
        window = " ".join(w.lower_ for w in [*lead, *words[:4]])
        phrase = next((ph for ph in g.condition_phrases if ph in window), None)
        is_advcl = c.dep_ == "advcl" and (first.lower_ in g.condition_marks or phrase is not None)
        is_long = c.dep_ == "advmod" and phrase is not None and any(k.dep_ == "advcl" for k in c.children)
        if not (is_advcl or is_long):
            continue
        if phrase:
            starts = [w for w in [*lead, *words] if w.lower_ == phrase.split()[0]]
            first = starts[0] if starts else first
        end = words[-1].idx + len(words[-1].text)
        return str(doc.text[first.idx : end])
    return None


def states_intent(t: Token, g: EventGrammar) -> bool:
    """Whether ``t`` is stated as an intention or readiness: a modal ("will respond", "would not
    tolerate"), a governing verb or adjective ("ready to defend", "vowed to retaliate"), or a noun of
    possibility ("the right to respond")."""
    clause = governing_verb(t) or t
    chain = [clause]
    up = clause
    while up.dep_ in ("xcomp", "conj") and up.head.i != up.i:
        up = up.head
        chain.append(up)
    for v in chain:
        if any(c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in v.children):
            return True
        if v.i != clause.i and v.lower_ in g.future_governors:
            return True
    head = clause.head
    if clause.dep_ in ("xcomp", "acl") and head.i != clause.i:
        if head.lower_ in g.future_governors or head.lower_ in g.modal_nouns:
            return True
        if head.lower_ in g.readiness_words:
            return True
    return any(c.dep_ == "amod" and c.lower_ in g.readiness_words for c in t.children)
