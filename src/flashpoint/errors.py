"""Every error flashpoint raises on purpose, in one tree.

    FlashpointError                 base: catch this at the edges (CLI, API)
    ├── ConfigError                 a setting or option is wrong (unknown pipeline, bad date, ...)
    ├── ResourceError               a bundled data file is missing or malformed
    ├── ModelError                  no usable spaCy pipeline could be loaded
    ├── StoreError                  the corpus store cannot be opened, migrated or written
    ├── FormatError                 an import file is not in the format it claims (ACLED, UCDP, GDELT, ...)
    ├── DeliveryError               an alert channel could not deliver (refused, timed out, bad answer)
    └── DocumentError               one input document cannot be used; the batch goes on
        ├── FetchError              a URL or feed could not be fetched (refused, timed out, robots.txt, ...)
        ├── ReadError               the file cannot be opened or is not a supported kind
        ├── EmptyDocumentError      nothing to read (empty file, empty text field, boilerplate only)
        ├── BinaryDocumentError     the bytes are not text
        ├── EncodingError           the bytes are not valid text in any encoding we accept
        ├── TooLargeError           over the size limit for one document
        ├── MalformedError          broken JSON, a record without "text", unusable HTML
        └── LanguageError           the text is not English

A ``DocumentError`` becomes a :class:`flashpoint.records.Failure` with ``str(error)`` as its one-line
reason; third-party exceptions are translated into this tree where they cross into flashpoint.
"""

from __future__ import annotations


class FlashpointError(Exception):
    """Base of every error flashpoint raises on purpose."""


class ConfigError(FlashpointError):
    """A setting or option has a value flashpoint cannot use."""


class ResourceError(FlashpointError):
    """A bundled data file (actor directory, gazetteer supplement, lexicon) is missing or malformed."""


class ModelError(FlashpointError):
    """No usable spaCy pipeline could be loaded."""


class StoreError(FlashpointError):
    """The corpus store cannot be opened, migrated, read or written."""


class FormatError(FlashpointError):
    """An import file is not in the format it claims to be; the message names the file and what is wrong."""


class DeliveryError(FlashpointError):
    """An alert channel could not deliver an alert (refused, timed out, bad answer); the message says why."""


class DocumentError(FlashpointError):
    """One input document cannot be used. ``stage`` says where it failed."""

    stage = "read"

    def __init__(self, reason: str, source: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.source = source


class ReadError(DocumentError):
    """The file cannot be opened, or is not a kind flashpoint reads."""


class EmptyDocumentError(DocumentError):
    """There is no text to read."""


class BinaryDocumentError(DocumentError):
    """The bytes are binary data, not text."""

    stage = "decode"


class EncodingError(DocumentError):
    """The bytes are not valid text in any accepted encoding."""

    stage = "decode"


class TooLargeError(DocumentError):
    """The document is over the size limit."""


class MalformedError(DocumentError):
    """Broken JSON or HTML, or a record without the fields flashpoint needs."""

    stage = "parse"


class LanguageError(DocumentError):
    """The text is not in English."""

    stage = "language"


class FetchError(DocumentError):
    """A URL or feed could not be fetched: refused address, robots.txt, timeout, HTTP error, too large."""

    stage = "fetch"
