"""Actor resolution: from dictionary candidates and tags to the document's actor entities.

A mention is a short noun phrase read left to right::

    [the] [senior|former|...]* [OWNER ['s]] [TITLE]* [of|for [the] OWNER] [NAME]

OWNER is a country, a capital, a demonym or a directory organisation ("Pakistan's", "Afghan",
"Taliban"); TITLE an office, an organ or a people noun ("defence minister", "foreign ministry",
"troops"); NAME a directory person or a run of proper nouns. The phrase decides code and sector:

* a directory person (or the single holder of the office that day) is that person, with the role held
  on the publication date;
* OWNER + organ ("Pakistan's foreign ministry") is the organ of that country;
* OWNER + people noun ("Afghan refugees", "Pakistani troops") is that country's sector;
* OWNER + person title without a directory holder is an unnamed or unlisted official of that country;
* a country or capital alone that is not in a locative context ("Islamabad warned") is its government;
* later short forms join the entity they name: a surname, "the spokesman", "the ministry", "the army".

Appositions ("Khawaja Asif, Pakistan's defence minister,") join the name and the title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from flashpoint.actors.directory import ActorDirectory, Title
from flashpoint.annotate.mentions import Candidate, by_sentence
from flashpoint.records import ActorEntity, AnnotatedDoc, Mention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Closed-class words of the phrase grammar (grammar, not vocabulary: the vocabularies are data files).
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"})
_INDEFINITE = frozenset({"a", "an"})
_PREFIX_MODS = frozenset({"deputy", "vice", "acting", "interim", "caretaker", "chief", "assistant", "junior"})
_MODIFIERS = frozenset(
    {
        "senior",
        "top",
        "former",
        "ex",
        "then",
        "outgoing",
        "incoming",
        "new",
        "veteran",
        "local",
        "provincial",
        "federal",
        "regional",
        "central",
        "national",
        "official",
        "high-ranking",
        "powerful",
        "influential",
        "two",
        "three",
        "several",
        "some",
        "many",
        "other",
        "unnamed",
        "anonymous",
        "visiting",
        "hardline",
        "current",
        "retired",
        "serving",
        "leading",
        "prominent",
        "foreign",
        "armed",
    }
)
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_OF = frozenset({"of", "for"})
_NAME_PARTICLES = frozenset(
    {"bin", "bint", "ibn", "al", "el", "ul", "ud", "ur", "e", "de", "van", "von", "da"}
)
_NAME_TAGS = frozenset({"NNP", "NNPS"})
#: Prepositions after which a country or capital is a place ("a blast in Kabul"), not an actor.
LOCATIVE = frozenset(
    {
        "in",
        "at",
        "near",
        "across",
        "into",
        "inside",
        "from",
        "to",
        "toward",
        "towards",
        "via",
        "through",
        "outside",
        "around",
        "within",
        "throughout",
        "over",
        "on",
        "onto",
        "off",
        "along",
        "beyond",
        "between",
        "reached",
        "entered",
        "visited",
        "visit",
        "visiting",
        "left",
        "returned",
        "arrived",
        "flew",
    }
)
#: Nouns whose "of X" complement is a place: "the outskirts of Kabul", "his hometown of Sialkot".
_PLACE_HEADS = frozenset(
    {
        "capital",
        "city",
        "town",
        "village",
        "hometown",
        "province",
        "district",
        "region",
        "valley",
        "area",
        "areas",
        "regions",
        "outskirts",
        "suburbs",
        "parts",
        "part",
        "north",
        "south",
        "east",
        "west",
        "centre",
        "center",
        "heart",
        "territory",
        "soil",
        "airspace",
        "streets",
        "border",
        "borders",
        "side",
    }
)
_BORDER_NOUNS = frozenset(
    {"border", "borders", "frontier", "boundary", "crossing", "crossings", "region", "area"}
)
_RECENCY = 6  # sentences within which "the spokesman" / "the ministry" find their antecedent


@dataclass(frozen=True, slots=True)
class Resolved:
    """What one mention resolves to, before mentions are grouped into entities."""

    key: str  # grouping key: directory key, or a composed key
    name: str
    code: str | None
    sector: str | None
    office: str | None
    identifier_text: str | None
    kind: str  # person, body, people, government, group, organ, igo, outlet
    directory_id: str | None = None


@dataclass(slots=True)
class _Phrase:
    sentence: Sentence
    i: int
    j: int
    det: str | None = None
    mods: list[str] = field(default_factory=list)
    prefix: list[str] = field(default_factory=list)
    owner: Candidate | None = None
    owner_possessive: bool = False
    titles: list[tuple[Candidate, Title]] = field(default_factory=list)
    post_owner: Candidate | None = None
    post_titles: list[tuple[Candidate, Title]] = field(default_factory=list)
    name: tuple[int, int] | None = None  # token range of a name
    name_entry: Candidate | None = None  # directory person/entry standing as the name
    short_form: Candidate | None = None

    @property
    def empty(self) -> bool:
        return not (
            self.owner or self.titles or self.name or self.name_entry or self.short_form or self.post_owner
        )


def _mention(s: Sentence, i: int, j: int) -> Mention:
    span = s.doc[i:j]
    start = s.start + span.start_char
    return Mention(span.text, start, start + len(span.text))


def is_locative(s: Sentence, i: int, j: int) -> bool:
    """True when tokens [i, j) of the sentence name a place rather than an actor.

    With a parse: the object of a locative preposition, or the modifier of a border noun. Without: the
    word before (skipping "the") is a locative preposition, or a border noun follows ("Pakistan-Afghanistan
    border").
    """
    doc = s.doc
    k = i - 1
    while k >= 0 and doc[k].lower_ in {
        "the",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northwestern",
        "southwestern",
        "northeastern",
        "southeastern",
        "neighbouring",
        "neighboring",
        "rural",
        "capital",
    }:
        k -= 1
    prev = doc[k].lower_ if k >= 0 else ""
    # "A-B border", "Pakistan and Afghanistan border areas"
    m = j
    while m < len(doc) and (doc[m].text in {"-", "–", "—", "and", "/"} or doc[m].tag_ in _NAME_TAGS):
        m += 1
    if m < len(doc) and doc[m].lower_ in _BORDER_NOUNS:
        return True
    if s.parsed:
        head = doc[j - 1]
        while head.head.i >= i and head.head.i < j and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj":
            prep = head.head.lower_
            if prep == "between":
                gov = head.head.head
                return gov.lower_ in _BORDER_NOUNS
            if prep in {"of"}:
                gov = head.head.head
                return gov.lower_ in _PLACE_HEADS
            return prep in LOCATIVE
        if head.dep_ in {"nsubj", "nsubjpass", "dobj", "poss", "agent", "conj", "appos", "ROOT"}:
            if head.dep_ == "conj":
                return is_locative_conj(s, head.i)
            return head.dep_ == "dobj" and head.head.lower_ in LOCATIVE
    if prev == "between":
        return False
    return prev in LOCATIVE


def is_dateline(c: Candidate) -> bool:
    """A place name in capitals ("ISLAMABAD, Oct 25 (Reuters) -") is a dateline, not an actor."""
    return c.text.isupper() and len(c.text) > 3 and c.first("capital", "country", "place") is not None


def is_locative_conj(s: Sentence, i: int) -> bool:
    """A conjunct ("in Kabul and Kandahar") shares the role of its first conjunct."""
    tok = s.doc[i]
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.i == tok.i:
        return False
    return is_locative(s, first.i, first.i + 1)


class ActorResolver:
    """Resolves a document's candidates into actor entities (one resolver per process)."""

    def __init__(self, directory: ActorDirectory) -> None:
        self.d = directory
        self._honorifics = frozenset(h.lower().rstrip(".") for h in directory.honorifics)

    # -- public ---------------------------------------------------------------------------------
    def resolve(self, doc: AnnotatedDoc) -> tuple[ActorEntity, ...]:
        day = doc.article.published
        per_sentence = by_sentence(doc.candidates)
        state = _DocState(doc.article.id)
        for s in doc.sentences:
            cands = per_sentence.get(s.index, [])
            self._interpret(s, self._phrases(s, cands), day, state)
        return state.entities()

    # -- phrase grammar -------------------------------------------------------------------------
    def _phrases(self, s: Sentence, cands: Sequence[Candidate]) -> list[_Phrase]:
        doc = s.doc
        at: dict[int, Candidate] = {c.i: c for c in cands}
        covered: set[int] = {k for c in cands for k in range(c.i, c.j)}
        # tokens a longer name may run over: a surname that is some listed person's short form, or a
        # town's name ("Naqeebullah Afridi", "Asif Mehmood")
        soft: set[int] = {k for c in cands if c.kinds() <= {"short_form", "place"} for k in range(c.i, c.j)}
        place_only: set[int] = {k for c in cands if c.kinds() == {"place"} for k in range(c.i, c.j)}
        out: list[_Phrase] = []
        i = 0
        n = len(doc)
        while i < n:
            ph = _Phrase(s, i, i)
            k = i
            if doc[k].lower_ in _DETERMINERS and k + 1 < n:
                ph.det = doc[k].lower_
                k += 1
            k = self._modifiers(doc, k, ph, at)
            # a name that runs over a listed short form or a town name is someone else's name
            end = self._name_run(s, k, covered - soft, soft)
            if end > k + 1 and any(t not in soft for t in range(k, end)) and k in soft:
                at_k = None
            else:
                at_k = at.get(k)
            # owner (country / capital / demonym / organisation), possibly possessive
            c = at_k
            if (
                c is not None
                and c.first("country", "capital", "demonym", "entry", "plural") is not None
                and not is_dateline(c)
            ):
                r = c.first("entry")
                if r is None or self._entry_kind(r.target) != "person":
                    ph.owner = c
                    k = c.j
                    if k < n and doc[k].text in _POSSESSIVE:
                        ph.owner_possessive = True
                        k += 1
                    k = self._modifiers(doc, k, ph, at)
                    k = self._compound_nouns(doc, k, ph, at)
            elif c is None and ph.owner is None:
                k = self._compound_nouns(doc, k, ph, at)
            # titles
            while True:
                k2 = self._modifiers(doc, k, ph, at, prefix_only=True)
                c = at.get(k2)
                if c is None:
                    break
                r = c.first("title")
                if r is None:
                    break
                ph.titles.append((c, self.d.title(r.target)))
                k = c.j
            # "of/for [the] OWNER" or "of the foreign ministry"
            if (ph.titles or ph.owner) and k < n and doc[k].lower_ in _OF:
                k2 = k + 1
                if k2 < n and doc[k2].lower_ in _DETERMINERS:
                    k2 += 1
                k2 = self._modifiers(doc, k2, ph, at, record=False)
                c = at.get(k2)
                post_titles: list[tuple[Candidate, Title]] = []
                owner2 = None
                if c is not None and c.j < n and doc[c.j].text in {"-", "–"}:
                    c = None  # "of the Pakistan-Afghanistan Joint Chamber": a longer name
                if c is not None and c.first("country", "capital", "demonym", "entry") is not None:
                    r = c.first("entry")
                    if r is None or self._entry_kind(r.target) != "person":
                        owner2 = c
                        k2 = c.j
                        if k2 < n and doc[k2].text in _POSSESSIVE:
                            k2 += 1
                        c = at.get(k2)
                while c is not None and c.first("title") is not None:
                    rt = c.first("title")
                    assert rt is not None
                    post_titles.append((c, self.d.title(rt.target)))
                    k2 = c.j
                    c = at.get(k2)
                if (owner2 is not None or post_titles) and ph.titles:
                    ph.post_owner = owner2
                    ph.post_titles = post_titles
                    k = k2
                elif owner2 is not None and ph.owner is None and not ph.titles:
                    pass
            # name: a directory person, or a run of proper nouns
            run_end = self._name_run(s, k, covered - soft, soft)
            c = at.get(k) if not (k in soft and run_end > k + 1) else None
            if c is not None:
                r = c.first("entry")
                if r is not None and self._entry_kind(r.target) == "person":
                    ph.name_entry = c
                    k = c.j
                elif c.first("short_form") is not None and (ph.titles or ph.owner is None):
                    ph.short_form = c
                    k = c.j
            if ph.name_entry is None and ph.short_form is None:
                end = self._name_run(s, k, covered - soft, soft)
                if end > k and all(m in place_only for m in range(k, end)):
                    end = k  # a town's name standing alone is a place, whatever the recogniser says
                if end > k and (ph.titles or ph.owner is not None or self._is_person(s, k, end)):
                    ph.name = (k, end)
                    k = end
            if ph.empty or k == i or self._unsupported(ph):
                i += 1
                continue
            # a bare owner followed by a noun we do not know is no actor mention ("Afghan territory")
            ph.j = k
            out.append(ph)
            i = k
        return out

    @staticmethod
    def _unsupported(ph: _Phrase) -> bool:
        """A lone ambiguous form ("Jordan", "IS", "general") is no mention without an actor context."""
        parts: list[Candidate | None] = [ph.owner, ph.post_owner, ph.name_entry, ph.short_form]
        parts += [c for c, _ in ph.titles + ph.post_titles]
        present = [c for c in parts if c is not None]
        n = len(present) + (1 if ph.name else 0)
        return n == 1 and bool(present) and present[0].ambiguous

    def _modifiers(
        self,
        doc: Doc,
        k: int,
        ph: _Phrase,
        at: dict[int, Candidate],
        prefix_only: bool = False,
        record: bool = True,
    ) -> int:
        n = len(doc)
        while k < n and k not in at:
            w = doc[k].lower_
            if w in _PREFIX_MODS:
                if record:
                    ph.prefix.append(w)
            elif w.rstrip(".") in self._honorifics and doc[k].text[:1].isupper():
                pass  # "Mullah", "Sheikh", "Dr.": not part of the name we look up
            elif (
                not prefix_only and w in _MODIFIERS and doc[k].tag_ in {"JJ", "JJS", "NN", "CD", "VBN", "RB"}
            ):
                if record:
                    ph.mods.append(w)
            else:
                break
            k += 1
        return k

    def _compound_nouns(self, doc: Doc, k: int, ph: _Phrase, at: dict[int, Candidate]) -> int:
        """Skip up to two common nouns before a title: "Pakistani security official", "border police"."""
        for width in (1, 2):
            if k + width < len(doc) and all(
                doc[m].tag_ in {"NN", "JJ"} and doc[m].is_lower and m not in at for m in range(k, k + width)
            ):
                c = at.get(k + width)
                if c is not None and c.first("title") is not None:
                    ph.mods.extend(doc[m].lower_ for m in range(k, k + width))
                    return k + width
        return k

    @staticmethod
    def _name_run(
        s: Sentence, k: int, covered: set[int], soft: frozenset[int] | set[int] = frozenset()
    ) -> int:
        """End of a run of proper nouns from ``k`` (over particles and hyphens); ``k`` if none."""
        doc = s.doc
        n = len(doc)
        end = k
        m = k
        while m < n:
            t = doc[m]
            if m in covered and m not in soft:
                break
            if t.tag_ in _NAME_TAGS and t.text[:1].isupper() and t.is_alpha:
                m += 1
                end = m
            elif (
                end > k
                and m + 1 < n
                and (t.lower_ in _NAME_PARTICLES or (t.text == "-" and not t.whitespace_))
                and doc[m + 1].tag_ in _NAME_TAGS
            ):
                m += 1
            else:
                break
        return end

    @staticmethod
    def _is_person(s: Sentence, i: int, j: int) -> bool:
        """A bare run of proper nouns is a person only when the entity recogniser says so."""
        if not s.has_ner:
            return False
        for ent in s.doc.ents:
            if ent.label_ == "PERSON" and ent.start <= i and j <= ent.end + 1 and j > ent.start:
                return True
        return False

    def _entry_kind(self, key: str) -> str:
        return self.d.entry(key).kind

    # -- interpretation -------------------------------------------------------------------------
    def _interpret(self, s: Sentence, phrases: list[_Phrase], day: dt.date | None, state: _DocState) -> None:
        """Resolve the phrases of a sentence in order (each one sees the ones before) into ``state``."""
        resolved: list[tuple[_Phrase, Resolved | None]] = []
        self._share_heads(s, phrases)
        for ph in phrases:
            res, span = self._interpret_one(s, ph, day, state)
            if res is not None and span is not None:
                res = state.add(res, span, s.index, ph)
            resolved.append((ph, res))
        # appositions: NAME , [the] OWNER TITLE ,  /  OWNER TITLE , NAME
        for (pa, ra), (pb, rb) in pairwise(resolved):
            if ra is None or rb is None or ra.kind != "person" or rb.kind != "person":
                continue
            if pb.i != pa.j + 1 or s.doc[pa.j].text != ",":
                continue
            a_named = bool(pa.name or pa.name_entry) and not pa.titles
            b_named = bool(pb.name or pb.name_entry) and not pb.titles
            if a_named and pb.titles and not (pb.name or pb.name_entry):
                state.merge(rb.key, ra.key)
            elif b_named and pa.titles and not (pa.name or pa.name_entry):
                state.merge(ra.key, rb.key)

    @staticmethod
    def _share_heads(s: Sentence, phrases: list[_Phrase]) -> None:
        """ "Pakistani and Afghan officials": a bare owner coordinated with a titled one shares its title."""
        doc = s.doc
        for a, b in zip(reversed(phrases[:-1]), reversed(phrases[1:]), strict=True):
            if a.owner is None or a.titles or a.name or a.name_entry:
                continue
            gap = [t.lower_ for t in doc[a.j : b.i]]
            if (
                gap in (["and"], ["or"], [","], [",", "and"])
                and b.owner is not None
                and (b.titles or b.post_titles)
            ):
                a.titles = list(b.titles)
                a.post_titles = list(b.post_titles)
                a.mods = list(b.mods)

    def _interpret_one(
        self, s: Sentence, ph: _Phrase, day: dt.date | None, state: _DocState
    ) -> tuple[Resolved | None, Mention | None]:
        d = self.d
        doc = s.doc
        # 1. a directory person named
        if ph.name_entry is not None:
            r = ph.name_entry.first("entry")
            assert r is not None
            return self._entry(r.target, day, former="former" in ph.mods), _mention(
                s, ph.name_entry.i, ph.name_entry.j
            )
        if ph.short_form is not None and not ph.titles and ph.owner is None:
            return self._short_form(s, ph.short_form, day, state)
        owner_code, owner_sector, owner_kind, owner_key = self._owner(ph.owner, day)
        if ph.post_owner is not None and owner_code is None:
            owner_code, owner_sector, owner_kind, owner_key = self._owner(ph.post_owner, day)
        titles = [t for _, t in ph.titles] + [t for _, t in ph.post_titles]
        # 2. no title: a country or capital acting, a demonym+people noun (handled as title), an organisation
        if not titles:
            if ph.name is not None:
                i, j = ph.name
                name = doc[i:j].text
                # a short name of a person already met in the document
                known = state.by_surname(name)
                if known is not None:
                    return known, _mention(s, i, j)
                if owner_code is not None and ph.owner is not None and ph.owner.first("demonym") is not None:
                    # "Afghan Abdul Kabir": an unlisted person of that country
                    return Resolved(
                        f"person:{owner_code}:{name}", name, owner_code, None, None, name, "person"
                    ), _mention(s, ph.i if ph.det is None else ph.i + 1, j)
                if s.has_ner and self._is_person(s, i, j):
                    return Resolved(f"person:?:{name}", name, None, None, None, name, "person"), _mention(
                        s, i, j
                    )
                return None, None
            if ph.owner is None:
                return None, None
            if owner_kind in {"country", "capital"}:
                if is_locative(s, ph.owner.i, ph.owner.j):
                    return None, None
                if ph.owner.first("demonym") is not None and not ph.owner_possessive:
                    return None, None  # a bare adjective: "Afghan territory"
                if ph.owner.first("plural") is not None:
                    return self._people(owner_code, "CVL", None), _mention(s, ph.owner.i, ph.owner.j)
                return self._government(owner_code), _mention(s, ph.owner.i, ph.owner.j)
            if owner_key is not None:
                return self._entry(owner_key, day), _mention(s, ph.owner.i, ph.owner.j)
            return None, None
        head = titles[-1]
        head_kind = head.kind
        office = self._office(ph, titles)
        sector = self._sector(owner_sector, owner_kind, titles)
        # "the spokesman" keeps its article (it is the whole mention); "the Pakistani army" drops it
        span = _mention(s, ph.i if ph.det is None or self._definite_anaphor(ph) else ph.i + 1, ph.j)
        name_span = _mention(s, *ph.name) if ph.name else None
        if ph.short_form is not None:
            return self._short_form(s, ph.short_form, day, state)
        if owner_code is None:
            # 3. a title with no owner: an anaphor ("the spokesman") or a titled name ("Foreign Minister X")
            if name_span is not None:
                known = state.by_surname(name_span.text)
                if known is not None:
                    return known, name_span
                nm = name_span.text
                return Resolved(f"person:?:{nm}", nm, None, sector, office, nm, "person"), name_span
            if ph.det == "the" or ph.det in {"its", "their"}:
                ante = state.antecedent(head, s.index)
                if ante is not None:
                    return ante, span
            return None, None
        # 4. owner + title
        if head_kind == "person":
            if name_span is not None:
                nm = name_span.text
                known = state.by_surname(nm)
                if known is not None and known.code in {owner_code, None}:
                    return known, name_span
                return Resolved(
                    f"person:{owner_code}:{nm}", nm, owner_code, sector, office, nm, "person"
                ), name_span
            head_tok = doc[(ph.titles or ph.post_titles)[-1][0].j - 1]
            if ph.det not in _INDEFINITE and not ph.mods and office and head_tok.tag_ not in {"NNS", "NNPS"}:
                holders = d.holders(owner_code, office, day)
                if len(holders) == 1:
                    key = str(holders[0].key)
                    return self._entry(key, day), span
            label = f"{office or 'official'} ({self._country_name(owner_code)})"
            return Resolved(
                f"anon:{owner_code}:{sector}:{office}", label, owner_code, sector, office, None, "person"
            ), span
        if head_kind == "body":
            if owner_kind == "entry" and owner_key is not None and (office is None or _is_government(head)):
                return self._entry(owner_key, day), span
            if sector == "GOV" and (not office or _is_government(head)):
                return self._government(owner_code), span
            label = (
                f"{office} of {self._country_name(owner_code)}"
                if office
                else f"{self._sector_label(sector)} of {self._country_name(owner_code)}"
            )
            return Resolved(
                f"body:{owner_code}:{sector}:{office}", label, owner_code, sector, office, label, "body"
            ), span
        # people
        if owner_kind == "entry" and owner_key is not None and sector in {owner_sector, "REB", "MIL"}:
            ent = self._entry(owner_key, day)
            if ent.sector == sector:
                return ent, span
        return self._people(owner_code, sector, office), span

    # -- helpers ----------------------------------------------------------------------------------
    def _short_form(
        self, s: Sentence, c: Candidate, day: dt.date | None, state: _DocState
    ) -> tuple[Resolved | None, Mention | None]:
        """A surname stands for a person only once the document has named that person in full."""
        span = _mention(s, c.i, c.j)
        known = state.by_surname(c.text)
        if known is not None:
            return known, span
        r = c.first("short_form")
        if r is not None and state.knows(f"entry:{r.target}"):
            return self._entry(r.target, day), span
        return None, None

    @staticmethod
    def _definite_anaphor(ph: _Phrase) -> bool:
        return ph.det == "the" and ph.owner is None and not ph.name

    def _owner(
        self, c: Candidate | None, day: dt.date | None
    ) -> tuple[str | None, str | None, str | None, str | None]:
        """(code, sector, kind, entry key) of an owner candidate."""
        if c is None:
            return None, None, None, None
        for r in c.readings:
            if r.kind in {"country", "capital", "demonym", "plural"}:
                return r.target, "GOV", "capital" if r.kind == "capital" else "country", None
            if r.kind == "entry":
                e = self.d.entry(r.target)
                role = e.role_on(day)
                if role is None:
                    return None, None, "entry", r.target
                return role.code, role.sector, "entry", r.target
        return None, None, None, None

    def _entry(self, key: str, day: dt.date | None, former: bool = False) -> Resolved:
        e = self.d.entry(key)
        role = e.role_on(day)
        code = role.code if role else None
        sector = role.sector if role else None
        office = role.office if role else None
        if role is None:
            past = [r for r in e.roles if day is None or (r.start is None or r.start <= day)]
            if past:
                last = past[-1]
                code, sector, office = last.code, "ELI" if e.kind == "person" else last.sector, last.office
        elif former and e.kind == "person":
            sector = "ELI"
        kind = {"person": "person", "group": "group", "organ": "organ", "igo": "igo", "outlet": "outlet"}.get(
            e.kind, "body"
        )
        return Resolved(f"entry:{key}", e.name, code, sector, office, e.name, kind, directory_id=key)

    def _government(self, code: str | None) -> Resolved:
        name = f"Government of {self._country_name(code)}"
        return Resolved(f"gov:{code}", name, code, "GOV", None, name, "government")

    def _people(self, code: str | None, sector: str | None, office: str | None) -> Resolved:
        label = f"{self._sector_label(sector)} ({self._country_name(code)})"
        return Resolved(f"people:{code}:{sector}", label, code, sector, office, None, "people")

    def _country_name(self, code: str | None) -> str:
        if code is None:
            return "unknown"
        country = self.d.countries.get(code)
        return country.name if country is not None else code

    @staticmethod
    def _sector_label(sector: str | None) -> str:
        return _SECTOR_LABELS.get(sector or "", sector or "actors")

    @staticmethod
    def _office(ph: _Phrase, titles: list[Title]) -> str | None:
        head = titles[-1]
        office = head.office
        if head.kind == "people":
            return None
        if office and ph.prefix and not office.lower().startswith(tuple(ph.prefix)):
            office = " ".join(p.capitalize() for p in ph.prefix) + " " + office
        bodies = [t for t in titles[:-1] if t.kind == "body" and t.office]
        if head.kind == "person" and bodies and office:
            office = f"{office} of the {bodies[-1].office}"
        return office

    @staticmethod
    def _sector(owner_sector: str | None, owner_kind: str | None, titles: list[Title]) -> str | None:
        """The head title's sector, or the sector of what it attaches to when the title inherits it."""
        head = titles[-1]
        default: str | None = head.sector
        sector = default
        bodies = [t for t in titles[:-1] if t.kind == "body"]
        if head.inherit_sector:
            if bodies:
                sector = bodies[-1].sector
            elif owner_kind == "entry" and owner_sector is not None:
                sector = owner_sector
        elif bodies and sector == "GOV":
            sector = bodies[-1].sector
        if owner_kind == "entry" and owner_sector is not None:
            if owner_sector == "REB" and sector in {"MIL", "UAF", "GOV", None}:
                return "REB"
            if owner_sector == "GOV" and default in {"REB", "UAF", "MIL"}:
                return "MIL"
        return sector


def _is_government(title: Title) -> bool:
    return title.key == "government"


_SECTOR_LABELS = {
    "GOV": "Government",
    "MIL": "Armed forces",
    "COP": "Police",
    "REB": "Armed group",
    "CVL": "Civilians",
    "REF": "Refugees and migrants",
    "SPY": "Intelligence",
    "LEG": "Legislature",
    "JUD": "Judiciary",
    "PTY": "Party",
    "JRN": "Media",
    "MED": "Health workers",
    "EDU": "Education",
    "BUS": "Business",
    "REL": "Religious figures",
    "OPP": "Opposition",
    "UAF": "Armed men",
    "PRM": "Paramilitary",
    "ELI": "Elites",
    "SOC": "Civil society",
    "LAB": "Labour",
    "AGR": "Agriculture",
    "CRM": "Criminals",
    "UNK": "Unidentified",
}


class _DocState:
    """Entities met so far in the document, in order, with their mentions."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self._res: dict[str, Resolved] = {}
        self._mentions: dict[str, list[Mention]] = {}
        self._order: list[str] = []
        self._last_seen: dict[str, int] = {}
        self._aliases: dict[str, str] = {}
        self._titles: dict[str, set[str]] = {}

    def merge(self, from_key: str, into_key: str) -> None:
        """An apposition: the titled description and the name are one entity; the name wins."""
        from_key = self._aliases.get(from_key, from_key)
        into_key = self._aliases.get(into_key, into_key)
        if from_key == into_key or from_key not in self._res or into_key not in self._res:
            return
        titled, named = self._res[from_key], self._res[into_key]
        self._res[into_key] = Resolved(
            named.key,
            named.name,
            named.code or titled.code,
            named.sector or titled.sector,
            named.office or titled.office,
            named.identifier_text,
            named.kind,
            named.directory_id,
        )
        self._aliases[from_key] = into_key
        for old, new in list(self._aliases.items()):
            if new == from_key:
                self._aliases[old] = into_key
        self._mentions[into_key].extend(self._mentions.pop(from_key, []))
        self._titles.setdefault(into_key, set()).update(self._titles.pop(from_key, set()))
        self._last_seen[into_key] = max(self._last_seen.pop(from_key, -1), self._last_seen.get(into_key, -1))
        self._order.remove(from_key)
        del self._res[from_key]

    def add(self, res: Resolved, span: Mention, sentence: int, ph: _Phrase) -> Resolved:
        """Record a mention of ``res``; returns the entity it joined."""
        key = self._aliases.get(res.key, res.key)
        if key not in self._res:
            self._res[key] = res
            self._mentions[key] = []
            self._order.append(key)
        elif key not in self._mentions:
            self._mentions[key] = []
            self._order.append(key)
        cur = self._res[key]
        if cur.office is None and res.office is not None and res.kind == cur.kind:
            self._res[key] = Resolved(
                cur.key,
                cur.name,
                cur.code or res.code,
                cur.sector or res.sector,
                res.office,
                cur.identifier_text,
                cur.kind,
                cur.directory_id,
            )
        ms = self._mentions[key]
        if not any(m.start == span.start and m.end == span.end for m in ms):
            ms.append(span)
        self._last_seen[key] = sentence
        for _, t in ph.titles + ph.post_titles:
            self._titles.setdefault(key, set()).update(t.words)
        return self._res[key]

    def knows(self, key: str) -> bool:
        return key in self._mentions

    def by_surname(self, name: str) -> Resolved | None:
        """A person already met whose name ends with (or equals) ``name``."""
        low = name.lower()
        for key in reversed(self._order):
            r = self._res[key]
            if r.kind != "person" or not r.identifier_text:
                continue
            ident = r.identifier_text.lower()
            if ident == low or ident.endswith(" " + low) or ident.split()[-1] == low:
                return r
        return None

    def antecedent(self, title: Title, sentence: int) -> Resolved | None:
        """The most recent entity a definite description ("the spokesman", "the ministry") refers to."""
        t_kind = title.kind
        t_office = (title.office or "").lower()
        t_sector = title.sector
        words = {w.lower() for w in title.words}
        best: Resolved | None = None
        best_seen = -1
        for key, seen in self._last_seen.items():
            if sentence - seen > _RECENCY:
                continue
            r = self._res[key]
            office = (r.office or "").lower()
            ok = False
            if t_kind == "person" and r.kind == "person":
                ok = bool(t_office) and (t_office in office or office.startswith(t_office.split(",")[0]))
                ok = ok or bool(words & self._titles.get(key, set()))
            elif t_kind == "body" and r.kind in {"body", "organ", "government", "group", "igo"}:
                ok = (bool(t_office) and t_office in office) or (not t_office and r.sector == t_sector)
                ok = ok or bool(words & self._titles.get(key, set()))
                if not ok and r.kind == "group" and t_sector == "REB" and r.sector == "REB":
                    ok = True
            elif t_kind == "people" and r.kind in {"people", "group"}:
                ok = r.sector == t_sector
            if ok and seen > best_seen:
                best, best_seen = r, seen
        return best

    def entities(self) -> tuple[ActorEntity, ...]:
        out = []
        keys = [k for k in self._order if self._mentions.get(k)]
        keys.sort(key=lambda k: min(m.start for m in self._mentions[k]))
        for n, key in enumerate(keys, 1):
            r = self._res[key]
            ms = tuple(sorted(self._mentions[key], key=lambda m: m.start))
            out.append(
                ActorEntity(
                    id=f"{self.doc_id}-a{n}",
                    name=r.name,
                    code=r.code,
                    sector=r.sector,
                    office=r.office,
                    identifier_text=r.identifier_text,
                    mentions=ms,
                    directory_id=r.directory_id,
                )
            )
        return tuple(out)
