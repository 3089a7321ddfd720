"""Quotations in an article and their attribution: speaker span, cue verb, outlet, medium and date phrase.

How quotes are found (:func:`quote_spans`):

- Quote marks: straight and curly double quotes, curly and straight single quotes, «guillemets» and ‹single
  guillemets›. A mark opens after a space, a bracket, a dash, another mark or the start of a paragraph and
  before a non-space; it closes after a non-space and before a space, punctuation or the end. Apostrophes
  (Pakistan’s, don’t, Taliban' s, 'em, '90s, rock 'n' roll) never open a quote; a plural possessive
  ("the Afghans’ rights") does not close one when another closing mark follows in the paragraph.
- Only outermost quotations are returned: a nested ‘...’ inside “...” belongs to its outer quote.
- A quotation never crosses a paragraph break, except by the newspaper convention for long quotes: a
  paragraph that ends inside a quote and a next paragraph that opens with the same kind of mark make one
  quote in several pieces (one per paragraph, sharing a ``group``). An unclosed double quote or guillemet
  ends at the end of its paragraph; an unclosed straight single quote is dropped (it is an apostrophe).
- The span is the text inside the marks without surrounding spaces and without a trailing comma, colon or
  semicolon (a final full stop, question or exclamation mark is kept).

How they are attributed (:func:`find_quotes`), in order:

1. A colon before the quote (``X said on Sunday: "Q"``, also at the end of the previous paragraph) makes a
   direct quote attributed to the clause before the colon.
2. A clause after the closing mark: ``"Q," X said``, ``"Q," said X``, ``"Q," X told Reuters``, ``"Q,"
   according to X``, ``"Q," X was quoted as saying by Y``. ``"Q1," X said, "Q2"`` makes two pieces with
   one ``group``.
3. A speech verb right before the quote (``X said "Q"``, ``X told reporters "Q"``) makes a direct quote.
4. Otherwise a quote inside a sentence is *partial* ("dismissed the claims as 'baseless'", ``X said that
   "Q"``): its cue is the reporting or judging verb that governs it (climbing the dependency parse when the
   sentence is parsed, else the last cue verb before it) and its speaker that verb's subject; failing that,
   a final ``..., X said.`` of the sentence, or a headline's ``Tarar: Pakistan "will ..."``. Scare quotes
   with no such verb are partial quotes with no speaker, except quoted names (every word capitalised:
   ``the so-called "Islamic State"``), which are skipped.
5. A headline or live-blog entry ``21:40 - Asif: "Q"`` is a direct quote of the name before the colon.
6. A direct quote with no attribution of its own continues the nearest attribution before it in the same
   or the previous paragraph (an earlier quote or reported speech such as ``Asif said talks had failed.``):
   ``continues`` is True and the speaker, cue, outlet, medium and date fields point at that attribution
   (its mentions, earlier in the text). With no attribution in reach, ``continues`` is False and the
   speaker None. A cue with no subject (``..., adding:``) takes the subject of the verb it hangs on.

The speaker is the subject of the cue as written. An apposition set off by commas (``Zabihullah Mujahid,
the Taliban's chief spokesman, said``) is split: ``speaker`` is the name ("Zabihullah Mujahid") and
``speaker_appositive`` the description; when the name comes second (``Pakistan's defence minister, Khawaja
Asif, said``) the name is still the speaker. A relative clause (``an official who asked not to be named``) is
left out. A document as subject (``the statement said``) takes the speaker of the nearest earlier
attribution and gives the medium. The outlet and medium of an attribution that names neither are taken from
the nearest earlier attribution of the same speaker (``X told Reuters ... "Q," the official said``).

The dependency parse is used when the sentence has one (the subject of the cue, the verb that governs a
partial quote); every rule has a tag-and-word fallback, so unparsed sentences get the same kinds of results.
The words (cue verbs with every inflection, medium phrases, outlet heads, titles) live in
``resources/lexicon/quotes.toml``.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any, Literal, NamedTuple, cast

from flashpoint.errors import ResourceError
from flashpoint.records import Mention, Sentence

QuoteKind = Literal["direct", "partial"]
SpeakerKind = Literal["name", "pronoun", "nominal"]


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    """A quotation as found in the text, with its attribution as written (the speakers stage links it)."""

    text: str  # the words inside the quote marks: text == article[start:end]
    start: int
    end: int
    kind: QuoteKind  # partial: a quoted phrase inside a sentence that is not itself a quotation
    speaker: Mention | None  # the attribution's subject as written ("Khawaja Asif", "he", "the ministry")
    speaker_kind: SpeakerKind | None
    cue: str | None  # the cue verb as written: "said", "told", "wrote", "according to"
    cue_mention: Mention | None
    outlet: str | None  # "Reuters" in "told Reuters", as written
    outlet_mention: Mention | None
    medium: str | None  # a normalised label: "statement", "post on X", "press conference", ...
    date_mention: Mention | None  # a date phrase in the attribution clause ("on Sunday")
    group: str | None  # the same id for the pieces of one quote (split around its attribution, or paragraphs)
    continues: bool  # no attribution of its own: the attribution fields are those of the quote it continues
    speaker_appositive: Mention | None = None  # "the Taliban's chief spokesman" in "Mujahid, the ..., said"


# -- the lexicon ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteLexicon:
    """The words of ``resources/lexicon/quotes.toml``, ready for lookups."""

    cues: Mapping[str, str]  # inflected form -> role ("speech", "judgement", "report")
    lemmas: Mapping[str, str]  # inflected form -> lemma
    according: frozenset[tuple[str, str]]
    quoted: frozenset[str]
    auxiliaries: frozenset[str]
    links_forward: frozenset[str]
    links_backward: frozenset[str]
    tail_prepositions: frozenset[str]
    document_speakers: Mapping[str, str]
    document_re: re.Pattern[str]
    titles: frozenset[str]
    date_words: frozenset[str]
    outlet_heads: frozenset[str]
    outlet_name_heads: frozenset[str]
    outlet_names: frozenset[str]
    outlet_bare: frozenset[str]
    institutions: frozenset[str]
    outlet_triggers: tuple[tuple[re.Pattern[str], bool], ...]
    outlet_verbs: frozenset[str]
    media: tuple[tuple[str, re.Pattern[str]], ...]
    date_re: re.Pattern[str]
    speech_words: frozenset[str]  # speech verbs and the first word of "according to", lower case


def _words(table: Mapping[str, Any], key: str) -> frozenset[str]:
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ResourceError(f"quotes lexicon: {key!r} must be a list of strings")
    return frozenset(value)


def _alternation(words: frozenset[str] | Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@cache
def load_lexicon() -> QuoteLexicon:
    """Read and check the bundled quotes lexicon (once per process)."""
    resource = files("flashpoint") / "resources" / "lexicon" / "quotes.toml"
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ResourceError(f"cannot read the quotes lexicon: {exc}") from exc
    try:
        return _build_lexicon(data)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise ResourceError(f"malformed quotes lexicon: {exc!r}") from exc


def _build_lexicon(data: Mapping[str, Any]) -> QuoteLexicon:
    cues: dict[str, str] = {}
    lemmas: dict[str, str] = {}
    for lemma, entry in data["cues"].items():
        role = entry["role"]
        if role not in {"speech", "judgement", "report"}:
            raise ResourceError(f"quotes lexicon: unknown cue role {role!r} for {lemma!r}")
        for form in _words(entry, "forms"):
            cues.setdefault(form, role)
            lemmas.setdefault(form, lemma.rstrip("_"))
    attribution, dates, outlets = data["attribution"], data["dates"], data["outlets"]
    according = frozenset(cast("tuple[str, str]", tuple(p.split())) for p in _words(attribution, "according"))
    if any(len(p) != 2 for p in according):
        raise ResourceError("quotes lexicon: 'according' phrases must have two words")
    weekdays, months = _words(dates, "weekdays"), _words(dates, "months")
    parts, relative = _words(dates, "parts_of_day"), _words(dates, "relative")
    pre = r"(?:(?:late|early|earlier|later)\s+)?(?:on\s+)?"
    date_re = re.compile(
        rf"\b(?:{pre}(?:{_alternation(weekdays)})(?:\s+(?:{_alternation(parts)}))?"
        rf"|(?:on\s+)?(?:{_alternation(months)})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
        rf"|(?:on\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_alternation(months)})(?:,?\s+\d{{4}})?"
        rf"|{_alternation(relative)})(?!\w)",
        re.IGNORECASE,
    )
    speech_words = frozenset(f for f, r in cues.items() if r == "speech") | {p[0] for p in according}
    media = tuple(
        (str(entry["label"]), re.compile("|".join(f"(?:{p})" for p in _words(entry, "patterns"))))
        for entry in data["medium"]
    )
    triggers = tuple((re.compile(str(t["pattern"])), bool(t["strict"])) for t in outlets["triggers"])
    documents = {str(k).lower(): str(v) for k, v in attribution["document_speakers"].items()}
    return QuoteLexicon(
        cues=cues,
        lemmas=lemmas,
        according=according,
        quoted=_words(attribution, "quoted"),
        auxiliaries=_words(attribution, "auxiliaries"),
        links_forward=_words(attribution, "links_forward"),
        links_backward=_words(attribution, "links_backward"),
        tail_prepositions=_words(attribution, "tail_prepositions"),
        document_speakers=documents,
        document_re=re.compile(rf"\b({_alternation(frozenset(documents))})s?\b", re.IGNORECASE),
        titles=_words(attribution, "titles"),
        date_words=frozenset(w.lower() for w in weekdays | months | relative if " " not in w),
        outlet_heads=_words(outlets, "heads"),
        outlet_name_heads=_words(outlets, "name_heads"),
        outlet_names=frozenset(n.lower() for n in _words(outlets, "names")),
        outlet_bare=_words(outlets, "bare"),
        institutions=_words(outlets, "institutions"),
        outlet_triggers=triggers,
        outlet_verbs=_words(outlets, "subject_verbs"),
        media=media,
        date_re=date_re,
        speech_words=speech_words,
    )


# -- quote marks ---------------------------------------------------------------------------------------------

_MARK = re.compile("[\"'“”„‘’«»‹›]")
_NEWLINES = re.compile(r"[ \t\r\f\v]*\n\s*")
#: a line shorter than this, or ending in one of these, ends its paragraph (else it is a wrapped line)
_SHORT_LINE = 60
_FINAL = frozenset(".!?:\"”’'»")
_OPEN_AFTER = frozenset("([{<—–-/“‘\"'«‹„")
_NO_OPEN_BEFORE = frozenset(".,;:!?)]}")
_CLOSE_BEFORE = frozenset(".,;:!?)]}>—–-/…”’\"'»›")
_ELISION = re.compile(r"(?:em|til|tis|twas|cause|\d0s|\d\d)\b|n['’](?!\w)", re.IGNORECASE)
_LATER_CLOSER = re.compile(r"(?<=\S)['’](?=[\s.,;:!?)\]—–]|$)")
_TRIM_END = " \t\r\n\u00a0,;:—–-"
#: opening marks of each family: D double, S single, G guillemet, g single guillemet
_OPENERS = {"D": '“„"', "S": "‘'", "G": "«", "g": "‹"}
#: an unclosed quote opened by one of these runs to the end of its paragraph; others are dropped
_FIRM_OPENERS = frozenset('“„"«‹‘')


class _Span(NamedTuple):
    start: int  # inner text, trimmed
    end: int
    open: int  # position of the opening mark
    close: int | None  # position of the closing mark; None when the paragraph ended first
    chain: int | None  # pieces of one multi-paragraph quote share this number


class _Open(NamedTuple):
    family: str
    pos: int
    char: str
    chain: int | None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end), without surrounding whitespace; wrapped lines stay in their paragraph."""
    out: list[tuple[int, int]] = []
    pstart = line_start = 0
    for m in _NEWLINES.finditer(text):
        line = text[line_start : m.start()]
        if m.group().count("\n") >= 2 or len(line) < _SHORT_LINE or line.rstrip()[-1:] in _FINAL:
            if m.start() > pstart:
                out.append((pstart, m.start()))
            pstart = m.end()
        line_start = m.end()
    end = len(text.rstrip())
    if end > pstart:
        out.append((pstart, end))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in out if text[s:e].strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    if not any(c.isalnum() for c in text[start:end]):
        return None
    return start, end


