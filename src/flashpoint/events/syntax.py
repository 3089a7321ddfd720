"""Reading the dependency parse: logical subjects and objects, coordination, clause heads.

Works on spaCy tokens of one parsed sentence (``Sentence.doc``). Only tags (``tag_``) and dependency labels
are used: the lemmatizer and the attribute ruler never run, so there is no ``pos_`` and no ``lemma_``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})


def is_verb(t: Token) -> bool:
    return str(t.tag_).startswith("VB") or t.tag_ == "MD"


def is_passive(v: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)


#: Participles that, after "be" and without a by-phrase, state what their subject holds or does: "Egypt is
#: opposed to the plan", "Kenya is committed to the talks", "the rebels were engaged in fighting".
STATIVE_PARTICIPLES = frozenset(
    {
        "opposed",
        "committed",
        "determined",
        "prepared",
        "dedicated",
        "devoted",
        "resolved",
        "poised",
        "engaged",
        "involved",
    }
)


def is_stative(v: Token) -> bool:
    """A passive form that states its subject's stance or activity ("is opposed to", "were engaged in")."""
    return (
        v.lower_ in STATIVE_PARTICIPLES
        and v.tag_ == "VBN"
        and any(c.dep_ == "nsubjpass" for c in v.children)
        and not any(c.dep_ == "agent" for c in v.children)
    )


def with_conjuncts(t: Token) -> list[Token]:
    """``t`` and the tokens coordinated with it ("Pakistan and Afghanistan")."""
    out = [t]
    for c in t.children:
        if c.dep_ == "conj":
            out.extend(with_conjuncts(c))
        elif c.dep_ == "appos" and c.tag_ in ("NNP", "NNPS"):
            continue
    return out


def pobjs(prep: Token) -> list[Token]:
    out: list[Token] = []
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp"):
            out.extend(with_conjuncts(c))
    if not out and not any(True for _ in prep.children):
        stray = _stray_object(prep)
        if stray is not None:
            out = with_conjuncts(stray)
    return out


def _stray_object(prep: Token) -> Token | None:
    """The object of a preposition the parser left empty because it read the noun phrase after it as the
    subject of a participle: "granted asylum to five officers holed up in an embassy" ('officers' parsed as
    the subject of 'holed'). The noun phrase must start right after the preposition."""
    doc = prep.doc
    if prep.i + 1 >= len(doc):
        return None
    nxt = doc[prep.i + 1]
    head = nxt
    while head.dep_ in ("det", "nummod", "amod", "compound", "poss", "case", "nmod") and head.head.i > head.i:
        head = head.head
    verb = head.head
    if head.dep_ != "nsubj" or head.left_edge.i != nxt.i or verb.i <= head.i:
        return None
    if verb.tag_ not in ("VBN", "VBD") or verb.head.i != prep.head.i:
        return None  # the participle hangs where the preposition does
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    return head


def prep_children(t: Token, words: frozenset[str] | set[str]) -> Iterator[Token]:
    """Prepositional children of ``t`` whose preposition is one of ``words`` (also "agent" for "by")."""
    for c in t.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in words:
            yield c


#: Verbs whose object does what their to-clause says: "urged Kabul to act", "allowed refugees to stay".
OBJECT_CONTROL = frozenset(
    {
        "urge",
        "ask",
        "call",
        "press",
        "force",
        "allow",
        "permit",
        "order",
        "instruct",
        "tell",
        "persuade",
        "encourage",
        "invite",
        "help",
        "want",
        "expect",
        "need",
        "require",
        "compel",
        "pressure",
        "pressur",
        "push",
        "warn",
        "advise",
        "authorise",
        "authorize",
        "enable",
        "oblige",
        "appeal",
        "beg",
        "implore",
        "direct",
        "command",
        "convince",
        "prompt",
        "lead",
        "get",
        "cause",
        "leave",
    }
)


def _base(form: str) -> str:
    """A rough base form of a verb form, enough to look it up in a short list."""
    for suffix, repl in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("d", ""),
    ):
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            stem = form[: -len(suffix)] + repl
            if stem in OBJECT_CONTROL:
                return stem
            if stem + "e" in OBJECT_CONTROL:
                return stem + "e"
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in OBJECT_CONTROL:
                return stem[:-1]
    return {"told": "tell", "led": "lead", "got": "get", "left": "leave"}.get(form, form)


def base_form(v: Token) -> str:
    """The rough base form of an object-control verb ("ordered" -> "order"); other verbs as written."""
    return _base(v.lower_)


def controls_object(v: Token) -> bool:
    """Whether ``v`` is a form of an object-control verb ("allowed", "forces", "ordering")."""
    return _base(v.lower_) in OBJECT_CONTROL


#: Nouns of documents and statements: what their participle says, their author says ("a statement
#: condemning", "a resolution demanding", "a letter urging").
DOCUMENTS = frozenset(
    {
        "statement",
        "statements",
        "declaration",
        "communique",
        "communiqué",
        "resolution",
        "letter",
        "message",
        "note",
        "memo",
        "report",
        "appeal",
        "petition",
        "decree",
        "order",
        "notice",
        "post",
        "video",
        "speech",
        "address",
    }
)


