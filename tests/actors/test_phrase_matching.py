"""The directory's surface forms drive a spaCy PhraseMatcher as the resolver uses them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashpoint.actors.directory import default_directory
from flashpoint.annotate.analyzer import Analyzer
from flashpoint.records import Sentence

TEXT = (
    "Afghan Taliban spokesman Zabihullah Mujahid said Pakistani troops fired on civilians near Torkham, "
    "while Islamabad blamed the TTP. The ISPR, the military's media wing, said Tehrik-i-Taliban Pakistan "
    "fighters attacked a post. Al-Qaeda was not mentioned by us, the Defence Minister said."
)


@pytest.mark.slow
def test_surface_forms_match_in_text(
    analyzer: Analyzer, analyze: Callable[..., tuple[Sentence, ...]]
) -> None:
    from spacy.matcher import PhraseMatcher

    nlp = analyzer.nlp
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns: dict[tuple[bool, str], list[str]] = {}
    for form in default_directory().surface_forms():
        label = f"{form.kind}|{form.target}"
        patterns.setdefault((form.case_sensitive, label), []).append(
            form.text if form.case_sensitive else form.text.lower()
        )
    for (case_sensitive, label), texts in patterns.items():
        matcher = exact if case_sensitive else folded
        matcher.add(label, list(nlp.tokenizer.pipe(texts)))

    found: set[tuple[str, str]] = set()
    for sentence in analyze(TEXT, parse=False, ner=False):
        doc = sentence.doc
        for matcher in (exact, folded):
            for match_id, start, end in matcher(doc):
                found.add((doc[start:end].text, nlp.vocab.strings[match_id]))

    expected = {
        ("Afghan Taliban", "entry|taliban"),
        ("Afghan", "demonym|AFG"),
        ("spokesman", "title|spokesperson"),
        ("Zabihullah Mujahid", "entry|zabihullah-mujahid"),
        ("Pakistani", "demonym|PAK"),
        ("troops", "title|troops"),
        ("civilians", "title|civilians"),
        ("Islamabad", "capital|PAK"),
        ("TTP", "entry|ttp"),
        ("ISPR", "entry|pak.ispr"),
        ("media wing", "title|media_wing"),
        ("Tehrik-i-Taliban Pakistan", "entry|ttp"),
        ("fighters", "title|fighters"),
        ("Al-Qaeda", "entry|al_qaeda"),
        ("Defence Minister", "title|defence_minister"),
    }
    assert expected <= found
    assert not any(label == "country|USA" for _, label in found)  # "us" is not "US"