def _scan(text: str) -> tuple[list[_Span], list[tuple[int, int]]]:
    """The outermost quotations of ``text`` and its paragraphs."""
    paras = _paragraphs(text)
    spans: list[_Span] = []
    pending: tuple[str, int] | None = None  # (family, chain) a quote continued from the previous paragraph
    chains = 0

    def emit(entry: _Open, end: int, close: int | None, chain: int | None) -> None:
        bounds = _trimmed(text, entry.pos + 1, end)
        if bounds is not None:
            spans.append(_Span(bounds[0], bounds[1], entry.pos, close, chain))

    for k, (ps, pe) in enumerate(paras):
        stack: list[_Open] = []
        carried, pending = pending, None
        for m in _MARK.finditer(text, ps, pe):
            i, c = m.start(), m.group()
            prev = text[i - 1] if i > ps else " "
            nxt = text[i + 1] if i + 1 < pe else " "
            can_open = (
                (prev.isspace() or prev in _OPEN_AFTER) and not nxt.isspace() and nxt not in _NO_OPEN_BEFORE
            )
            can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_BEFORE)
            families = [e.family for e in stack]
            action: tuple[str, str] | None = None
            if c in "“„":
                action = ("open", "D")
            elif c == "”":
                if "D" in families:
                    action = ("close", "D")
                elif can_open and not can_close:
                    action = ("open", "D")
            elif c == '"':
                if "D" in families and can_close:
                    action = ("close", "D")
                elif can_open:
                    action = ("open", "D")
            elif c == "‘":
                if can_open and not _ELISION.match(text, i + 1):
                    action = ("open", "S")
                elif "S" in families and can_close:
                    action = ("close", "S")
            elif c in "’'":
                if "S" in families and can_close and not _possessive(text, i, pe):
                    action = ("close", "S")
                elif can_open and not can_close and not _ELISION.match(text, i + 1):
                    action = ("open", "S")
            elif c in "«‹":
                action = ("open", "G" if c == "«" else "g")
            elif c in "»›":
                fam = "G" if c == "»" else "g"
                if fam in families:
                    action = ("close", fam)
            if action is None:
                continue
            verb, fam = action
            if verb == "open":
                chain = carried[1] if carried is not None and i == ps and carried[0] == fam else None
                stack.append(_Open(fam, i, c, chain))
            else:
                idx = len(families) - 1 - families[::-1].index(fam)
                entry = stack[idx]
                del stack[idx:]
                if idx == 0:
                    emit(entry, i, i, entry.chain)
        if stack:
            outer = stack[0]
            nps = paras[k + 1][0] if k + 1 < len(paras) else None
            continued = (
                nps is not None
                and text[nps] in _OPENERS[outer.family]
                and nps + 1 < len(text)
                and not text[nps + 1].isspace()
            )
            if continued or outer.char in _FIRM_OPENERS:
                chain = outer.chain
                if continued and chain is None:
                    chain, chains = chains, chains + 1
                emit(outer, pe, None, chain)
                if continued and chain is not None:
                    pending = (outer.family, chain)
    return spans, paras


