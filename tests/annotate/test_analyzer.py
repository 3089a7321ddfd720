"""The two-pass analyzer: sentences slice the text exactly; deep layers only where asked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.annotate.analyzer import Analyzer, sentence_offsets_ok

TEXT = (
    "ISLAMABAD, Oct 26 (Reuters) - Pakistan's defence minister said on Sunday that talks had failed.\n\n"
    '"We will respond," he told Geo News. The Taliban denied it.\n'
    "Short heading\n"
    "Officials said more than 2,000 Afghans were stranded at the crossing."
)


def test_sentences_slice_the_text(analyzer: Analyzer) -> None:
    sents = analyzer.segment([TEXT])[0]
    assert sentence_offsets_ok(TEXT, sents)
    assert [s.index for s in sents] == list(range(len(sents)))
    # the paragraph break and the heading line end sentences
    starts = {TEXT[s.start : s.start + 10] for s in sents}
    assert '"We will r' in starts
    assert "Officials " in starts
    assert all(t.tag_ for s in sents for t in s.doc)
    assert not any(s.parsed or s.has_ner for s in sents)


def test_deepen_only_where_asked(analyzer: Analyzer) -> None:
    sents = analyzer.segment([TEXT])[0]
    mask = [i == 0 for i in range(len(sents))]
    deep = analyzer.deepen(sents, mask, mask)
    assert deep[0].parsed
    assert deep[0].has_ner
    assert any(t.dep_ == "ROOT" for t in deep[0].doc)
    assert {e.text for e in deep[0].doc.ents} >= {"Pakistan"}
    assert not any(s.parsed or s.has_ner for s in deep[1:])


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"'-AZ09")), min_size=0, max_size=200))
def test_sentences_slice_any_text(analyzer: Analyzer, text: str) -> None:
    sents = analyzer.segment([text])[0]
    assert sentence_offsets_ok(text, sents)
    assert all(s.doc.text.strip() == s.doc.text for s in sents)
