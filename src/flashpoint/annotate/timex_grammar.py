"""The grammar of date expressions: the timex lexicon and the regular expressions built from it, once.

Four families of expressions are recognised, each with a cheap *trigger* (a scan whose pattern starts with
a literal, so the regex engine skips ahead in C) and a full *expression* pattern that is only tried at the
starts of the few words before each trigger (see :mod:`flashpoint.annotate.timexes`):

- ``month``: every expression that contains a month name ("14 September 2025", "Sept. 14", "mid-October",
  "the first week of November", "last October", "since March");
- ``weekday``: "Saturday", "last Friday", "late on Sunday", "Tuesday morning";
- ``relative``: "today", "yesterday", "last week", "earlier this month", "the end of the year",
  "two days ago", "the previous day", "the weekend";
- ``year``: "2025-10-29", "29/10/2025", "2024-25", "mid-2024", "in 2025".

Month and weekday names are matched case-sensitively (capitalised or upper case), so "may" and "march"
are never dates; the small function words around them are matched case-insensitively.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from flashpoint.errors import ResourceError

#: The lexicon file, relative to the ``flashpoint`` package.
LEXICON_PATH = "resources/lexicon/timex.toml"

#: How many characters before its trigger an expression of each family may start ("the first quarter of
#: next year" starts 26 characters before "year").
REACH: Mapping[str, int] = MappingProxyType({"month": 48, "weekday": 40, "relative": 48, "year": 40})


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The contents of ``timex.toml``: names, number words, part ranges, context and cue words."""

    months: Mapping[str, int]  # every lower-case form, full and abbreviated, without a full stop
    month_names: tuple[str, ...]
    month_abbreviations: tuple[str, ...]
    weekdays: Mapping[str, int]  # 0 is Monday
    weekday_names: tuple[str, ...]
    weekday_abbreviations: tuple[str, ...]
    numbers: Mapping[str, int]
    part_phrases: Mapping[str, str]  # "the end of" -> "end"
    month_parts: Mapping[str, tuple[int, int]]
    year_parts: Mapping[str, tuple[int, int]]
    week_parts: Mapping[str, tuple[int, int]]
    year_before: frozenset[str]
    month_before: frozenset[str]
    chain: frozenset[str]
    count_nouns: frozenset[str]
    weekday_not_after: frozenset[str]
    weekday_not_before: frozenset[str]
    pair_followers: frozenset[str]
    reference_followers: frozenset[str]
    future_cues: tuple[str, ...]
    past_cues: tuple[str, ...]
    past_suffixes: tuple[str, ...]
    copulas: frozenset[str]
    commitments: frozenset[str]
    not_infinitive: frozenset[str]
    published_labels: tuple[str, ...]
    updated_labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Grammar:
    """The lexicon with every compiled pattern the timex stage uses."""

    lexicon: Lexicon
    triggers: Mapping[str, re.Pattern[str]]  # family -> trigger scan
    starts: Mapping[str, re.Pattern[str]]  # family -> the words an expression can start with
    # family -> expression pattern: one alternative per outer named group, so ``Match.lastgroup`` names it
    expressions: Mapping[str, re.Pattern[str]]
    join_gap: re.Pattern[str]  # the text between the two ends of a range: "to", "-", "and"
    lead: re.Pattern[str]  # "since", "until", "from", "between" right before an expression
    future_words: frozenset[str]  # "will", "expected"
    future_pairs: frozenset[tuple[str, str]]  # ("set", "to"), ("due", "on")
    past_words: frozenset[str]
    chain_gap: re.Pattern[str]  # "and", "to", "or" between two bare years or months
    published_label: re.Pattern[str]  # "Published on:" right before a date
    updated_label: re.Pattern[str]  # "Updated:" right before a date


# -- loading the lexicon ---------------------------------------------------------------------------------


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ResourceError(f"{LEXICON_PATH}: [{key}] is missing or not a table")
    return value


