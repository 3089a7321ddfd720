"""The pattern books: format checks, inflections, the most constrained pattern wins, the shipped books."""

from __future__ import annotations

import pytest

from flashpoint.errors import ResourceError
from flashpoint.events.patterns import CATEGORIES, compile_books, default_books, noun_forms, verb_forms

HEAD = 'category = "ASSAULT"\nquad_code = 4\nscore = -9.0\n[modes]\naerial = -9.5\n'


def test_regular_and_irregular_inflections() -> None:
    assert {"shell", "shells", "shelled", "shelling"} <= verb_forms("shell", {})
    assert {"ban", "bans", "banned", "banning"} <= verb_forms("ban", {})
    assert {"deny", "denies", "denied", "denying"} <= verb_forms("deny", {})
    assert {"seize", "seizes", "seized", "seizing"} <= verb_forms("seize", {})
    assert {"struck", "strikes", "striking"} <= verb_forms("strike", {"strike": ("struck",)})
    assert {"clash", "clashes"} <= noun_forms("clash")
    assert {"casualty", "casualties"} <= noun_forms("casualty")


def test_most_constrained_pattern_comes_first() -> None:
    book = (
        HEAD + '[[noun]]\nlemma = "strike"\n[[noun]]\nlemma = "strike"\nmode = "aerial"\nmodifier = ["air"]\n'
    )
    books = compile_books({"assault.toml": book})
    found = books.lookup("strikes", "noun")
    assert [p.mode for p in found] == ["aerial", None]
    assert books.lookup("Strike", "noun")
    assert books.lookup("strike", "verb") == ()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('[[verb]]\nlemma = "Attack"\n', "lower-case"),
        ('[[verb]]\nlemma = "open fire"\n', "one lower-case word"),
        ('[[verb]]\nlemma = "attack"\ncolour = "red"\n', "unknown key"),
        ('[[verb]]\nlemma = "attack"\nmode = "naval"\n', "not a mode"),
        ('[[verb]]\nlemma = "attack"\nembeds = "maybe"\n', "embeds"),
        ('[[verb]]\nlemma = "attack"\nactor = ["subject!"]\n', "role slot"),
    ],
)
def test_bad_entries_are_refused_with_a_reason(entry: str, message: str) -> None:
    with pytest.raises(ResourceError, match=message):
        compile_books({"assault.toml": HEAD + entry})


def test_shipped_books_cover_all_sixteen_categories() -> None:
    books = default_books()
    assert set(books.books) == set(CATEGORIES)
    assert len(books) > 500
    for cat, book in books.books.items():
        assert book.quad_code in (1, 2, 3, 4), cat
        assert -10 <= book.score <= 10
    assert any(p.category == "ASSAULT" for p in books.lookup("clashes", "noun"))
    assert any(p.category == "CONSULT" for p in books.lookup("talks", "noun"))
    assert any(p.category == "RETREAT" for p in books.lookup("ceasefire", "noun"))
    assert any(p.category == "COERCE" for p in books.lookup("deported", "verb"))
    # neutral reporting verbs are no triggers
    for word in ("said", "says", "told", "stated"):
        assert books.lookup(word, "verb") == ()


def test_unless_keeps_a_stock_phrase_from_firing() -> None:
    head = 'category = "REQUEST"\nquad_code = 3\nscore = 0.0\n[modes]\n'
    books = compile_books({"request.toml": head + '[[noun]]\nlemma = "request"\nunless = ["comment"]\n'})
    (p,) = books.lookup("request", "noun")
    assert p.unless == frozenset({"comment"})
    assert p.constraints == 0
