"""Reading input files: every format, metadata, a given date's precedence, and a reason for every bad file."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import shutil
import tempfile
import tracemalloc
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from language_samples import FRENCH, GERMAN, SPANISH, URDU

from flashpoint.errors import EmptyDocumentError, LanguageError, TooLargeError
from flashpoint.io.readers import (
    SUPPORTED_SUFFIXES,
    content_id,
    date_from_url,
    iter_paths,
    make_article,
    read_articles,
    read_documents,
)
from flashpoint.records import Article, Failure, RawDocument
from flashpoint.settings import Settings

DATA = Path(__file__).parent / "data"
SETTINGS = Settings()
EN = (
    "ISLAMABAD: Pakistan closed the Torkham crossing on Sunday after clashes with Afghan Taliban forces, "
    "officials said, leaving hundreds of trucks stranded on both sides of the border."
)
EN2 = (
    "KABUL: The Taliban government said on Monday that talks with Pakistan in Istanbul ended without a deal."
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def docs(
    paths: Iterable[str | Path], *, published: dt.date | None = None, settings: Settings = SETTINGS
) -> list[RawDocument | Failure]:
    return list(read_documents(list(paths), published=published, settings=settings))


def articles(
    paths: Iterable[str | Path], *, published: dt.date | None = None, settings: Settings = SETTINGS
) -> list[Article | Failure]:
    return list(read_articles(list(paths), published=published, settings=settings))


def only(items: list[RawDocument | Failure] | list[Article | Failure]) -> RawDocument | Article | Failure:
    assert len(items) == 1, items
    return items[0]


def one_document(path: Path) -> RawDocument:
    doc = only(docs([path]))
    assert isinstance(doc, RawDocument), doc
    return doc


def one_failure(path: Path | str, settings: Settings = SETTINGS) -> Failure:
    failure = only(articles([path], settings=settings))
    assert isinstance(failure, Failure), failure
    assert failure.reason
    assert "\n" not in failure.reason
    return failure


# -- formats ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plain.txt", EN.encode("utf-8")),
        ("bom.txt", codecs.BOM_UTF8 + EN.encode("utf-8")),
        ("utf16.txt", EN.encode("utf-16")),
        ("windows.txt", ("The minister’s “firm” reply — " + EN).encode("cp1252")),
        ("upper.TXT", EN.encode("utf-8")),
    ],
)
def test_text_files_are_read(tmp_path: Path, name: str, content: bytes) -> None:
    doc = one_document(write(tmp_path / name, content))
    assert doc.text.endswith(EN)
    assert doc.path == str(tmp_path / name)
    assert (doc.title, doc.url, doc.publisher, doc.published, doc.record) == (None, None, None, None, None)
    assert doc.published_source == "unknown"


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_pages_are_read_with_their_metadata(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    shutil.copy(DATA / "news_article.html", path)
    doc = one_document(path)
    assert "Talks between Pakistan and Afghanistan's Taliban government" in doc.text
    assert "Advertisement" not in doc.text
    assert "Reader123" not in doc.text
    assert doc.title == "Pakistan, Afghanistan talks in Istanbul end without deal"
    assert doc.publisher == "Frontier Daily"
    assert doc.url == "https://www.frontierdaily.example/world/2025/10/28/istanbul-talks-end"
    assert doc.published == dt.date(2025, 10, 28)
    assert doc.published_source == "metadata"


def test_a_json_object_is_one_document(tmp_path: Path) -> None:
    record = {
        "text": EN,
        "title": " Torkham closed ",
        "url": "https://example.org/a",
        "publisher": "Dawn",
        "published": "2025-10-12",
        "section": "world",  # unknown fields are ignored
        "tags": ["border"],
    }
    doc = one_document(write(tmp_path / "one.json", json.dumps(record)))
    assert (doc.text, doc.title, doc.url, doc.publisher) == (
        EN,
        "Torkham closed",
        "https://example.org/a",
        "Dawn",
    )
    assert (doc.published, doc.published_source, doc.record) == (dt.date(2025, 10, 12), "metadata", None)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-10-12", dt.date(2025, 10, 12)),
        ("2025-10-12T23:30:00Z", dt.date(2025, 10, 12)),  # the date as written, no time-zone shift
        ("2025-10-12T02:00:00+05:00", dt.date(2025, 10, 12)),
        ("2025-10-12 08:15", dt.date(2025, 10, 12)),
        (None, None),
        ("", None),
    ],
)
def test_published_field_forms(tmp_path: Path, published: str | None, expected: dt.date | None) -> None:
    doc = one_document(write(tmp_path / "d.json", json.dumps({"text": EN, "published": published})))
    assert doc.published == expected
    assert doc.published_source == ("metadata" if expected else "unknown")


def test_a_json_array_gives_one_document_per_record(tmp_path: Path) -> None:
    path = write(
        tmp_path / "many.json", json.dumps([{"text": EN, "title": "a"}, {"text": EN2, "title": "b"}])
    )
    found = docs([path])
    assert [(d.record, d.title, d.text) for d in found if isinstance(d, RawDocument)] == [
        (1, "a", EN),
        (2, "b", EN2),
    ]


def test_json_lines_are_numbered_by_line(tmp_path: Path) -> None:
    lines = [json.dumps({"text": EN, "publisher": "Dawn"}), "", "  ", json.dumps({"text": EN2})]
    path = write(tmp_path / "feed.jsonl", codecs.BOM_UTF8 + ("\n".join(lines) + "\n").encode())
    found = docs([path])
    assert [(d.record, d.publisher, d.text) for d in found if isinstance(d, RawDocument)] == [
        (1, "Dawn", EN),
        (4, None, EN2),
    ]


# -- the caller's date wins -------------------------------------------------------------------------


def test_a_given_date_wins_over_metadata(tmp_path: Path) -> None:
    given_date = dt.date(2025, 11, 2)
    html = tmp_path / "page.html"
    shutil.copy(DATA / "news_article.html", html)
    paths = [
        html,
        write(tmp_path / "a.json", json.dumps({"text": EN, "published": "2025-10-12"})),
        write(tmp_path / "b.jsonl", json.dumps({"text": EN, "published": "not a date"}) + "\n"),
        write(tmp_path / "c.txt", EN),
    ]
    found = docs(paths, published=given_date)
    assert len(found) == 4
    for doc in found:
        assert isinstance(doc, RawDocument), doc
        assert (doc.published, doc.published_source) == (given_date, "given")


def test_without_a_given_date_a_bad_metadata_date_is_a_failure(tmp_path: Path) -> None:
    path = write(tmp_path / "b.jsonl", json.dumps({"text": EN, "published": "last Tuesday"}) + "\n")
    failure = one_failure(path)
    assert failure.source == f"{path}#1"
    assert (
        failure.reason
        == "record's 'published' field 'last Tuesday' is not a date (YYYY-MM-DD or an ISO datetime)"
    )


# -- bad input: one Failure each, the good documents still come out ----------------------------------


BAD_FILES: dict[str, tuple[bytes, str, str]] = {
    # name: (content, stage, expected reason or the start of it)
    "empty.txt": (b"", "read", "empty file"),
    "blank.txt": (b"  \n\t \r\n", "read", "the file holds only whitespace"),
    "bom-only.txt": (codecs.BOM_UTF8, "read", "the file holds no text"),
    "scan.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "decode", "binary data (PDF document), not text"),
    "photo.html": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "decode", "binary data (PNG image), not text"),
    "pic.json": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "decode", "binary data (JPEG image), not text"),
    "anim.txt": (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "decode", "binary data (GIF image), not text"),
    "bundle.jsonl": (
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        "decode",
        "binary data (ZIP archive or Office document)",
    ),
    "pack.txt": (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "decode", "binary data (gzip archive), not text"),
    "prog.txt": (b"\x7fELF\x02\x01\x01\x00\x00\x00", "decode", "binary data (ELF executable), not text"),
    "nul.txt": (b"abc\x00def" * 20, "decode", "binary data (NUL bytes), not text"),
    "broken.txt": (
        "Pakistan’s army said".encode() + b"\xff\xfe" + "“firm” reply".encode(),
        "decode",
        "not valid UTF-8 (invalid byte 0xff at offset 22) and no other encoding fits",
    ),
    "urdu.txt": (URDU.encode(), "language", "text is in Urdu (ur, p=1.00), not English"),
    "french.txt": (FRENCH.encode(), "language", "text is in French (fr, p="),
    "bad.json": (
        b'{"text": "a",\n "title": "b"\n "url": "c"}',
        "parse",
        "invalid JSON at line 3, column 2: ",
    ),
    "lines.json": (
        (json.dumps({"text": EN}) + "\n" + json.dumps({"text": EN2}) + "\n").encode(),
        "parse",
        "invalid JSON at line 2, column 1: Extra data (one object per line is JSON Lines: name the file "
        ".jsonl)",
    ),
    "notext.json": (b'{"title": "no body"}', "parse", "record has no 'text' field"),
    "emptytext.json": (b'{"text": "   "}', "read", "record's 'text' field is empty"),
    "numtext.json": (b'{"text": 42}', "parse", "record's 'text' field is a number, not a string"),
    "scalar.json": (
        b'"just a string"',
        "parse",
        "the JSON holds a string, not an object or an array of objects",
    ),
    "nothing.json": (b"[]", "read", "the JSON array holds no records"),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "parse", "invalid JSON: nested too deeply"),
    "navonly.html": (
        b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "read",
        "no article text found in the HTML (only 4 characters",
    ),
    "empty-page.html": (
        b"<html><head><title>t</title></head><body></body></html>",
        "read",
        "no article text",
    ),
    "plain.html": (
        b"some words saved with the wrong extension",
        "parse",
        "not HTML: no tags found in the file",
    ),
    "utf16.jsonl": (
        json.dumps({"text": EN}).encode("utf-16"),
        "decode",
        "JSON Lines must be UTF-8; this file is UTF-16",
    ),
    "blank.jsonl": (b"\n\n  \n", "read", "no records in the file (only blank lines)"),
    "short.txt": (b"Kabul.", "read", "text is only 6 characters, under the 20-character minimum"),
}


def test_a_mixed_folder_gives_one_failure_per_bad_file_and_every_good_document(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    for name, (content, _, _) in BAD_FILES.items():
        write(folder / "bad" / name, content)
    write(folder / "good" / "a.txt", EN)
    shutil.copy(DATA / "news_article.html", folder / "good" / "b.html")
    write(
        folder / "good" / "c.jsonl", json.dumps({"text": EN2}) + "\n{oops\n" + json.dumps({"text": EN}) + "\n"
    )
    write(folder / "good" / "d.json", json.dumps([{"text": EN2 + " Officials confirmed it."}, {"text": ""}]))
    write(folder / "notes.md", "not read")  # unsupported kinds inside a folder are passed over
    write(folder / ".hidden.txt", URDU)
    write(folder / ".cache" / "x.txt", URDU)

    results = articles([folder])
    by_source: dict[str, list[Article | Failure]] = {}
    for item in results:
        source = (
            item.source
            if isinstance(item, Failure)
            else (item.path or "") + (f"#{item.record}" if item.record else "")
        )
        by_source.setdefault(source, []).append(item)

    for name, (_, stage, reason) in BAD_FILES.items():
        source = str(folder / "bad" / name)
        found = by_source.pop(source, None) or by_source.pop(source + "#1", None)
        assert found is not None, name
        assert len(found) == 1, (name, found)
        failure = found[0]
        assert isinstance(failure, Failure), (name, failure)
        assert failure.stage == stage, (name, failure)
        assert failure.reason.startswith(reason), (name, failure.reason)
        assert "\n" not in failure.reason

    good = folder / "good"
    assert {source: type(items[0]).__name__ for source, items in by_source.items()} == {
        str(good / "a.txt"): "Article",
        str(good / "b.html"): "Article",
        f"{good / 'c.jsonl'}#1": "Article",
        f"{good / 'c.jsonl'}#2": "Failure",
        f"{good / 'c.jsonl'}#3": "Article",
        f"{good / 'd.json'}#1": "Article",
        f"{good / 'd.json'}#2": "Failure",
    }


def test_paths_that_cannot_be_read_are_failures(tmp_path: Path) -> None:
    (tmp_path / "empty-folder").mkdir()
    write(tmp_path / "only-docs" / "readme.md", "x")
    write(tmp_path / "report.pdf", b"%PDF-1.4")
    write(tmp_path / "noext", EN)
    reasons = {
        Path(f.source).name: f.reason
        for f in iter_paths(
            [
                tmp_path / "missing.txt",
                tmp_path / "empty-folder",
                tmp_path / "only-docs",
                tmp_path / "report.pdf",
                tmp_path / "noext",
            ]
        )
        if isinstance(f, Failure)
    }
    assert reasons == {
        "missing.txt": "no such file or folder",
        "empty-folder": "the folder holds no .txt, .html, .htm, .json or .jsonl file",
        "only-docs": "the folder holds no .txt, .html, .htm, .json or .jsonl file",
        "report.pdf": "unsupported file type '.pdf': flashpoint reads .txt, .html, .htm, .json and .jsonl "
        "files",
        "noext": "unsupported file type without an extension: flashpoint reads .txt, .html, .htm, .json and "
        ".jsonl files",
    }


def test_folders_are_walked_in_sorted_order_without_hidden_entries(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.json", "a/y/x.HTML", "c.jsonl", ".h.txt", ".git/d.txt", "a/.e/f.txt", "n.csv"):
        write(tmp_path / name, EN)
    found = [p for p in iter_paths([tmp_path]) if isinstance(p, Path)]
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a/y/x.HTML",
        "a/z.json",
        "b.txt",
        "c.jsonl",
    ]
    # a file reached twice is read once; a hidden file given by name is read
    again = list(iter_paths([tmp_path / "b.txt", tmp_path, tmp_path / ".h.txt"]))
    assert [p.name for p in again if isinstance(p, Path)] == [
        "b.txt",
        "x.HTML",
        "z.json",
        "c.jsonl",
        ".h.txt",
    ]
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".html", ".htm", ".json", ".jsonl"}


# -- size limits -------------------------------------------------------------------------------------


def test_a_50_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50_000_000)  # sparse: takes no disk space
    tracemalloc.start()
    try:
        failure = one_failure(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert failure.stage == "read"
    assert failure.reason == "file is 50.0 MB, over the 20.0 MB limit (FLASHPOINT_MAX_FILE_BYTES)"
    assert peak < 5_000_000


def test_the_file_limit_is_a_setting(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps({"text": EN}))
    small = Settings(max_file_bytes=100)
    failure = one_failure(path, settings=small)
    assert (
        failure.reason
        == f"file is {path.stat().st_size} bytes, over the 100 bytes limit (FLASHPOINT_MAX_FILE_BYTES)"
    )


def test_a_json_line_is_held_to_the_text_limit_and_the_next_lines_still_read(tmp_path: Path) -> None:
    small = Settings(max_text_chars=1_000)
    huge = json.dumps({"text": "word " * 40_000})  # 200 kB: more than 1,000 characters of text can take
    path = write(
        tmp_path / "feed.jsonl", json.dumps({"text": EN}) + "\n" + huge + "\n" + json.dumps({"text": EN2})
    )
    found = articles([path], settings=small)
    assert [type(item).__name__ for item in found] == ["Article", "Failure", "Article"]
    failure = found[1]
    assert isinstance(failure, Failure)
    assert failure.source == f"{path}#2"
    assert failure.stage == "read"
    assert failure.reason == (
        "the line is over 71.5 kB: too long for a record whose text fits the 1,000-character limit "
        "(FLASHPOINT_MAX_TEXT_CHARS)"
    )


def test_text_over_the_character_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", EN * 3)
    failure = one_failure(path, settings=Settings(max_text_chars=300))
    assert (
        failure.reason
        == f"text is {len(EN) * 3:,} characters, over the 300-character limit (FLASHPOINT_MAX_TEXT_CHARS)"
    )


# -- language ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [(URDU, "Urdu", "ur"), (FRENCH, "French", "fr"), (GERMAN, "German", "de"), (SPANISH, "Spanish", "es")],
)
def test_non_english_texts_are_refused_by_name(tmp_path: Path, text: str, name: str, code: str) -> None:
    failure = one_failure(write(tmp_path / "x.txt", text))
    assert failure.stage == "language"
    assert failure.reason.startswith(f"text is in {name} ({code}, p=")
    assert failure.reason.endswith(", not English")
    kept = only(articles([tmp_path / "x.txt"], settings=Settings(require_english=False)))
    assert isinstance(kept, Article)
    assert kept.language == code


def test_english_quoting_urdu_and_pashto_is_kept(tmp_path: Path) -> None:
    text = (
        'PESHAWAR: Defence Minister Khawaja Asif said "ہم جواب دیں گے" (we will respond) after the talks in '
        'Istanbul collapsed, while elders of the jirga chanted "Zulm band karo". A Taliban spokesman said '
        '"د دښمنۍ خبرې" were not acceptable.'
    )
    article = only(articles([write(tmp_path / "q.txt", text)]))
    assert isinstance(article, Article)
    assert article.language == "en"


def test_make_article_raises_document_errors_with_their_stage() -> None:
    with pytest.raises(LanguageError) as caught:
        make_article(RawDocument(text=FRENCH, path="f.txt"), SETTINGS)
    assert caught.value.stage == "language"
    assert caught.value.source == "f.txt"
    with pytest.raises(EmptyDocumentError, match="only whitespace"):
        make_article(RawDocument(text=" \n ", path="w.json", record=3), SETTINGS)
    with pytest.raises(TooLargeError):
        make_article(RawDocument(text="x" * 11), Settings(max_text_chars=10))


# -- ids and text normalisation ---------------------------------------------------------------------


def test_ids_are_stable_content_hashes(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", EN)
    b = write(tmp_path / "b.txt", ("\ufeff" + EN).encode())  # a byte-order mark is not text
    c = write(tmp_path / "c.json", json.dumps({"text": EN, "title": "other metadata"}))
    d = write(tmp_path / "d.txt", EN2)
    first = articles([a, b, c, d])
    second = articles([a, b, c, d])
    ids = [x.id for x in first if isinstance(x, Article)]
    assert ids == [x.id for x in second if isinstance(x, Article)]
    assert len(ids) == 4
    assert ids[0] == ids[1] == ids[2] == hashlib.sha256(EN.encode()).hexdigest()[:16] == content_id(EN)
    assert ids[3] != ids[0]


def test_text_is_kept_as_read(tmp_path: Path) -> None:
    """Offsets must slice the file's own text: only lone surrogates are replaced (one for one)."""
    decomposed = "Cafe\u0301 owners in Peshawar said the border closure hurt trade.\r\nTraders agreed.\r"
    lone_surrogate = '{"text": "Officials in Kabul said \\ud800 the crossing stayed shut."}'
    found = articles([write(tmp_path / "n.txt", decomposed), write(tmp_path / "s.json", lone_surrogate)])
    first, second = found
    assert isinstance(first, Article)
    assert isinstance(second, Article)
    assert first.text == decomposed
    assert second.text == "Officials in Kabul said \ufffd the crossing stayed shut."