def _int_table(data: Mapping[str, Any], key: str) -> dict[str, int]:
    table = _table(data, key)
    if not all(isinstance(v, int) for v in table.values()):
        raise ResourceError(f"{LEXICON_PATH}: every value of [{key}] must be an integer")
    return {str(k): int(v) for k, v in table.items()}


def _pair_table(data: Mapping[str, Any], key: str) -> Mapping[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for k, v in _table(data, key).items():
        if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v)):
            raise ResourceError(f"{LEXICON_PATH}: [{key}] {k} must be a pair of integers")
        out[str(k)] = (int(v[0]), int(v[1]))
    return MappingProxyType(out)


def _words(table: Mapping[str, Any], key: str, section: str) -> tuple[str, ...]:
    value = table.get(key)
    if not (isinstance(value, list) and all(isinstance(x, str) for x in value)):
        raise ResourceError(f"{LEXICON_PATH}: [{section}] {key} must be a list of strings")
    return tuple(str(x) for x in value)


@cache
def load_lexicon() -> Lexicon:
    """Read ``timex.toml`` from the package data (once per process)."""
    try:
        raw = resources.files("flashpoint").joinpath(LEXICON_PATH).read_text(encoding="utf-8")
        data = tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ResourceError(f"cannot read the timex lexicon {LEXICON_PATH}: {exc}") from exc
    months = _int_table(data, "months")
    abbreviations = _int_table(data, "month_abbreviations")
    weekdays = _int_table(data, "weekdays")
    weekday_abbreviations = _int_table(data, "weekday_abbreviations")
    phrases = _table(data, "part_phrases")
    if not all(isinstance(v, str) for v in phrases.values()):
        raise ResourceError(f"{LEXICON_PATH}: every value of [part_phrases] must be a string")
    ctx = _table(data, "context")
    cues = _table(data, "cues")
    dateline = _table(data, "dateline")
    return Lexicon(
        months=MappingProxyType({**abbreviations, **months}),
        month_names=tuple(months),
        month_abbreviations=tuple(abbreviations),
        weekdays=MappingProxyType({**weekday_abbreviations, **weekdays}),
        weekday_names=tuple(weekdays),
        weekday_abbreviations=tuple(weekday_abbreviations),
        numbers=MappingProxyType(_int_table(data, "numbers")),
        part_phrases=MappingProxyType({" ".join(str(k).split()): str(v) for k, v in phrases.items()}),
        month_parts=_pair_table(data, "month_parts"),
        year_parts=_pair_table(data, "year_parts"),
        week_parts=_pair_table(data, "week_parts"),
        year_before=frozenset(_words(ctx, "year_before", "context")),
        month_before=frozenset(_words(ctx, "month_before", "context")),
        chain=frozenset(_words(ctx, "chain", "context")),
        count_nouns=frozenset(_words(ctx, "count_nouns", "context")),
        weekday_not_after=frozenset(_words(ctx, "weekday_not_after", "context")),
        weekday_not_before=frozenset(_words(ctx, "weekday_not_before", "context")),
        pair_followers=frozenset(_words(ctx, "pair_followers", "context")),
        reference_followers=frozenset(_words(ctx, "reference_followers", "context")),
        future_cues=_words(cues, "future", "cues"),
        past_cues=_words(cues, "past", "cues"),
        past_suffixes=_words(cues, "past_suffixes", "cues"),
        copulas=frozenset(_words(cues, "copulas", "cues")),
        commitments=frozenset(_words(cues, "commitments", "cues")),
        not_infinitive=frozenset(_words(cues, "not_infinitive", "cues")),
        published_labels=_words(dateline, "published", "dateline"),
        updated_labels=_words(dateline, "updated", "dateline"),
    )


# -- building the patterns -------------------------------------------------------------------------------


def _longest_first(forms: Iterable[str]) -> list[str]:
    return sorted(set(forms), key=lambda s: (-len(s), s))


