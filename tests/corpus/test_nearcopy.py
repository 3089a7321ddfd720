"""Near-copies: one wire story on several sites is found; two stories of one clash are not copies."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys

import pytest

from flashpoint.corpus.nearcopy import (
    CopyIndex,
    bands,
    body_words,
    default_copy_settings,
    fingerprint,
    hamming,
    normalise,
    simhash,
)

# An invented wire story (not a real report).
_WIRE_BODY_PARAGRAPHS = [
    (
        "Pakistani and Afghan forces exchanged heavy fire along the border near the Chaman crossing late "
        "on Saturday, officials on both sides said, in the worst fighting between the neighbours since "
        "the ceasefire agreed last month."
    ),
    (
        "A senior Pakistani security official said Afghan Taliban fighters opened fire on several border "
        "posts shortly after midnight and that troops responded with artillery, destroying positions "
        "used by the attackers."
    ),
    (
        "The official, who spoke on condition of anonymity because he was not authorised to talk to the "
        "media, said twelve soldiers had been wounded and that the crossing would stay closed to trade "
        "until further notice."
    ),
    (
        "A spokesman for the Taliban administration in Kabul rejected the account, saying Pakistani "
        "forces had shelled villages in Spin Boldak district and that Afghan border guards had only "
        "returned fire to defend civilians."
    ),
    (
        "Local residents reported that hundreds of families had left homes near the frontier overnight, "
        "carrying what they could on trucks and donkeys towards the town centre, where schools were "
        "turned into shelters."
    ),
    (
        "Trade through the crossing, one of the busiest routes between the two countries, has been "
        "repeatedly suspended this year as relations soured over militant attacks that Islamabad blames "
        "on groups sheltering in Afghanistan, a charge Kabul denies."
    ),
    (
        "Diplomats in Islamabad said mediators from Qatar and Turkey were in contact with both "
        "governments and hoped to bring the delegations back to the table within days to shore up the "
        "fragile truce."
    ),
]
WIRE_BODY = "\n\n".join(_WIRE_BODY_PARAGRAPHS) + "\n"

ORIGINAL = "Pakistan, Afghanistan forces clash at Chaman border\nBy Staff Reporter\n\n" + WIRE_BODY
REPUBLISHED = (
    "Heavy fighting erupts on Afghan border as truce falters\n"
    "Wire report | Updated 3 hours ago\n\n"
    + WIRE_BODY
    + "\nRead more: Pakistan closes crossings after deadly clashes with Afghan forces along the border\n"
    "Follow us on social media for the latest news\n"
)
# The same clash told in other words by another outlet.
_OTHER_STORY_PARAGRAPHS = [
    (
        "Islamabad and Kabul traded blame on Sunday after a night of gunfire and shelling around Chaman, "
        "the latest flare-up on a frontier that has seen repeated fighting since October."
    ),
    (
        "Pakistan’s military media wing said its troops had repulsed an unprovoked attack by Taliban "
        "fighters on border posts and inflicted heavy losses, adding that a dozen of its men were hurt "
        "in the exchange."
    ),
    (
        "Taliban officials in Kandahar told reporters that Pakistani artillery had struck homes in Spin "
        "Boldak and that their guards acted in self-defence, calling on Islamabad to respect the truce "
        "brokered by Doha and Ankara."
    ),
    (
        "Shopkeepers in Chaman said the bazaar stayed shut on Sunday and long queues of lorries waited "
        "on both sides of the gate, with drivers saying they had no idea when they would be allowed to "
        "cross."
    ),
]
OTHER_STORY = "\n\n".join(_OTHER_STORY_PARAGRAPHS) + "\n"


def test_normalise_drops_case_and_punctuation() -> None:
    assert normalise("Pakistan's   FORCES—clashed, (again)!") == ["pakistans", "forces", "clashed", "again"]


def test_body_drops_headline_byline_and_tail() -> None:
    assert body_words(REPUBLISHED) == body_words(ORIGINAL) == normalise(WIRE_BODY)


def test_republished_wire_story_is_a_copy() -> None:
    a, b = fingerprint(ORIGINAL), fingerprint(REPUBLISHED)
    assert a is not None
    assert b is not None
    assert hamming(a, b) <= 3
    index = CopyIndex()
    assert index.add("dawn-1", a, dt.date(2025, 10, 12)) == "dawn-1"
    assert index.find(b) == "dawn-1"
    assert index.add("geo-7", b, dt.date(2025, 10, 12)) == "dawn-1"
    assert index.group("geo-7") == "dawn-1"


def test_a_spelling_change_inside_the_body_is_still_a_copy() -> None:
    # SimHash over 5-grams is strict: each word changed alters five shingles, so in a story of ~240 words one
    # changed word moves 2-5 of 64 bits; a copy edited in several places is not found at distance 3.
    edited = ORIGINAL.replace("authorised", "authorized")
    a, b = fingerprint(ORIGINAL), fingerprint(edited)
    assert a is not None
    assert b is not None
    assert hamming(a, b) <= 3


def test_two_stories_of_one_clash_are_not_copies() -> None:
    a, b = fingerprint(ORIGINAL), fingerprint(OTHER_STORY)
    assert a is not None
    assert b is not None
    assert hamming(a, b) > 3
    index = CopyIndex()
    index.add("dawn-1", a)
    assert index.find(b) is None
    assert index.add("tolo-3", b) == "tolo-3"


def test_short_text_is_never_matched() -> None:
    # too little to tell: a 20-word item has no fingerprint, even when it is word for word the same
    short = (
        "Pakistani and Afghan forces exchanged fire near the Chaman crossing late on Saturday, officials say."
    )

    assert len(normalise(short)) < default_copy_settings().min_words
    assert fingerprint(short) is None
    index = CopyIndex()
    assert index.add("a", fingerprint(short)) == "a"
    assert index.find(fingerprint(short)) is None
    assert index.add("b", fingerprint(short)) == "b"
    assert "a" not in index
    assert isinstance(simhash(short), int)  # the raw SimHash exists; it is just not used for matching


def test_earliest_then_lowest_id_wins() -> None:
    h = fingerprint(ORIGINAL)
    assert h is not None
    index = CopyIndex()
    index.add("zz-late", h, dt.date(2025, 10, 14))
    index.add("mm-undated", h ^ 1, None)
    index.add("yy-early", h ^ 2, dt.date(2025, 10, 12))
    index.add("aa-early", h ^ 4, dt.date(2025, 10, 12))
    assert index.find(h) == "aa-early"
    assert index.find(h, exclude="aa-early") == "yy-early"


def test_bands_and_pigeonhole() -> None:
    rng = random.Random(3)
    assert bands(0x0123_4567_89AB_CDEF) == (0xCDEF, 0x89AB, 0x4567, 0x0123)
    for _ in range(300):
        h = rng.getrandbits(64)
        flipped = h
        for bit in rng.sample(range(64), 3):
            flipped ^= 1 << bit
        assert hamming(h, flipped) == 3
        assert any(x == y for x, y in zip(bands(h), bands(flipped), strict=True))
        index = CopyIndex()
        index.add("d", h)
        assert index.find(flipped) == "d"


def test_index_refuses_distances_the_bands_cannot_find() -> None:
    with pytest.raises(ValueError, match="distance 3"):
        CopyIndex(max_distance=4)


def test_simhash_is_unsigned_64_bit_and_deterministic_across_processes() -> None:
    h = simhash(ORIGINAL)
    assert 0 <= h < 2**64
    code = "import sys; from flashpoint.corpus.nearcopy import simhash; print(simhash(sys.stdin.read()))"
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=ORIGINAL,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        )
        assert int(out.stdout) == h
