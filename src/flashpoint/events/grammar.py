"""The closed word lists of event coding (``resources/events/grammar.toml``), read once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from flashpoint.errors import ResourceError
from flashpoint.events.patterns import noun_forms, verb_forms


@dataclass(frozen=True)
class EventGrammar:
    light_verbs: frozenset[str]  # inflected forms
    reporting_verbs: frozenset[str]
    avowal_verbs: frozenset[str]
    attribution_preps: frozenset[str]
    negation_determiners: frozenset[str]
    negating_governors: frozenset[str]
    preventing_verbs: frozenset[str]
    condition_marks: frozenset[str]
    condition_phrases: tuple[str, ...]
    hypothetical_modals: frozenset[str]
    future_modals: frozenset[str]
    future_governors: frozenset[str]
    future_modifiers: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    modal_nouns: frozenset[str]
    readiness_words: frozenset[str]
    obligation_modals: frozenset[str]
    control_verbs: frozenset[str]
    prospect_nouns: frozenset[str]
    easing_verbs: frozenset[str]
    cutting_verbs: frozenset[str]
    commitment_words: frozenset[str]
    occurrence_verbs: frozenset[str]
    event_heads: frozenset[str]
    allegation_markers: frozenset[str]
    claim_nouns: frozenset[str]
    historical_days: int
    measure_nouns: frozenset[str] = frozenset()
    ruled_out_phrases: frozenset[str] = frozenset()
    pact_nouns: frozenset[str] = frozenset()


def _verbs(words: list[str]) -> frozenset[str]:
    irregular = {
        "hold": ("held",),
        "begin": ("began", "begun"),
        "make": ("made",),
        "lead": ("led",),
        "give": ("gave", "given"),
        "send": ("sent",),
        "keep": ("kept",),
        "tell": ("told",),
        "say": ("said",),
        "write": ("wrote", "written"),
        "set": ("set",),
        "seek": ("sought",),
        "undertake": ("undertook", "undertaken"),
        "forgo": ("forwent", "forgone"),
        "go": ("went", "gone"),
        "break": ("broke", "broken"),
        "come": ("came", "come"),
        "take": ("took", "taken"),
        "fall": ("fell", "fallen"),
    }
    return frozenset(f for w in words for f in verb_forms(w, irregular))


def parse_grammar(text: str) -> EventGrammar:
    try:
        d: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"events/grammar.toml: {exc}") from exc

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in d.get(key, []))

    return EventGrammar(
        light_verbs=_verbs(d["light_verbs"]),
        reporting_verbs=_verbs(d["reporting_verbs"]),
        avowal_verbs=_verbs(d["avowal_verbs"]),
        attribution_preps=words("attribution_preps"),
        negation_determiners=words("negation_determiners"),
        negating_governors=_verbs(d["negating_governors"]),
        preventing_verbs=_verbs(d.get("preventing_verbs", [])),
        condition_marks=words("condition_marks"),
        condition_phrases=tuple(d.get("condition_phrases", [])),
        hypothetical_modals=words("hypothetical_modals"),
        future_modals=words("future_modals"),
        future_governors=_verbs(d["future_governors"]) | words("future_governors"),
        future_modifiers=words("future_modifiers"),
        hypothetical_modifiers=words("hypothetical_modifiers"),
        modal_nouns=frozenset(f for w in d.get("modal_nouns", []) for f in (w, w + "s")),
        readiness_words=words("readiness_words"),
        obligation_modals=words("obligation_modals"),
        control_verbs=_verbs(d.get("control_verbs", [])),
        prospect_nouns=frozenset(f for w in d.get("prospect_nouns", []) for f in (w, w + "s")),
        easing_verbs=_verbs(d.get("easing_verbs", [])),
        cutting_verbs=_verbs(d.get("cutting_verbs", [])),
        commitment_words=_verbs(d.get("commitment_words", [])) | words("commitment_words"),
        occurrence_verbs=_verbs(d.get("occurrence_verbs", [])),
        event_heads=words("event_heads"),
        allegation_markers=words("allegation_markers"),
        claim_nouns=frozenset(f for w in d.get("claim_nouns", []) for f in (w, w + "s")),
        historical_days=int(d.get("historical_days", 365)),
        ruled_out_phrases=words("ruled_out_phrases"),
        pact_nouns=frozenset(f for w in d.get("pact_nouns", []) for f in noun_forms(str(w).lower())),
        measure_nouns=frozenset(f for w in d.get("measure_nouns", []) for f in noun_forms(str(w).lower())),
    )


@cache
def default_grammar() -> EventGrammar:
    path = resources.files("flashpoint").joinpath("resources", "events", "grammar.toml")
    return parse_grammar(path.read_text(encoding="utf-8"))