def _phrase(words: str) -> str:
    """A phrase as a pattern: each word escaped, any run of white space between words."""
    return r"\s+".join(re.escape(w) for w in words.split())


def _names(words: Iterable[str]) -> str:
    """Capitalised and upper-case forms of ``words``, longest first, as one alternation."""
    forms: list[str] = []
    for w in words:
        forms += [w[:1].upper() + w[1:], w.upper()]
    return "|".join(re.escape(f) for f in _longest_first(forms))


def _any_case(words: Iterable[str]) -> str:
    return "(?ai:" + "|".join(_phrase(w) for w in _longest_first(words)) + ")"


def _build(lex: Lexicon) -> Grammar:
    not_letter = r"(?![^\W\d_])"
    month_full = f"(?:{_names(lex.month_names)}){not_letter}"
    month = f"(?:{_names(lex.month_names)}|(?:{_names(lex.month_abbreviations)})\\.?){not_letter}"
    weekday_full = f"(?:{_names(lex.weekday_names)}){not_letter}"
    weekday_any = f"(?:{_names(lex.weekday_names)}|(?:{_names(lex.weekday_abbreviations)})\\.?){not_letter}"
    day = r"(?<![\w.,:/])(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![^\W_]|[.,:][0-9]|%)"
    inner_day = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![^\W_]|[.,:][0-9]|%)"
    year4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"
    year = year4 + r"(?![^\W_]|[.,][0-9]|%)"
    dash = r"[-–—‑−]"
    join_range = rf"(?:\s*{dash}\s*|\s+(?ai:to|until|till|through)\s+)"
    join_and = r"(?:\s+(?ai:and|&)\s+)"
    parts = _any_case(lex.part_phrases)
    numbers = _any_case(lex.numbers)
    shift = r"(?ai:last|next|this)"

    def wd_prefix(tag: str) -> str:
        return rf"(?:(?P<{tag}>{weekday_any}),?\s+)?"

    month_expr = "|".join(
        [
            # A: 14 September 2025 · Sat 25 Oct · 9-11 October · the 14th of September · 9 and 11 October
            rf"(?P<A>{wd_prefix('awd')}(?ai:the\s+)?(?P<ad1>{day})"
            rf"(?:(?P<aj>{join_range}|{join_and})(?ai:the\s+)?(?P<ad2>{inner_day}))?"
            rf"\s+(?ai:of\s+)?(?P<am>{month})(?:,?\s+(?P<ay>{year}))?)",
            # B: September 14, 2025 · Sept. 14 · Saturday, October 25 · October 9-11 · Oct. 11 and 12
            rf"(?P<B>{wd_prefix('bwd')}(?P<bm>{month})\s*(?<=[\s.])(?ai:the\s+)?(?P<bd1>{inner_day})"
            rf"(?:(?P<bj>{join_range}|{join_and})(?P<bd2>{inner_day}))?(?:,?\s+(?P<by>{year}))?)",
            # C: September 2025 · Sept. 2025 · October of 2023
            rf"(?P<C>(?P<cm>{month})(?:\s+(?ai:of))?,?\s+(?P<cy>{year}))",
            # D: mid-October · early November 2025 · the first week of November
            rf"(?P<D>(?P<dp>{parts})[\s\-‑]*(?P<dm>{month_full})(?:,?\s+(?ai:of\s+)?(?P<dy>{year}))?)",
            # E: last October · next March
            rf"(?P<E>(?P<es>{shift})\s+(?P<em>{month_full}))",
            # F: a bare month name, kept only after a context word ("in March", "since September")
            rf"(?P<F>(?P<fm>{month_full}))",
        ]
    )
    weekday_expr = (
        rf"(?:(?P<wp>(?ai:early|late))(?:\s+(?ai:on))?\s+)?"
        rf"(?:(?P<ws>(?ai:this\s+past|this\s+coming|last|next|this|coming))\s+)?(?P<wd>{weekday_full})"
        rf"(?:\s+(?P<wt>(?ai:morning|afternoon|evening|night)){not_letter})?"
    )
    units = r"(?ai:day|week|month|year)"
    relative_expr = "|".join(
        [
            rf"(?P<rf>(?P<rfw>(?ai:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today"
            rf"|tonight|tomorrow)){not_letter}(?:\s+(?ai:morning|afternoon|evening|night){not_letter})?)",
            rf"(?P<rt>(?ai:this\s+(?:morning|afternoon|evening)|last\s+night)){not_letter}",
            rf"(?P<ra>(?P<ran>[0-9]{{1,3}}|{numbers})\s+(?P<rau>(?ai:hour|day|week|fortnight|month|year|decade))"
            rf"(?ai:s)?\s+(?ai:ago)){not_letter}",
            rf"(?P<rr1>(?ai:the)\s+(?P<rr1a>(?ai:previous|preceding|following|next(?=\s+day)))\s+(?P<rr1u>{units}))"
            rf"{not_letter}",
            rf"(?P<rr2>(?ai:the)\s+(?P<rr2u>{units})\s+(?P<rr2a>(?ai:before|after|earlier|later))){not_letter}",
            rf"(?P<rr3>(?P<rr3n>[0-9]{{1,2}}|{numbers})\s+(?P<rr3u>{units})(?ai:s)?\s+"
            rf"(?P<rr3a>(?ai:later|earlier|before|after))){not_letter}",
            rf"(?P<rr4>(?ai:(?:the|that)\s+same\s+day)){not_letter}",
            rf"(?P<rl>(?:(?P<rlp>(?ai:earlier|later|early|late|mid))[\s\-‑]+)?"
            rf"(?P<rls>(?ai:this\s+past|this\s+coming|last|this|next))\s+(?P<rlu>(?ai:weekend|week|month|year)))"
            rf"{not_letter}",
            rf"(?P<rp>(?P<rpp>{parts})[\s\-‑]*(?:(?P<rps>{shift})|(?ai:the))\s+(?P<rpu>(?ai:week|month|year)))"
            rf"{not_letter}",
            rf"(?P<rw>(?ai:the)\s+(?ai:weekend)){not_letter}",
            rf"(?P<ri>(?P<rip>(?ai:earlier|later))\s+(?ai:in\s+the)\s+(?P<riu>(?ai:week|month|year))){not_letter}",
        ]
    )
    year_expr = "|".join(
        [
            rf"(?P<yi>(?<![\w.,/])(?P<yiy>{year4})(?P<yis>[-/.])(?P<yim>1[0-2]|0?[1-9])(?P=yis)"
            rf"(?P<yid>3[01]|[12][0-9]|0?[1-9])(?![0-9]))",
            rf"(?P<yn>(?<![\w.,/\-])(?P<ynd>[0-9]{{1,2}})(?P<yns>[-/.])(?P<ynm>[0-9]{{1,2}})(?P=yns)"
            rf"(?P<yny>{year4})(?![0-9]))",
            rf"(?P<yp>(?P<ypp>{parts})[\s\-‑]*(?P<ypy>{year}))",
            rf"(?P<yt>(?ai:the\s+year)\s+(?P<yty>{year}))",
            rf"(?P<yr>(?<![\w.,$£€#])(?P<yr1>{year4})(?:(?:[-–‑/]|\s[-–]\s)(?P<yr2>[0-9]{{4}}|[0-9]{{2}})"
            rf"|\s+(?ai:to|until|till|through)\s+(?P<yr3>{year4}))(?![^\W_]|[.,][0-9]|%|\s?{dash}\s?[0-9]))",
            rf"(?P<yb>(?<![\w.,$£€#])(?P<yby>{year}))",
        ]
    )
    all_months = _names([*lex.month_names, *lex.month_abbreviations])
    relative_words = (
        "today|tonight|yesterday|tomorrow|weekend|week|month|year|day|decade|fortnight|hour|night|morning"
        "|afternoon|evening|Today|Tonight|Yesterday|Tomorrow|TODAY|YESTERDAY"
    )
    triggers = {
        "month": re.compile(f"(?:{all_months})(?![a-z])"),
        "weekday": re.compile(f"(?:{_names(lex.weekday_names)})"),
        "relative": re.compile(f"(?:{relative_words})"),
        "year": re.compile(r"(?:1[89]|20)[0-9]{2}(?![0-9])"),
    }
    # an expression starts a word, and not after "1," or "2." (a number with separators)
    start = r"(?<![^\W_])(?<![0-9][.,])"
    part_words = {k.split()[0] for k in lex.part_phrases}
    shift_words = {"last", "next", "this", "coming"}
    weekday_names = [*lex.weekday_names, *lex.weekday_abbreviations]
    month_names = [*lex.month_names, *lex.month_abbreviations]
    fixed = {"today", "tonight", "yesterday", "tomorrow", "the", "that", "earlier", "later"}
    starts = {
        "month": _starts(part_words | shift_words | {"the"}, [*weekday_names, *month_names], digits=True),
        "weekday": _starts(shift_words | {"early", "late"}, lex.weekday_names, digits=False),
        "relative": _starts(part_words | shift_words | fixed | set(lex.numbers), [], digits=True),
        "year": _starts(part_words | {"the"}, [], digits=True),
    }
    expressions = {
        "month": re.compile(f"{start}(?:{month_expr})"),
        "weekday": re.compile(f"{start}(?:{weekday_expr})"),
        "relative": re.compile(f"{start}(?:{relative_expr})"),
        "year": re.compile(f"{start}(?:{year_expr})"),
    }
    chain = "|".join(re.escape(w) for w in _longest_first(lex.chain))
    return Grammar(
        lexicon=lex,
        triggers=MappingProxyType(triggers),
        starts=MappingProxyType(starts),
        expressions=MappingProxyType(expressions),
        join_gap=re.compile(rf"\s*(?P<j>{dash}|(?ai:to|until|till|through|and|&))\s*"),
        lead=re.compile(
            r"(?<![^\W\d_])(?P<lead>(?ai:ever\s+since|since|up\s+until|up\s+to|until|till|through|from|between))"
            r"\s+$"
        ),
        future_words=frozenset(w for w in lex.future_cues if " " not in w),
        future_pairs=frozenset((w.split()[0], w.split()[1]) for w in lex.future_cues if len(w.split()) == 2),
        past_words=frozenset(lex.past_cues),
        chain_gap=re.compile(rf"(?:\s*,)?\s*(?ai:{chain})\s*"),
        published_label=_label(lex.published_labels),
        updated_label=_label(lex.updated_labels),
    )


def _starts(words: Iterable[str], names: Iterable[str], *, digits: bool) -> re.Pattern[str]:
    """The positions where an expression of a family may start: a word of ``words`` (any case), a
    capitalised or upper-case name of ``names``, or a digit."""
    alts = [f"(?ai:{'|'.join(re.escape(w) for w in _longest_first(words))})(?![^\\W\\d_])"]
    if names:
        alts.append(f"(?:{_names(names)})")
    if digits:
        alts.append("[0-9]")
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alts) + ")")


def _label(labels: Iterable[str]) -> re.Pattern[str]:
    """A publication label at the end of the text before a date: "Published on:", "| Updated"."""
    return re.compile(
        rf"(?<!\w)(?ai:{'|'.join(_phrase(w) for w in _longest_first(labels))})"
        r"(?:\s+(?ai:on|at))?\s*[:\-–—|]?\s*$"
    )


@cache
def grammar() -> Grammar:
    """The compiled grammar (once per process)."""
    return _build(load_lexicon())
