"""Bytes to text: binary sniffing and the encoding policy shared by every input format.

Policy, in order:

1. a file that starts with the magic number of a known binary format (PDF, PNG, JPEG, GIF, ZIP, gzip,
   ELF, ...) is binary data, named by its type;
2. a byte-order mark decides: UTF-8 (BOM stripped), UTF-16 or UTF-32 (little or big endian);
3. otherwise NUL bytes mean binary data (or UTF-16 without a BOM, which is refused with that hint);
4. strict UTF-8 (a file cut in the middle of its last character loses that character);
5. the charset declared by an HTML page (``<meta charset>``), strictly, when Python knows it
   (ISO-8859-1 and ASCII are read as Windows-1252, as browsers do);
6. Windows-1252, only if it decodes strictly, the bytes hold no valid UTF-8 multi-byte sequences
   that outnumber the stray high bytes (a UTF-8 file with a few bad bytes is broken UTF-8, not
   Windows-1252: decoding it so would turn every curly quote into mojibake), and charset-normalizer
   finds the result readable (mess ratio at most :data:`MAX_MESS`);
7. anything else is refused, naming the first byte that is not UTF-8.

A decoded text with many control characters (more than 1 % of its first 64 KiB) is binary data too.
"""

from __future__ import annotations

import codecs
import re

from flashpoint.errors import BinaryDocumentError, EncodingError

#: charset-normalizer's mess ratio above which a Windows-1252 decoding is "not text".
MAX_MESS = 0.1

#: Magic numbers of binary formats that turn up where text was expected, and their names.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)
_BOMS: tuple[tuple[bytes, str, str], ...] = (  # UTF-32 first: its LE mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_SAMPLE = 65_536
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ASCII = bytes(range(128))
_WINDOWS_1252_ALIASES = frozenset({"iso8859_1", "ascii", "cp1252"})
_UNICODE_FAMILY = ("utf_8", "utf_16", "utf_32")


def sniff_binary(head: bytes) -> str | None:
    """The name of the binary format whose magic number starts ``head``, or None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP image"
    return None


def check_not_binary(head: bytes) -> None:
    """Raise BinaryDocumentError if the first bytes of a file show a binary format."""
    kind = sniff_binary(head)
    if kind is not None:
        raise BinaryDocumentError(f"binary data ({kind}), not text")


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode ``data`` by the module's policy; ``declared`` is a charset named by the document itself."""
    check_not_binary(data[:64])
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(codec))
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"starts with a {label} byte-order mark but is not valid {label} "
                    f"(bad bytes at offset {exc.start + len(bom)})"
                ) from exc
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            raise EncodingError("looks like UTF-16 without a byte-order mark: save it as UTF-8")
        raise BinaryDocumentError("binary data (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        first_error = exc
    if first_error.reason == "unexpected end of data" and first_error.end == len(data):
        try:  # a UTF-8 file cut in the middle of its last character: that character is lost
            return _checked(data[: first_error.start].decode("utf-8"))
        except UnicodeDecodeError:
            pass
    page_codec = _known_codec(declared)
    if page_codec and page_codec not in _WINDOWS_1252_ALIASES and not page_codec.startswith(_UNICODE_FAMILY):
        try:
            return _checked(data.decode(page_codec))
        except (UnicodeDecodeError, LookupError):  # LookupError: a codec that is not a text encoding
            pass
    text = _as_windows_1252(data)
    if text is not None:
        return _checked(text)
    offset = first_error.start
    raise EncodingError(
        f"not valid UTF-8 (invalid byte 0x{data[offset]:02x} at offset {offset}) and no other encoding fits"
    )


def _checked(text: str) -> str:
    """``text``, unless its start is full of control characters (then it is binary data)."""
    sample = text[:_CONTROL_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise BinaryDocumentError(f"binary data ({controls} control characters), not text")
    return text


def _looks_like_bomless_utf16(data: bytes) -> bool:
    head = data[:4096]
    half = len(head) // 2
    if half < 2:
        return False
    return head[1::2].count(0) >= 0.9 * half or head[0::2].count(0) >= 0.9 * half


def _known_codec(name: str | None) -> str | None:
    """Python's canonical name for a declared charset, or None if Python does not know it."""
    if not name:
        return None
    try:
        return codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return None


def _as_windows_1252(data: bytes) -> str | None:
    """``data`` read as Windows-1252 if that is a plausible reading (see the module docstring)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = len(data.translate(None, _ASCII))
    sequences = _UTF8_MULTIBYTE.findall(data)
    stray = high - sum(len(s) for s in sequences)
    if sequences and len(sequences) >= stray:
        return None  # broken UTF-8, not Windows-1252
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data, cp_isolation=["cp1252"]).best()
    except Exception:  # third-party heuristics: any failure means "does not fit"
        return None
    if best is None or best.chaos > MAX_MESS:
        return None
    return text
