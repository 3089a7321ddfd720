"""HTML pages: the story's text without navigation, ads or comments, and the page's own metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.errors import EmptyDocumentError, MalformedError
from flashpoint.io.html import declared_charset, extract_html

PAGE = Path(__file__).parent / "data" / "news_article.html"


@pytest.fixture(scope="module")
def page_markup() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_the_story_text_is_kept_and_the_rest_dropped(page_markup: str) -> None:
    page = extract_html(page_markup)
    for kept in ("Talks between Pakistan and Afghanistan", "Khawaja Asif", "At least 23 Pakistani soldiers"):
        assert kept in page.text
    for dropped in (
        "Advertisement",
        "Learn English",
        "Privacy policy",
        "Subscribe to my channel",
        "Reader123",
        "Related stories",
        "Share on Facebook",
        "Cheap flights",
    ):
        assert dropped not in page.text


def test_metadata_comes_from_the_markup(page_markup: str) -> None:
    page = extract_html(page_markup)
    assert page.title == "Pakistan, Afghanistan talks in Istanbul end without deal"
    assert page.url == "https://www.frontierdaily.example/world/2025/10/28/istanbul-talks-end"
    assert page.publisher == "Frontier Daily"
    assert page.published == dt.date(2025, 10, 28)  # published, not modified (10-29)


def test_a_page_without_metadata_has_none() -> None:
    body = "<p>" + "Pakistan closed the Chaman crossing on Sunday, officials said. " * 6 + "</p>"
    page = extract_html(f"<html><body><article>{body}</article></body></html>")
    assert page.text.startswith("Pakistan closed the Chaman crossing")
    assert page.published is None
    assert page.url is None


def test_a_page_without_article_text_is_empty() -> None:
    with pytest.raises(EmptyDocumentError, match="no article text found in the HTML"):
        extract_html("<html><head><title>x</title></head><body></body></html>")


def test_text_without_any_tag_is_not_html() -> None:
    with pytest.raises(MalformedError, match="not HTML"):
        extract_html("Just a sentence that someone saved with the wrong extension.")


def test_the_declared_charset_is_found() -> None:
    assert declared_charset(b'<html><head><meta charset="windows-1256">') == "windows-1256"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">') == (
        "ISO-8859-1"
    )
    assert declared_charset(b"<html><body>no declaration</body></html>") is None
