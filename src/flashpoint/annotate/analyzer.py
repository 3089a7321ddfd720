"""spaCy the cheap way: tokens, sentences and tags everywhere; parse and entities only where needed.

Plain ``nlp.pipe`` runs every component on every token. flashpoint splits the work in two passes:

1. ``segment``: the tokenizer and the small sentence recogniser on the whole text, then the shared
   tok2vec and the tagger on each sentence (one spaCy ``Doc`` per sentence);
2. ``deepen``: the dependency parser (which reuses the tok2vec output) and the entity recogniser (which
   has its own embedding) on the sentences that a later stage asked for.

The rule lemmatizer and the attribute ruler are never run: stages read ``tag_`` and word forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from flashpoint.records import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_FINAL_PUNCT = frozenset({".", "!", "?", '"', "”", "’", "'", ":", ";"})
#: A line shorter than this that does not end in punctuation is a heading or a dateline: it ends a sentence.
_SHORT_LINE = 60


class Analyzer:
    """Wraps a loaded spaCy pipeline; one per process (see :func:`flashpoint.io.model.load_pipeline`)."""

    def __init__(self, nlp: Language, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        # spaCy types these as plain callables; they are trainable pipes with .pipe()
        self._senter: Any = nlp.get_pipe("senter")
        self._tok2vec: Any = nlp.get_pipe("tok2vec")
        self._tagger: Any = nlp.get_pipe("tagger")
        self._parser: Any = nlp.get_pipe("parser")
        self._ner: Any = nlp.get_pipe("ner")

    # -- pass 1 ---------------------------------------------------------------------------------
    def segment(self, texts: Sequence[str]) -> list[tuple[Sentence, ...]]:
        """Sentences of each text, each a tagged spaCy ``Doc`` with its tok2vec tensor."""
        from spacy.tokens import Doc

        per_text: list[list[tuple[int, int, Doc]]] = []
        flat: list[Doc] = []
        docs = (self._mark_line_breaks(self.nlp.make_doc(t)) for t in texts)
        for doc in self._senter.pipe(docs, batch_size=self.batch_size):
            items: list[tuple[int, int, Doc]] = []
            for sent in doc.sents:
                toks = [t for t in sent if not t.is_space]
                if not toks:
                    continue
                first, last = toks[0].i, toks[-1].i
                words = [doc[i].text for i in range(first, last + 1)]
                spaces = [bool(doc[i].whitespace_) for i in range(first, last + 1)]
                spaces[-1] = False
                sdoc = Doc(self.nlp.vocab, words=words, spaces=spaces)
                start = doc[first].idx
                items.append((start, start + len(sdoc.text), sdoc))
                flat.append(sdoc)
            per_text.append(items)
        # tok2vec and tagger over all sentences of the batch at once
        for _ in self._tagger.pipe(self._tok2vec.pipe(flat, batch_size=256), batch_size=256):
            pass
        return [
            tuple(Sentence(index=i, start=s, end=e, doc=d) for i, (s, e, d) in enumerate(items))
            for items in per_text
        ]

    @staticmethod
    def _mark_line_breaks(doc: Doc) -> Doc:
        """Paragraph breaks, headings and datelines end sentences; wrapped lines inside a paragraph do not."""
        line_start = 0
        for tok in doc[:-1]:
            if not tok.is_space or "\n" not in tok.text:
                continue
            prev = doc[tok.i - 1] if tok.i > 0 else None
            line_len = tok.idx - line_start
            line_start = tok.idx + len(tok.text)
            if (
                tok.text.count("\n") >= 2
                or prev is None
                or prev.text in _FINAL_PUNCT
                or line_len < _SHORT_LINE
            ):
                doc[tok.i + 1].is_sent_start = True
        return doc

    # -- pass 2 ---------------------------------------------------------------------------------
    def deepen(
        self, sentences: Iterable[Sentence], parse: Iterable[bool], ner: Iterable[bool]
    ) -> list[Sentence]:
        """Return the sentences, parsed and/or with entities where asked (already done work is kept)."""
        sents = list(sentences)
        want_parse = [p and not s.parsed for s, p in zip(sents, parse, strict=True)]
        want_ner = [n and not s.has_ner for s, n in zip(sents, ner, strict=True)]
        to_parse = [s.doc for s, w in zip(sents, want_parse, strict=True) if w]
        to_ner = [s.doc for s, w in zip(sents, want_ner, strict=True) if w]
        for _ in self._parser.pipe(to_parse, batch_size=256):
            pass
        for _ in self._ner.pipe(to_ner, batch_size=256):
            pass
        out = []
        for s, p, n in zip(sents, want_parse, want_ner, strict=True):
            out.append(replace(s, parsed=s.parsed or p, has_ner=s.has_ner or n) if (p or n) else s)
        return out


def sentence_offsets_ok(text: str, sentences: Iterable[Sentence]) -> bool:
    """True when every sentence's text is exactly ``text[start:end]`` (used by tests and checks)."""
    return all(text[s.start : s.end] == s.doc.text for s in sentences)