def _possessive(text: str, i: int, pe: int) -> bool:
    """An s-final word, ’ and a lower-case word, with another closing mark later: "the Afghans’ rights"."""
    if text[i - 1] not in "sS" or i + 2 >= pe or text[i + 1] != " " or not text[i + 2].islower():
        return False
    return _LATER_CLOSER.search(text, i + 1, pe) is not None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner spans (start, end) of all outermost quotations in the article, in text order."""
    return [(s.start, s.end) for s in _scan(text)[0]]


_QUOTE_CHAR = re.compile("[\"“”„«»‹›‘]|(?:^|(?<=[\\s(\\[—–-]))'(?=\\w)|(?<=[\\w.,!?])['’](?=[\\s.,;:!?)]|$)")
_WORD = re.compile(r"[a-z]+")
_CLOSING_MARKS = frozenset("\"”’'»›")


def needs_parse(sentence: Sentence, text: str) -> bool:
    """True when the sentence holds a quote mark, or a speech verb that attributes a quote next to it.

    The second case is a sentence that ends with a colon before a quote ("Mujahid said on Sunday:") or
    that starts right after a closing mark ("Why?" / "he asked."). Reported speech further away is read
    from tags alone, so it costs no parse.
    """
    s_text = text[sentence.start : sentence.end] if text else sentence.text
    if _QUOTE_CHAR.search(s_text):
        return True
    if load_lexicon().speech_words.isdisjoint(_WORD.findall(s_text.lower())):
        return False
    if not text or s_text.rstrip().endswith(":"):
        return True
    return any(c in _CLOSING_MARKS for c in text[max(0, sentence.start - 3) : sentence.start])


# -- tokens --------------------------------------------------------------------------------------------------

_NP_TAGS = frozenset({"DT", "PDT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "POS", "PRP", "PRP$"}) | {
    "CD",
    "HYPH",
    "VBN",
    "-LRB-",
    "-RRB-",
    "NFP",
}
_HEAD_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP", "CD", "-RRB-"})
_PROPER = frozenset({"NNP", "NNPS"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
_TERMINATORS = frozenset({".", "!", "?", ";"})
_OPENING_MARKS = frozenset({'"', "“", "‘", "'", "«"})
_LETTER_STOP = re.compile(r"^[A-Z]\.$")
_LEAD_PUNCT = frozenset({",", "—", "–", "-", "--", "(", "…"})
_DASHES = frozenset({"-", "—", "–", "--", "―"})
_NOT_OUTLET_ENTS = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC", "DATE", "TIME"})
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_MAX_SPEAKER = 25


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    low: str
    tag: str
    ent: str
    sent: int  # index into _Doc.sents
    i: int  # index in the sentence's spaCy Doc
    final: bool  # ends its sentence: ".", "!", "?", ";" or a last token with a full stop ("on X.")


class _Subject(NamedTuple):
    speaker: Mention
    kind: SpeakerKind
    appositive: Mention | None
    first: int  # character where the whole subject (with its apposition) starts


@dataclass(frozen=True, slots=True)
class _Attr:
    pos: int  # where the attribution is: its cue, else its speaker
    speaker: Mention | None = None
    speaker_kind: SpeakerKind | None = None
    appositive: Mention | None = None
    cue: Mention | None = None
    outlet: Mention | None = None
    medium: str | None = None
    date: Mention | None = None
    document: bool = False  # the subject is a document ("the statement said")
    documents: frozenset[str] = frozenset()  # document nouns of the clause ("said in a report": {"report"})


class _Own(NamedTuple):
    attr: _Attr | None
    kind: QuoteKind
    splits: bool  # the next quote is the second piece of this one ("Q1," X said, "Q2")


class _Doc:
    """The article with its quotes, paragraphs and (lazily) the tokens of the sentences that are read."""

    def __init__(
        self, text: str, sentences: Sequence[Sentence], spans: list[_Span], paras: list[tuple[int, int]]
    ):
        self.text = text
        self.sents = sorted(sentences, key=lambda s: s.start)
        self.sent_starts = [s.start for s in self.sents]
        self.spans = spans
        self.opens = [s.open for s in spans]
        self.paras = paras
        self.para_starts = [p[0] for p in paras]
        self.lex = load_lexicon()
        self._tokens: dict[int, list[_Tok]] = {}
        self._token_starts: dict[int, list[int]] = {}
        self._reported: dict[int, list[_Attr]] = {}

    # tokens
    def sent_toks(self, si: int) -> list[_Tok]:
        toks = self._tokens.get(si)
        if toks is None:
            s = self.sents[si]
            base = s.start
            words = [t for t in s.doc if not t.is_space]
            ends = {words[-1].i} if words and words[-1].text[-1] in ".!?" else set()
            for w, nxt in pairwise(words):
                # "said on X. Kabul wanted": a one-letter name before a full stop ends the sentence
                opens = nxt.is_title or nxt.text in _OPENING_MARKS
                if _LETTER_STOP.match(w.text) and w.i > 0 and s.doc[w.i - 1].tag_ == "IN" and opens:
                    ends.add(w.i)
            toks = [
                _Tok(
                    base + t.idx,
                    base + t.idx + len(t.text),
                    t.text,
                    t.lower_,
                    t.tag_,
                    t.ent_type_,
                    si,
                    t.i,
                    t.text in _TERMINATORS or t.i in ends,
                )
                for t in s.doc
            ]
            self._tokens[si] = toks
            self._token_starts[si] = [t.start for t in toks]
        return toks

    def toks(self, a: int, b: int) -> list[_Tok]:
        """Non-space tokens entirely inside [a, b)."""
        out: list[_Tok] = []
        si = max(0, bisect_right(self.sent_starts, a) - 1)
        while si < len(self.sents) and self.sents[si].start < b:
            if self.sents[si].end > a:
                toks = self.sent_toks(si)
                for t in toks[bisect_left(self._token_starts[si], a) :]:
                    if t.end > b:
                        break
                    if t.tag != "_SP":
                        out.append(t)
            si += 1
        return [t for t in out if not t.text.isspace()]

    def spacy(self, t: _Tok) -> Any:
        return self.sents[t.sent].doc[t.i]

    def parsed(self, t: _Tok) -> bool:
        return self.sents[t.sent].parsed

    def by_spacy(self, si: int, i: int) -> _Tok:
        return self.sent_toks(si)[i]

    def mention(self, a: int, b: int) -> Mention:
        return Mention(self.text[a:b], a, b)

    def para_of(self, pos: int) -> int:
        return max(0, bisect_right(self.para_starts, pos) - 1)

    def quote_at(self, pos: int) -> int | None:
        """Index of the quote whose marks enclose ``pos`` (the marks included)."""
        k = bisect_right(self.opens, pos) - 1
        if k < 0:
            return None
        s = self.spans[k]
        end = s.close if s.close is not None else s.end
        return k if pos <= end else None

    def masked(self, a: int, b: int) -> str:
        """``text[a:b]`` with quotations blanked out (offsets kept)."""
        chars = list(self.text[a:b])
        k = max(0, bisect_right(self.opens, a) - 1)
        while k < len(self.spans) and self.spans[k].open < b:
            s = self.spans[k]
            end = (s.close if s.close is not None else s.end) + 1
            for p in range(max(a, s.open), min(b, end)):
                chars[p - a] = " "
            k += 1
        return "".join(chars)

    # segments around a quote
    def pre_bounds(self, q: int) -> tuple[int, int]:
        span = self.spans[q]
        lo = self.paras[self.para_of(span.open)][0]
        if q > 0:
            prev = self.spans[q - 1]
            prev_end = prev.close if prev.close is not None else prev.end
            lo = max(lo, prev_end + 1)
        for t in reversed(self.toks(lo, span.open)):
            if t.final:
                return t.end, span.open
        return lo, span.open

    def post_bounds(self, q: int) -> tuple[int, int]:
        span = self.spans[q]
        a = (span.close if span.close is not None else span.end) + 1
        b = self.paras[self.para_of(span.open)][1]
        if q + 1 < len(self.spans):
            b = min(b, max(a, self.spans[q + 1].open))
        for t in self.toks(a, b):
            if t.final:
                return a, t.start if t.text in _TERMINATORS else t.end
        return a, b

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        """The stretch around ``pos`` between sentence-ending punctuation outside quotes (and paragraphs)."""
        ps, pe = self.paras[self.para_of(pos)]
        lo, hi = ps, pe
        for t in self.toks(ps, pe):
            if not t.final or self.quote_at(t.start) is not None:
                continue
            if t.end <= pos:
                lo = t.end
            elif t.start >= pos:
                hi = t.end
                break
        return lo, hi

    def outside(self, toks: list[_Tok]) -> list[_Tok]:
        return [t for t in toks if self.quote_at(t.start) is None]


# -- attribution ---------------------------------------------------------------------------------------------


class _Attributor:
    """Reads the attributions of the quotes of one article."""

    def __init__(self, doc: _Doc):
        self.d = doc
        self.lex = doc.lex
        self.text = doc.text

    # cue verbs
    def role(self, t: _Tok) -> str | None:
        return self.lex.cues.get(t.low)

    def is_cue(self, toks: list[_Tok], k: int, roles: frozenset[str], participle: bool = False) -> bool:
        t = toks[k]
        role = self.lex.cues.get(t.low)
        if role is None or role not in roles:
            return False
        if t.tag in _FINITE:
            return True
        prev = toks[k - 1] if k > 0 else None
        if t.tag == "VBN":  # "has said", "was quoted"; not "a statement posted on X"
            return prev is not None and prev.low in self.lex.auxiliaries
        if t.tag == "VB":
            return prev is not None and (
                prev.tag == "MD" or prev.low in {"did", "does", "do", "will", "would"}
            )
        if t.tag == "VBG":
            return participle
        return False

    # noun phrases
    def np_back(self, toks: list[_Tok], j: int, lo: int) -> int:
        """Start of the noun phrase that ends right before ``toks[j]`` (== j when there is none)."""
        links = self.lex.links_forward | self.lex.links_backward
        i = j
        while i > lo and j - i < _MAX_SPEAKER:
            t = toks[i - 1]
            if (t.tag in _NP_TAGS or t.low in links) and not self.spaced_dash(t):
                i -= 1
            else:
                break
        while i < j and (toks[i].low in links or toks[i].tag in {"POS", "HYPH", "-RRB-", "NFP", "VBN"}):
            i += 1
        while i < j and (toks[i].low in self.lex.date_words or not any(c.isalpha() for c in toks[i].text)):
            i += 1
        while i < j and i + 1 < j and toks[i].tag == "IN":
            i += 1
        return i

    def spaced_dash(self, t: _Tok) -> bool:
        """A dash between spaces ends a dateline ("KABUL, Oct 31 (Reuters) - Pakistan said")."""
        return (
            t.text in _DASHES
            and self.text[t.start - 1 : t.start].isspace()
            and self.text[t.end : t.end + 1].isspace()
        )

    def np_fwd(self, toks: list[_Tok], i: int, hi: int, links: frozenset[str] | None = None) -> int:
        """End of the noun phrase that starts at ``toks[i]`` (== i when there is none)."""
        links = self.lex.links_forward if links is None else links
        j = i
        while j < hi and j - i < _MAX_SPEAKER:
            t = toks[j]
            if (t.tag in _NP_TAGS or t.low in links) and t.low not in self.lex.date_words:
                j += 1
            else:
                break
        while j > i and toks[j - 1].tag not in _HEAD_TAGS:
            j -= 1
        return j

    def np_ok(self, toks: list[_Tok], i: int, j: int) -> bool:
        return j > i and any(t.tag in _HEAD_TAGS for t in toks[i:j]) and toks[j - 1].tag in _HEAD_TAGS

    def kind_of(self, toks: Sequence[_Tok]) -> SpeakerKind:
        if len(toks) == 1 and toks[0].tag == "PRP":
            return "pronoun"
        words = [t for t in toks if t.tag not in {"-LRB-", "-RRB-"}] or list(toks)
        last = words[-1]
        if last.low in self.lex.titles:
            return "nominal"
        if last.tag in _PROPER or last.ent in _NAME_ENTS:
            return "name"
        if last.text[:1].isupper() and (last.tag == "NN" or (last.tag == "NNS" and last.low[-1] != "s")):
            return "name"  # an unknown capitalised word the tagger took for a noun: "Andrabi said"
        return "nominal"

    def subject_from(self, head: Sequence[_Tok], app: Sequence[_Tok] | None) -> _Subject:
        """Speaker and appositive: the name is the speaker, the other its appositive."""
        first = min(head[0].start, app[0].start) if app else head[0].start
        if head[-1].tag == "-RRB-":
            lp = max((x for x, t in enumerate(head) if t.tag == "-LRB-"), default=0)
            if lp > 0:
                inside = head[lp + 1 : -1]
                head = head[:lp]
                app = app or (inside or None)
        if app and all(t.tag == "CD" for t in app):
            app = None  # an age: "Bibi Gul, 45, said"
        if app and self.kind_of(head) != "name" and self.kind_of(app) == "name":
            head, app = app, head
        speaker = self.d.mention(head[0].start, head[-1].end)
        appositive = self.d.mention(app[0].start, app[-1].end) if app else None
        return _Subject(speaker, self.kind_of(head), appositive, first)

    def subject(self, toks: list[_Tok], k: int, lo: int, hi: int) -> _Subject | None:
        """The subject of the cue ``toks[k]`` inside ``toks[lo:hi]``: the parse first, else tags and words."""
        cue = toks[k]
        if self.d.parsed(cue) and lo < hi:
            found = self.parse_subject(cue, toks[lo].start, toks[hi - 1].end)
            if found is not None:
                return found
        before = self.subject_before(toks, k, lo)
        if before is not None:
            return before
        if k == lo or (k > lo and toks[k - 1].text in _LEAD_PUNCT):
            return self.subject_after(toks, k, hi)
        return None

    def subject_of(self, toks: list[_Tok], k: int, lo: int, hi: int) -> _Subject | None:
        """The subject of a cue, or of the verb it is joined to ("called on X and said", "..., adding")."""
        subj = self.subject(toks, k, lo, hi)
        if subj is None and (toks[k].tag == "VBG" or (k > lo and toks[k - 1].tag == "CC")):
            subj = self.main_subject(toks, k, lo)
        return subj

    def parse_subject(self, cue: _Tok, a: int, b: int) -> _Subject | None:
        subj = self._parse_subject_word(self.d.spacy(cue))
        if subj is None:
            return None
        si = cue.sent
        skip: set[int] = set()
        appos = None
        for c in subj.children:
            if c.dep_ == "appos" and appos is None:
                appos = c
                skip.update(w.i for w in c.subtree)
        head = self._trim([self.d.by_spacy(si, i) for i in self._core(subj, skip)])
        app = None
        if appos is not None:
            app = self._trim([self.d.by_spacy(si, i) for i in self._core(appos, set())])
        if not head or len(head) > _MAX_SPEAKER or head[0].start < a or head[-1].end > b:
            return None
        if not any(t.tag in _HEAD_TAGS for t in head) or any(
            self.d.quote_at(t.start) is not None for t in head
        ):
            return None
        if app is not None and (not app or app[0].start < a or app[-1].end > b):
            app = None
        return self.subject_from(head, app)

    def _parse_subject_word(self, verb: Any) -> Any:
        """The subject word of ``verb``; for a verb joined to another ("said ... and warned", ", adding"),
        the subject of the reporting verb it hangs on, else of its head."""
        chain = [verb]
        while (
            len(chain) < 5
            and chain[-1].dep_ in {"advcl", "conj", "xcomp", "ccomp"}
            and chain[-1].head is not chain[-1]
        ):
            chain.append(chain[-1].head)
        with_subject = []
        for n, t in enumerate(chain):
            subjects = [c for c in t.children if c.dep_ in _SUBJECT_DEPS]
            if subjects:
                with_subject.append((t, min(subjects, key=lambda c: abs(c.i - t.i))))
                if n == 0:
                    break
            if n > 0 and chain[n - 1].dep_ == "ccomp" and not with_subject:
                break  # "X said [the strikes were ...]": a complement clause has its own subject
        if not with_subject:
            return None
        if with_subject[0][0] is verb:
            return with_subject[0][1]
        reporting = [w for t, w in with_subject if t.lower_ in self.lex.cues]
        return reporting[0] if reporting else with_subject[0][1]

    @staticmethod
    def _core(word: Any, skip: set[int]) -> range:
        """Token indices of the phrase headed by ``word``, without relative clauses or ``skip``."""
        skip = set(skip)
        for c in word.subtree:
            if c.dep_ in {"relcl", "acl"} and c.i > word.i:
                skip.update(w.i for w in c.subtree)
        kept = {w.i for w in word.subtree} - skip
        lo_i = hi_i = word.i
        while lo_i - 1 in kept:
            lo_i -= 1
        while hi_i + 1 in kept:
            hi_i += 1
        return range(lo_i, hi_i + 1)

    def _trim(self, toks: list[_Tok]) -> list[_Tok]:
        out = [t for t in toks if t.tag != "_SP"]
        dashes = [x for x, t in enumerate(out) if self.spaced_dash(t)]
        if dashes:
            out = out[dashes[-1] + 1 :]
        while out and (not any(c.isalpha() for c in out[0].text) or out[0].low in self.lex.date_words):
            out = out[1:]
        while out and (out[-1].tag not in _HEAD_TAGS or out[-1].low in self.lex.date_words):
            out = out[:-1]
        return out

    def subject_before(self, toks: list[_Tok], k: int, lo: int) -> _Subject | None:
        j = k
        while j > lo and (
            toks[j - 1].low in self.lex.auxiliaries
            or toks[j - 1].tag in {"RB", "MD"}
            or (toks[j - 1].low in self.lex.date_words and j - 1 > lo)  # "Pakistan on Friday said"
            or (
                toks[j - 1].low in {"on", "late", "early", "last", "this"}
                and toks[j].low in self.lex.date_words
            )
        ):
            j -= 1
        if j > lo and toks[j - 1].text == ",":
            c2 = j - 1
            c1 = next(
                (x for x in range(c2 - 1, max(lo, c2 - _MAX_SPEAKER) - 1, -1) if toks[x].text == ","), None
            )
            if c1 is None:
                return None
            i = self.np_back(toks, c1, lo)
            if not self.np_ok(toks, i, c1):
                return None
            mi = self.np_back(toks, c2, c1 + 1)
            app = toks[mi:c2] if mi == c1 + 1 and self.np_ok(toks, mi, c2) else None
            return self.subject_from(toks[i:c1], app)
        i = self.np_back(toks, j, lo)
        j = self.cut_participle(toks, i, j)
        if self.np_ok(toks, i, j):
            return self.subject_from(toks[i:j], None)
        for w in range(j - 1, max(lo, j - 15) - 1, -1):
            if toks[w].tag in {"WP", "WDT"}:
                i = self.np_back(toks, w, lo)
                if self.np_ok(toks, i, w):
                    return self.subject_from(toks[i:w], None)
                break
        return None

    def cut_participle(self, toks: list[_Tok], i: int, j: int) -> int:
        """End a noun phrase before a participle phrase: "a driver [stranded at Chaman]"."""
        for p in range(i + 1, j - 1):
            if toks[p].tag == "VBN" and toks[p + 1].tag in {"IN", "RP"}:
                return p
        return j

    def subject_after(self, toks: list[_Tok], k: int, hi: int) -> _Subject | None:
        i = k + 1
        j = self.np_fwd(toks, i, hi)
        if not self.np_ok(toks, i, j):
            return None
        app = None
        if j < hi and toks[j].text == ",":
            a2 = self.np_fwd(toks, j + 1, hi, self.lex.links_forward | self.lex.links_backward)
            a2 = self.cut_participle(toks, j + 1, a2)
            if self.np_ok(toks, j + 1, a2) and (
                a2 >= hi or toks[a2].text in {",", ".", ";"} or toks[a2].tag in {"IN", "RB", "WP", "WDT"}
            ):
                app = toks[j + 1 : a2]
        return self.subject_from(toks[i:j], app)

    # outlets, media, dates
    def outlet_like(self, chunk: Sequence[_Tok], strict: bool) -> bool:
        content = [t for t in chunk if t.tag not in {"DT"}] or list(chunk)
        name = self.text[content[0].start : content[-1].end].lower()
        if name in self.lex.outlet_names:
            return True
        for p, t in enumerate(content):  # "the BBC's Pashto service"
            if (
                t.tag == "POS"
                and p > 0
                and self.text[content[0].start : content[p - 1].end].lower() in self.lex.outlet_names
            ):
                return True
        last = content[-1]
        if last.low in self.lex.institutions or last.low in self.lex.titles:
            return False
        if len(content) == 1 and last.low in self.lex.outlet_bare and not last.text[:1].isupper():
            return False  # "the media", "television": a kind of medium, not an outlet
        if last.low in self.lex.outlet_heads or (
            last.text[:1].isupper() and last.low in self.lex.outlet_name_heads
        ):
            return True
        if strict:
            return last.ent == "ORG" and last.tag in _PROPER and len(content) == 1 and last.text.isupper()
        if last.tag not in _PROPER or last.ent in _NOT_OUTLET_ENTS:
            return False
        proper_run = 0
        for t in reversed(content):
            if t.tag not in _PROPER:
                break
            proper_run += 1
        return proper_run == 1 or last.ent == "ORG"

    def outlet_part(self, chunk: Sequence[_Tok], strict: bool) -> Mention | None:
        """The outlet a noun phrase names: all of it, or the name after a descriptor ("broadcaster PTV")."""
        if not chunk:
            return None
        for p in range(len(chunk) - 2, -1, -1):
            if chunk[p].low in self.lex.outlet_heads and all(
                t.tag in _PROPER or t.text[:1].isupper() for t in chunk[p + 1 :]
            ):
                name = chunk[p + 1 :]
                return self.d.mention(name[0].start, name[-1].end)
        if self.outlet_like(chunk, strict):
            return self.d.mention(chunk[0].start, chunk[-1].end)
        return None

    def outlet_np(self, toks: list[_Tok], i: int) -> int:
        j = i
        while j < len(toks):
            t = toks[j]
            word = t.tag in {"DT", "NNP", "NNPS", "NN", "NNS", "JJ", "HYPH", "VBN", "POS", "CD"}
            word = word and t.low not in self.lex.date_words
            link = t.low in {"of", "&"} and j + 1 < len(toks) and toks[j + 1].tag in _PROPER
            if (word and (t.tag != "DT" or j == i)) or link:
                j += 1
            else:
                break
        while j > i and toks[j - 1].tag not in {"NN", "NNS", "NNP", "NNPS"}:
            j -= 1
        return j

    def outlet(self, a: int, b: int, clause: str, exclude: Mention | None) -> Mention | None:
        best: Mention | None = None
        for pattern, strict in self.lex.outlet_triggers:
            for m in pattern.finditer(clause):
                toks = self.d.toks(a + m.end(), b)
                if not toks or self.text[a + m.end() : toks[0].start].strip():
                    continue
                found = self.outlet_part(toks[: self.outlet_np(toks, 0)], strict)
                if found is None:
                    continue
                if exclude is not None and found.start < exclude.end and exclude.start < found.end:
                    continue
                if best is None or found.start < best.start:
                    best = found
                break
        toks = self.d.outside(self.d.toks(a, b))
        for k, t in enumerate(toks):
            if t.low in self.lex.outlet_verbs and t.tag in _VERB_TAGS:
                i = self.np_back(toks, k, 0)
                part = self.outlet_part(toks[i:k], False) if self.np_ok(toks, i, k) else None
                if part is not None and (best is None or part.start < best.start):
                    best = part
        return best

    def without_relatives(self, a: int, b: int, clause: str) -> str:
        """The clause with its relative clauses blanked ("a mother of six who was deported last week")."""
        toks = self.d.toks(a, b)
        spans: list[tuple[int, int]] = []
        for k, t in enumerate(toks):
            if t.tag in {"WP", "WDT", "WP$"} and (not spans or t.start >= spans[-1][1]):
                end = next((u.start for u in toks[k + 1 :] if u.text == ","), b)
                spans.append((t.start, end))
        if not spans:
            return clause
        chars = list(clause)
        for s, e in spans:
            chars[s - a : e - a] = " " * (e - s)
        return "".join(chars)

    def medium(self, clause: str) -> str | None:
        for label, pattern in self.lex.media:
            if pattern.search(clause):
                return label
        return None

    def date(self, a: int, clause: str) -> Mention | None:
        m = self.lex.date_re.search(clause)
        return self.d.mention(a + m.start(), a + m.end()) if m else None

    def make(self, subj: _Subject | None, cue: Mention | None, a: int, b: int) -> _Attr:
        """An attribution with its outlet, medium and date read in the clause ``[a, b)``."""
        clause = self.d.masked(a, b)
        outlet = self.outlet(a, b, clause, subj.speaker if subj else None)
        clause = self.without_relatives(a, b, clause)
        medium = self.medium(clause)
        document = False
        speaker = subj.speaker if subj else None
        if subj is not None and subj.kind == "nominal":
            low = subj.speaker.text.lower()
            for noun, label in self.lex.document_speakers.items():
                if low == noun or low.endswith(" " + noun):
                    document, medium = True, medium or label or None
                    break
        if speaker is not None and outlet is not None and outlet.start == speaker.start:
            speaker = None  # "Geo News reported": the outlet is no speaker
        at = cue.start if cue else (speaker.start if speaker else a)
        return _Attr(
            documents=frozenset(m.group(1).lower() for m in self.lex.document_re.finditer(clause)),
            pos=at,
            speaker=speaker,
            speaker_kind=subj.kind if subj and speaker else None,
            appositive=subj.appositive if subj and speaker else None,
            cue=cue,
            outlet=outlet,
            medium=medium,
            date=self.date(a, clause),
            document=document,
        )

    def cue_mention(self, toks: list[_Tok], k: int) -> Mention:
        return self.d.mention(toks[k].start, toks[k].end)

    # the clause after a quote
    def post(self, q: int) -> tuple[_Attr | None, bool]:
        """The attribution in the clause after quote ``q``, and whether it leads into the next quote."""
        span = self.d.spans[q]
        if span.close is None:
            return None, False
        a, b = self.d.post_bounds(q)
        toks = self.d.toks(a, b)
        lo = 0
        while lo < len(toks) and toks[lo].text in _LEAD_PUNCT:
            lo += 1
        if lo >= len(toks):
            return None, False
        inner_end = self.text[span.close - 1]
        if inner_end == "." and lo == 0 and not toks[0].text[0].islower():
            return None, False  # "Q." Next sentence: no attribution
        splits = (
            q + 1 < len(self.d.spans)
            and b == self.d.spans[q + 1].open
            and toks[-1].text == ","
            and self.d.para_of(self.d.spans[q + 1].open) == self.d.para_of(span.open)
        )
        attr = self.clause_after(toks, lo, a, b)
        return attr, splits and attr is not None

    def clause_after(self, toks: list[_Tok], lo: int, a: int, b: int) -> _Attr | None:
        hi = len(toks)
        while hi > lo and toks[hi - 1].text in _LEAD_PUNCT:
            hi -= 1
        if lo >= hi:
            return None
        first = toks[lo]
        if lo + 1 < hi and (first.low, toks[lo + 1].low) in self.lex.according:
            return self.according(toks, lo, hi, a, b)
        roles = frozenset({"speech", "report"})
        if self.is_cue(toks, lo, roles):
            subj = self.subject(toks, lo, lo, hi)
            return self.make(subj, self.cue_mention(toks, lo), a, b)
        for k in range(lo + 1, min(hi, lo + _MAX_SPEAKER + 4)):
            if not self.is_cue(toks, k, roles):
                continue
            subj = self.subject(toks, k, lo, hi)
            if subj is None:
                continue  # "an official, who asked not to be named, said": the verb of a relative clause
            if subj.first != toks[lo].start:
                return None
            if toks[k].low in self.lex.quoted and not any(t.low in self.lex.auxiliaries for t in toks[lo:k]):
                # active "state media quoted Mujahid as saying": the subject is the outlet
                after = self.subject_after(toks, k, hi)
                attr = self.make(after, self.cue_mention(toks, k), a, b)
                outlet = self.outlet_part(toks[lo:k], False)
                return replace(attr, outlet=outlet) if outlet is not None else attr
            return self.make(subj, self.cue_mention(toks, k), a, b)
        return None

    def according(self, toks: list[_Tok], k: int, hi: int, a: int, b: int) -> _Attr | None:
        """``according to X``: X is the outlet when it looks like one, else the speaker."""
        cue = self.d.mention(toks[k].start, toks[k + 1].end)
        subj = self.subject_after(toks, k + 1, hi)
        if subj is None:
            return self.make(None, cue, a, b)
        chunk = self.d.toks(subj.speaker.start, subj.speaker.end)
        outlet = self.outlet_part(chunk, True)
        if outlet is not None:
            return replace(self.make(None, cue, a, b), outlet=outlet)
        if chunk and chunk[-1].low in self.lex.document_speakers:
            # "according to the ministry's statement", "according to a statement from the ministry"
            issuer: _Subject | None = None
            pos = [x for x, t in enumerate(chunk) if t.tag == "POS"]
            rest = [t for t in toks[k + 2 : hi] if t.start >= subj.speaker.end]
            if pos and self.np_ok(chunk, 0, pos[-1]):
                owner = self._trim(chunk[: pos[-1]])
                issuer = self.subject_from(owner, None) if owner else None
            elif len(rest) > 1 and rest[0].low in {"from", "by", "of"}:
                issuer = self.subject_after(rest, 0, len(rest))
            return self.make(issuer, cue, a, b)
        return self.make(subj, cue, a, b)

    # the clause before a quote
    def clause_before(self, toks: list[_Tok], a: int, b: int) -> tuple[_Attr | None, bool]:
        """The attribution in ``toks`` (the clause before a quote) and whether it makes the quote direct."""
        if not toks:
            return None, False
        colon = toks[-1].text == ":"
        body = toks[:-1] if colon else toks
        for k in range(len(body) - 1):
            if (body[k].low, body[k + 1].low) in self.lex.according:
                hi = len(body)
                while hi > k + 2 and body[hi - 1].text in _LEAD_PUNCT:
                    hi -= 1
                j = self.np_fwd(body, k + 2, hi)
                # "According to X, "Q"", "According to a statement from X, "Q""
                leads = all(t.text in _LEAD_PUNCT for t in body[:k])
                if j > k + 2 and (colon or (hi < len(body) and (leads or j == hi))):
                    return self.according(body, k, hi, a, b), True
        roles = frozenset({"speech", "report", "judgement"})
        for k in range(len(body) - 1, -1, -1):
            if not self.is_cue(body, k, roles, participle=True):
                continue
            between = body[k + 1 :]
            role = self.role(body[k])
            direct = colon or (role == "speech" and self.attribution_tail(body[k], between))
            subj = self.subject_of(body, k, 0, len(body))
            return self.make(subj, self.cue_mention(body, k), a, b), direct
        if colon:
            # a headline or live-blog entry: "Asif: ..." or "21:40 - Foreign Office: ..."
            i = self.np_back(body, len(body), 0)
            if self.np_ok(body, i, len(body)) and not any(t.text[0].isalpha() for t in body[:i]):
                subj = self.subject_from(body[i:], None)
                if subj.kind != "pronoun":
                    return self.make(subj, None, a, b), True
        return None, colon

    def attribution_tail(self, cue: _Tok, between: list[_Tok]) -> bool:
        """Words between a speech verb and a quote that keep it direct: "told reporters on Sunday,"."""
        if not between:
            return True
        if any(t.tag in _VERB_TAGS or t.low == "that" for t in between):
            return False
        first = between[0]
        lemma = self.lex.lemmas.get(cue.low)
        return (
            first.text in {",", ":"}
            or first.low in self.lex.tail_prepositions
            or first.low in self.lex.date_words
            or lemma in {"tell", "ask", "inform"}
        )

    def main_subject(self, toks: list[_Tok], k: int, lo: int = 0) -> _Subject | None:
        """Subject of the finite verb before ``toks[k]``: "X called on ... and said", "X said, adding".

        A reporting verb is preferred ("X said the strikes were ... and warned"), else the nearest verb.
        """
        finite = [j for j in range(k - 1, lo - 1, -1) if toks[j].tag in _FINITE]
        for j in [j for j in finite if toks[j].low in self.lex.cues] or finite[:1]:
            return self.subject(toks, j, lo, k)
        return None

    # partial quotes
    def governing(self, q: int) -> _Attr | None:
        """The verb that governs a partial quote, and its subject."""
        span = self.d.spans[q]
        inner = self.d.toks(span.start, span.end)
        roles = frozenset({"speech", "report", "judgement"})
        lo, hi = self.d.sentence_bounds(span.open)
        if inner and self.d.parsed(inner[0]):
            found = self.parse_governor(inner, span, roles, lo, hi)
            if found is not None:
                return found
        before = self.d.outside(self.d.toks(lo, span.open))
        for k in range(len(before) - 1, -1, -1):
            if self.is_cue(before, k, roles, participle=True):
                subj = self.subject_of(before, k, 0, len(before))
                start = self.clause_start(before, subj.first if subj else before[k].start, lo)
                return self.make(subj, self.cue_mention(before, k), min(start, before[k].start), span.open)
        # a final "..., X said." of the sentence
        end = span.close if span.close is not None else span.end
        after = self.d.outside(self.d.toks(end + 1, hi))
        while after and after[-1].final and after[-1].text in _TERMINATORS:
            after = after[:-1]
        commas = [i for i, t in enumerate(after) if t.text == ","]
        if commas and after:
            c = commas[-1]
            found = self.clause_after(after, c + 1, after[c].start, after[-1].end)
            if found is not None:
                return found
        # a headline: "Tarar: Pakistan "will take every measure""
        head = self.d.outside(self.d.toks(lo, span.open))
        colon = next((i for i, t in enumerate(head[:10]) if t.text == ":"), None)
        if colon is not None:
            return self.clause_before(head[: colon + 1], head[0].start, head[colon].end)[0]
        return None

    def parse_governor(
        self, inner: list[_Tok], span: _Span, roles: frozenset[str], lo: int, hi: int
    ) -> _Attr | None:
        si = inner[0].sent
        root = None
        for t in inner:
            if t.sent != si:
                break
            h = self.d.spacy(t).head
            if not span.start <= self.d.by_spacy(si, h.i).start < span.end:
                root = h
                break
        steps = 0
        clause = [t for t in self.d.sent_toks(si) if t.tag != "_SP"]
        index = {t.i: x for x, t in enumerate(clause)}
        while root is not None and steps < 12:
            tok = self.d.by_spacy(si, root.i)
            if not lo <= tok.start < hi:
                return None
            k = index.get(tok.i, -1)
            if k >= 0 and self.is_cue(clause, k, roles, participle=True):
                subj = self.subject_of(clause, k, 0, len(clause))
                if subj is not None and not lo <= subj.speaker.start < hi:
                    subj = None
                start = self.clause_start(clause, min(subj.first if subj else tok.start, tok.start), lo)
                end = span.open if span.open > tok.start else max(tok.end, hi)
                return self.make(subj, self.d.mention(tok.start, tok.end), start, end)
            if root.head is root:
                break
            root = root.head
            steps += 1
        return None

    def clause_start(self, toks: list[_Tok], first: int, lo: int) -> int:
        """Where an attribution clause starts: its subject, or an introductory phrase before it ("In a
        message on X, Sharif said that ...")."""
        prev = [t for t in toks if lo <= t.start < first]
        return lo if prev and prev[-1].text == "," and not any(t.final for t in prev) else first

    # reported speech, for continuations
    def reported(self, si: int) -> list[_Attr]:
        """Attributions of reported speech in sentence ``si`` ("Asif said talks had failed")."""
        cached = self.d._reported.get(si)
        if cached is not None:
            return cached
        s = self.d.sents[si]
        toks = self.d.outside(self.d.toks(s.start, s.end))
        out: list[_Attr] = []
        speech = frozenset({"speech"})
        for k in range(len(toks)):
            if self.is_cue(toks, k, speech):
                subj = self.subject_of(toks, k, 0, len(toks))
                if subj is not None:
                    out.append(self.make(subj, self.cue_mention(toks, k), s.start, s.end))
        self.d._reported[si] = out
        return out

    def antecedents(self, pos: int, quoted: list[_Attr], everywhere: bool = False) -> list[_Attr]:
        """Attributions before ``pos`` in its paragraph and the previous one (or all), nearest first."""
        p = self.d.para_of(pos)
        window = 0 if everywhere else self.d.paras[max(0, p - 1)][0]
        found = [a for a in quoted if window <= a.pos < pos and a.speaker is not None]
        si = max(0, bisect_right(self.d.sent_starts, window) - 1)
        while si < len(self.d.sents) and self.d.sents[si].start < pos:
            if self.d.sents[si].end > window:
                found.extend(a for a in self.reported(si) if window <= a.pos < pos)
            si += 1
        return sorted(found, key=lambda a: a.pos, reverse=True)

    def inherit_speaker(self, attr: _Attr, pos: int, quoted: list[_Attr]) -> _Attr:
        """A document or missing subject ("the statement said") takes the last real speaker."""
        candidates = [
            a
            for a in self.antecedents(pos, quoted)
            if not a.document and a.speaker_kind in {"name", "nominal"}
        ]
        if attr.document:
            # "the report said": who said something "in a report", anywhere before; else the same medium
            noun = attr.speaker.text.lower().split()[-1] if attr.speaker else ""
            issued = [
                a
                for a in self.antecedents(pos, quoted, everywhere=True)
                if noun in a.documents and not a.document and a.speaker_kind in {"name", "nominal"}
            ]
            same = [a for a in candidates if attr.medium and a.medium == attr.medium]
            candidates = issued or same or candidates
        if not candidates:
            return attr
        src = candidates[0]
        return replace(attr, speaker=src.speaker, speaker_kind=src.speaker_kind, appositive=src.appositive)

    def inherit_channel(self, attr: _Attr, pos: int, quoted: list[_Attr]) -> _Attr:
        """Outlet, medium and date of the last attribution by the same speaker, when this one names none."""
        if attr.speaker is None or attr.outlet or attr.medium or attr.date:
            return attr
        words = attr.speaker.text.lower().split()
        # "he", "the spokesman": the last named speaker; "the official": the last "... official"
        anaphor = attr.speaker_kind == "pronoun" or (words[0] == "the" and words[-1] in self.lex.titles)
        for a in self.antecedents(pos, quoted):
            if a.speaker is None or a.speaker_kind == "pronoun" or a.document:
                continue
            same = (
                a.speaker.text.split()[-1].lower() == words[-1]
                or attr.speaker_kind == "pronoun"
                or (anaphor and a.speaker_kind == "name")
            )
            if not same:
                return attr  # another speaker came in between
            if a.outlet or a.medium:
                return replace(attr, outlet=a.outlet, medium=a.medium, date=attr.date or a.date)
            if anaphor:
                return attr
        return attr

    # one quote
    def own(self, q: int) -> _Own:
        a, b = self.d.pre_bounds(q)
        pre = self.d.toks(a, b)
        start_clause = all(t.text in _LEAD_PUNCT or t.tag in {"``", "''", "NFP", ":"} for t in pre) or (
            bool(pre) and pre[-1].text in _DASHES
        )
        if pre and pre[-1].text == ":":
            attr, _ = self.clause_before(pre, pre[0].start, b)
            return _Own(attr, "direct", False)
        if not pre or start_clause:
            colon = self.colon_before(a)
            if colon is not None:
                return _Own(colon, "direct", False)
        post, splits = self.post(q)
        if post is not None:
            kind: QuoteKind = "direct" if start_clause or self.led_by_according(pre) else "partial"
            return _Own(post, kind, splits)
        if pre and not start_clause:
            attr, direct = self.clause_before(pre, pre[0].start, b)
            if direct:
                return _Own(attr, "direct", False)
            return _Own(self.governing(q), "partial", False)
        if self.utterance(q):
            return _Own(None, "direct", False)
        return _Own(self.governing(q), "partial", False)

    def led_by_according(self, pre: list[_Tok]) -> bool:
        return any((pre[k].low, pre[k + 1].low) in self.lex.according for k in range(len(pre) - 1))

    def colon_before(self, a: int) -> _Attr | None:
        """``X said on Sunday:`` ending the previous sentence or paragraph, before a quote that opens one."""
        j = a - 1
        while j >= 0 and self.text[j].isspace():
            j -= 1
        if j < 0 or self.text[j] != ":":
            return None
        lo, _ = self.d.sentence_bounds(j)
        k = self.d.quote_at(j)
        if k is not None:
            return None
        toks = self.d.outside(self.d.toks(lo, j + 1))
        attr, _ = self.clause_before(toks, toks[0].start if toks else lo, j + 1)
        return attr

    def utterance(self, q: int) -> bool:
        """A quote that opens a sentence is said, not named: it ends in punctuation or is followed by some."""
        span = self.d.spans[q]
        if span.close is None:
            return True
        if self.text[span.close - 1] in ".,;:!?…—–-":
            return True
        a = self.d.post_bounds(q)[0]
        toks = self.d.toks(a, self.d.paras[self.d.para_of(span.open)][1])
        return not toks or not toks[0].text[0].isalnum()


# -- assembling ----------------------------------------------------------------------------------------------


def find_quotes(text: str, sentences: Sequence[Sentence]) -> list[QuoteCandidate]:
    """All quotations of the article, in text order, with their attribution as written."""
    spans, paras = _scan(text)
    if not spans:
        return []
    doc = _Doc(text, sentences, spans, paras)
    att = _Attributor(doc)
    owns = [att.own(q) for q in range(len(spans))]
    runs: list[list[int]] = [[0]]
    for q in range(1, len(spans)):
        prev = spans[q - 1]
        chained = prev.chain is not None and prev.chain == spans[q].chain
        if chained or owns[q - 1].splits:
            runs[-1].append(q)
        else:
            runs.append([q])
    out: list[QuoteCandidate] = []
    quoted: list[_Attr] = []
    groups = 0
    for run in runs:
        first = spans[run[0]]
        attr = next((owns[q].attr for q in run if owns[q].attr is not None), None)
        continues = False
        if attr is None and owns[run[0]].kind == "direct":
            ante = att.antecedents(first.open, quoted)
            if ante:
                attr, continues = ante[0], True
        elif attr is not None and (attr.document or (attr.speaker is None and attr.outlet is None)):
            attr = att.inherit_speaker(attr, first.open, quoted)
        if attr is not None and not continues:
            attr = att.inherit_channel(attr, first.open, quoted)
        group = None
        if len(run) > 1:
            groups += 1
            group = f"g{groups}"
        if len(run) == 1 and owns[run[0]].kind == "partial" and attr is None and _is_name(text, first):
            continue  # a quoted name with no speaker: the so-called "Islamic State"
        for n, q in enumerate(run):
            s = spans[q]
            kind = owns[q].kind if n == 0 else "direct"
            out.append(_candidate(text, s, kind, attr, group, continues))
        if attr is not None:
            quoted.append(replace(attr, pos=first.open) if continues else attr)
    return out


_SMALL_WORDS = frozenset(
    {"of", "the", "and", "for", "in", "on", "al", "bin", "e", "ul", "ud", "a", "an", "to"}
)


def _is_name(text: str, s: _Span) -> bool:
    """A short quoted stretch whose words are all capitalised: "Operation Azm-e-Istehkam", "Islamic State"."""
    words = re.findall(r"[^\W\d_][\w’'-]*", text[s.start : s.end])
    if not words or len(words) > 8 or text[s.end - 1] in ".!?":
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words) and words[0][0].isupper()


def _candidate(
    text: str, s: _Span, kind: QuoteKind, attr: _Attr | None, group: str | None, continues: bool
) -> QuoteCandidate:
    a = attr or _Attr(pos=s.start)
    return QuoteCandidate(
        text=text[s.start : s.end],
        start=s.start,
        end=s.end,
        kind=kind,
        speaker=a.speaker,
        speaker_kind=a.speaker_kind,
        cue=a.cue.text if a.cue else None,
        cue_mention=a.cue,
        outlet=a.outlet.text if a.outlet else None,
        outlet_mention=a.outlet,
        medium=a.medium,
        date_mention=a.date,
        group=group,
        continues=continues,
        speaker_appositive=a.appositive,
    )