# -- nothing escapes ---------------------------------------------------------------------------------

_PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b'{"text": "',
    b'[{"text": ',
    b"<html><body><p>",
    b"%PDF",
    b"\x1f\x8b",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.one_of(
        st.binary(max_size=600), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))
    ),
    suffix=st.sampled_from(SUPPORTED_SUFFIXES),
)
def test_arbitrary_bytes_never_raise(prefix: bytes, body: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(prefix + body)
        results = list(read_articles([path], settings=SETTINGS))
    assert results
    for item in results:
        assert isinstance(item, Article | Failure)
        if isinstance(item, Failure):
            assert item.reason
            assert "\n" not in item.reason
            assert item.stage in {"read", "decode", "parse", "language"}
        else:
            assert item.text
            assert item.id == content_id(item.text)


# -- dates in URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/news/2025/10/28/pakistan-afghanistan-talks", dt.date(2025, 10, 28)),
        ("https://example.org/world/2025-11-02-border-closed.html", dt.date(2025, 11, 2)),
        ("https://example.org/2025/13/28/not-a-month", None),
        ("https://example.org/2025/10/only-a-month", None),
        ("https://example.org/story/12345", None),
    ],
)
def test_date_from_url(url: str, expected: dt.date | None) -> None:
    assert date_from_url(url) == expected


def test_url_date_is_metadata_when_the_record_has_none(tmp_path: Path) -> None:
    record = {"text": EN, "url": "https://example.com/news/2025/10/28/talks"}
    dated = {**record, "published": "2025-10-27"}
    found = articles([write(tmp_path / "a.jsonl", json.dumps(record) + "\n" + json.dumps(dated) + "\n")])
    first, second = found
    assert isinstance(first, Article)
    assert isinstance(second, Article)
    assert (first.published, first.published_source) == (dt.date(2025, 10, 28), "metadata")
    assert second.published == dt.date(2025, 10, 27)
