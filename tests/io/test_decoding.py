"""The encoding policy: BOMs, UTF-8, declared charsets, Windows-1252 with care, binary data named."""

from __future__ import annotations

import codecs

import pytest

from flashpoint.errors import BinaryDocumentError, EncodingError
from flashpoint.io.decoding import decode_bytes, sniff_binary

TEXT = "The minister’s “firm” reply — Pakistan closed the Torkham crossing, officials said on Sunday."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # Python writes a byte-order mark
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf32-bom", "windows-1252"],
)
def test_text_encodings_are_read(data: bytes) -> None:
    assert decode_bytes(data) == TEXT


def test_a_declared_charset_is_used_when_utf8_fails() -> None:
    text = "<p>پاکستان اور افغانستان</p>"
    assert decode_bytes(text.encode("cp1256"), declared="windows-1256") == text


def test_a_declared_latin1_is_read_as_windows_1252() -> None:
    assert decode_bytes(TEXT.encode("cp1252"), declared="iso-8859-1") == TEXT


def test_unknown_or_non_text_declared_charsets_are_ignored() -> None:
    assert decode_bytes(TEXT.encode("cp1252"), declared="no-such-charset") == TEXT
    assert decode_bytes(TEXT.encode("cp1252"), declared="rot13") == TEXT


def test_broken_utf8_is_not_turned_into_mojibake() -> None:
    data = TEXT.encode("utf-8") + b" \xff more text"
    with pytest.raises(EncodingError) as caught:
        decode_bytes(data)
    offset = len(TEXT.encode("utf-8")) + 1
    assert (
        str(caught.value)
        == f"not valid UTF-8 (invalid byte 0xff at offset {offset}) and no other encoding fits"
    )


def test_a_file_cut_inside_its_last_character_loses_only_that_character() -> None:
    assert decode_bytes("Kabul – ".encode() + "–".encode()[:2]) == "Kabul – "


def test_a_bad_utf16_file_names_its_bom() -> None:
    with pytest.raises(EncodingError, match="UTF-16 byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8")


def test_utf16_without_bom_gets_a_hint() -> None:
    with pytest.raises(EncodingError, match="UTF-16 without a byte-order mark"):
        decode_bytes(TEXT.encode("utf-16-le"))


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"PK\x03\x04\x14\x00", "ZIP archive or Office document"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        (b"\x7fELF\x02\x01\x01", "ELF executable"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "WebP image"),
    ],
)
def test_binary_formats_are_named(head: bytes, kind: str) -> None:
    assert sniff_binary(head) == kind
    with pytest.raises(BinaryDocumentError) as caught:
        decode_bytes(head + bytes(range(256)))
    assert str(caught.value) == f"binary data ({kind}), not text"
    assert caught.value.stage == "decode"


def test_nul_bytes_and_control_characters_are_binary() -> None:
    with pytest.raises(BinaryDocumentError, match="NUL bytes"):
        decode_bytes(b"abc\x00def\x01\x02" * 50)
    with pytest.raises(BinaryDocumentError, match="control characters"):
        decode_bytes(b"\x01\x02\x03\x04 abc" * 20)


def test_plain_text_is_not_binary() -> None:
    assert sniff_binary(b"ISLAMABAD: Pakistan") is None
    assert decode_bytes(b"Line one\r\n\tLine two\x0c") == "Line one\r\n\tLine two\x0c"