def logical_subjects(v: Token, depth: int = 0) -> list[Token]:
    """Who does ``v``: the subject, the by-phrase of a passive, or the controller of a subjectless verb."""
    if depth > 6:
        return []
    if is_stative(v):
        subj = [c for c in v.children if c.dep_ == "nsubjpass"]
        if subj[0].lower_ in RELATIVE and v.dep_ == "relcl":
            return with_conjuncts(v.head)
        return with_conjuncts(subj[0])
    if is_passive(v):
        return [o for c in v.children if c.dep_ == "agent" for o in pobjs(c)]
    subj = [c for c in v.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "expl"]
    if subj:
        if subj[0].lower_ in RELATIVE and v.dep_ == "relcl":
            return with_conjuncts(v.head)
        return with_conjuncts(subj[0])
    head = v.head
    if head.i == v.i:
        return []
    if v.dep_ == "relcl" and not is_verb(head):
        return with_conjuncts(head)
    if v.dep_ == "acl" and v.tag_ == "VBG":
        if head.lower_ in DOCUMENTS and head.dep_ in ("dobj", "pobj"):
            outer = head.head.head if head.dep_ == "pobj" else head.head
            if is_verb(outer):  # "issued a statement condemning", "said in a letter urging": the author
                return logical_subjects(outer, depth + 1)
        return with_conjuncts(head)
    if v.dep_ == "conj":
        return logical_subjects(head, depth + 1)
    if head.dep_ in ("prep", "agent") and v.dep_ == "pcomp":  # "accused X of attacking", "after meeting"
        verb = head.head
        objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if objs and is_verb(verb):
            return with_conjuncts(objs[0])
        return logical_subjects(verb, depth + 1) if is_verb(verb) else []
    if v.dep_ in ("xcomp", "advcl", "ccomp") and is_verb(head):
        if v.dep_ == "xcomp" and _base(head.lower_) in OBJECT_CONTROL:
            objs = [c for c in head.children if c.dep_ == "dobj"]
            if objs:  # object control: "urged Kabul to act" (but "used Afghan soil to plan attacks" is not)
                return with_conjuncts(objs[0])
        if v.dep_ == "ccomp":
            return []
        return logical_subjects(head, depth + 1)
    return []


def logical_objects(v: Token) -> list[Token]:
    """Who undergoes ``v``: the direct object, or the subject of a passive."""
    if is_stative(v):
        return []
    if is_passive(v):
        subj = [c for c in v.children if c.dep_ == "nsubjpass"]
        if subj:
            if subj[0].lower_ in RELATIVE and v.dep_ == "relcl":
                return with_conjuncts(v.head)
            return with_conjuncts(subj[0])
        if v.dep_ in ("acl", "relcl") and v.tag_ == "VBN":
            return with_conjuncts(v.head)
        return []
    if v.dep_ == "acl" and v.tag_ == "VBN":  # "militants killed in the raid"
        return with_conjuncts(v.head)
    objs = [c for c in v.children if c.dep_ == "dobj"]
    return with_conjuncts(objs[0]) if objs else []


def governing_verb(t: Token) -> Token | None:
    """The nearest verb above a noun (``t`` itself when it is a verb)."""
    cur = t
    for _ in range(8):
        if is_verb(cur):
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def ancestors_within(t: Token) -> Iterator[Token]:
    """The heads above ``t`` up to the root of its sentence."""
    cur = t
    for _ in range(40):
        if cur.head.i == cur.i:
            return
        cur = cur.head
        yield cur


def path_deps(t: Token, top: Token) -> list[str]:
    """The dependency labels from ``t`` up to (not including) its ancestor ``top``."""
    out = []
    cur = t
    while cur.i != top.i and cur.head.i != cur.i:
        out.append(str(cur.dep_))
        cur = cur.head
    return out


def noun_forms_of(word: str) -> set[str]:
    """Singular candidates of a noun form, for matching constraint words ("borders" -> "border")."""
    w = word.lower()
    out = {w}
    if w.endswith("ies"):
        out.add(w[:-3] + "y")
    if w.endswith("es"):
        out.add(w[:-2])
    if w.endswith("s"):
        out.add(w[:-1])
    return out


_MEASURES = frozenset(
    {
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "worth",
        "amount",
        "amounts",
        "shipment",
        "shipments",
        "consignment",
        "consignments",
        "batch",
        "batches",
        "package",
        "packages",
        "round",
        "rounds",
        "wave",
        "waves",
        "series",
        "spate",
        "barrage",
        "volley",
        "string",
        "kind",
        "kinds",
        "type",
        "types",
        "form",
        "forms",
        "lot",
        "lots",
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "billions",
        "million",
        "billion",
        "dollars",
        "truckloads",
        "convoy",
        "convoys",
        "planeload",
        "planeloads",
        "kg",
        "kilograms",
        "litres",
        "liters",
        "sacks",
        "bags",
    }
)


def noun_position(t: Token) -> Token:
    """The token that stands for an event noun in its clause: "tons of food aid" and "a mediation effort"
    sit where "tons" and "effort" sit."""
    cur = t
    for _ in range(4):
        head = cur.head
        if cur.dep_ in ("compound", "conj") and head.i != cur.i and not is_verb(head):
            cur = head  # "a mediation effort"; "artillery, mortar and rocket fire": where "artillery" is
        elif (
            cur.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.i != head.i
            and not is_verb(head.head)
            and (
                head.head.lower_ in _MEASURES
                or any(c.dep_ in ("nummod", "quantmod") for c in head.head.children)
            )
        ):
            cur = head.head
        else:
            break
    return cur
