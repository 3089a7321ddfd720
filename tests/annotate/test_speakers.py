"""Quote speakers end to end: attribution before and after, split quotes, pronouns, organs, outlets, media."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from flashpoint.actors.directory import default_directory
from flashpoint.annotate.speakers import link_speakers, outlet_name
from flashpoint.records import ActorEntity, AnnotatedDoc, Article, DocumentResult, Mention, Quote

Extract = Callable[..., DocumentResult]

DAY = dt.date(2025, 10, 27)  # a Monday


@pytest.fixture(scope="session")
def extract(make_extract: Callable[[dt.date], Extract]) -> Extract:
    """``extract(text, published=DAY)``: the result, with every offset checked (see tests/conftest.py)."""
    return make_extract(DAY)


def quote(result: DocumentResult, fragment: str) -> Quote:
    found = [q for q in result.quotes if fragment in q.text]
    assert len(found) == 1, f"{fragment!r} in {[q.text for q in result.quotes]}"
    return found[0]


def speaker(result: DocumentResult, q: Quote) -> ActorEntity:
    assert q.speaker is not None, q
    found = [a for a in result.actors if a.id == q.speaker.entity_id]
    assert len(found) == 1, q.speaker
    return found[0]


# -- attribution before, after and around the quote ----------------------------------------------------------


def test_quote_before_its_attribution(extract: Extract) -> None:
    text = '"We will defend our territory at any cost," Khawaja Asif said on Saturday.'
    result = extract(text)
    q = quote(result, "defend our territory")
    assert q.text == "We will defend our territory at any cost"
    assert q.kind == "direct"
    assert q.cue == "said"
    who = speaker(result, q)
    assert (who.directory_id, who.code, who.sector) == ("khawaja-asif", "PAK", "GOV")
    assert q.speaker is not None
    assert q.speaker.entity_text == "Khawaja Asif"
    assert q.speaker.office == "Minister of Defence"
    assert q.date == "2025-10-25"  # "on Saturday" before Monday the 27th


def test_quote_after_its_attribution(extract: Extract) -> None:
    text = 'Khawaja Asif said: "Our patience has run out."'
    result = extract(text)
    q = quote(result, "patience")
    assert speaker(result, q).directory_id == "khawaja-asif"
    assert q.cue == "said"
    assert q.date == DAY.isoformat()  # no date in the attribution: the publication date


def test_said_before_the_speaker(extract: Extract) -> None:
    text = '"We have no choice," said Pakistan\'s foreign ministry spokesperson Shafqat Ali Khan.'
    result = extract(text)
    who = speaker(result, quote(result, "no choice"))
    assert (who.identifier_text, who.code, who.sector) == ("Shafqat Ali Khan", "PAK", "GOV")


def test_split_quote_has_one_speaker_and_one_group(extract: Extract) -> None:
    text = (
        "Khawaja Asif said on Saturday that the talks had collapsed. "
        '"The talks have failed," Asif said, "and Kabul must now act."'
    )
    result = extract(text)
    first, second = quote(result, "talks have failed"), quote(result, "Kabul must now act")
    assert first.group is not None
    assert first.group == second.group
    assert speaker(result, first).directory_id == speaker(result, second).directory_id == "khawaja-asif"
    assert first.end < second.start


def test_quote_spanning_sentences_is_one_quote(extract: Extract) -> None:
    text = (
        "Mohsin Naqvi said on Sunday that the crossing would stay shut. "
        '"We cannot open the border while attacks continue. Trade will have to wait," Naqvi said.'
    )
    result = extract(text)
    q = quote(result, "Trade will have to wait")
    assert q.text.startswith("We cannot open the border")
    assert speaker(result, q).directory_id == "mohsin-naqvi"


def test_a_quote_without_attribution_continues_the_last_speaker(extract: Extract) -> None:
    text = '"We have no choice," said Khawaja Asif. "Kabul must stop the attacks."'
    result = extract(text)
    q = quote(result, "Kabul must stop")
    assert speaker(result, q).directory_id == "khawaja-asif"


# -- pronouns and short forms --------------------------------------------------------------------------------


def test_he_said_is_the_last_person_not_a_country(extract: Extract) -> None:
    text = (
        "Pakistan's defence minister Khawaja Asif met Turkish officials in Istanbul. "
        'Kabul has rejected the demands. "There will be no more talks," he said.'
    )
    result = extract(text)
    q = quote(result, "no more talks")
    assert q.speaker is not None
    assert q.speaker.entity_text == "he"
    assert speaker(result, q).directory_id == "khawaja-asif"


def test_he_said_prefers_the_subject_over_a_later_object(extract: Extract) -> None:
    text = (
        "Khawaja Asif said Pakistan had spoken to Amir Khan Muttaqi by phone. "
        '"We want peace, but not at any price," he said.'
    )
    result = extract(text)
    assert speaker(result, quote(result, "We want peace")).directory_id == "khawaja-asif"


def test_he_said_prefers_the_subject_in_an_unparsed_sentence(extract: Extract) -> None:
    text = (
        "Khawaja Asif said he had spoken to Amir Khan Muttaqi by phone. "
        '"We want peace, but not at any price," he said.'
    )
    result = extract(text)
    assert speaker(result, quote(result, "We want peace")).directory_id == "khawaja-asif"


def test_he_said_after_a_previous_speaker(extract: Extract) -> None:
    text = (
        "Kabul rejected the allegations. Zabihullah Mujahid said Pakistan had violated Afghan airspace. "
        '"This is a clear violation," he said.'
    )
    result = extract(text)
    assert speaker(result, quote(result, "clear violation")).directory_id == "zabihullah-mujahid"


def test_the_spokesman_said_is_the_spokesman_named_before(extract: Extract) -> None:
    text = (
        "Taliban spokesman Zabihullah Mujahid rejected the claims on Sunday. "
        '"Our forces responded to the aggression," the spokesman said.'
    )
    result = extract(text)
    q = quote(result, "responded to the aggression")
    assert q.speaker is not None
    assert q.speaker.entity_text == "the spokesman"
    assert speaker(result, q).directory_id == "zabihullah-mujahid"


def test_surname_speaker_after_a_full_name(extract: Extract) -> None:
    text = (
        "Zabihullah Mujahid, the Taliban spokesman, criticised Pakistan. "
        '"Pakistan must respect our sovereignty," Mujahid posted on X.'
    )
    result = extract(text)
    q = quote(result, "respect our sovereignty")
    assert speaker(result, q).directory_id == "zabihullah-mujahid"
    assert q.medium is not None
    assert "X" in q.medium.split()


# -- organisations, outlets and media ------------------------------------------------------------------------


def test_the_ministry_said_in_a_statement(extract: Extract) -> None:
    text = (
        "Pakistan's foreign ministry rejected the accusation. "
        '"These claims are baseless," the ministry said in a statement.'
    )
    result = extract(text)
    q = quote(result, "baseless")
    who = speaker(result, q)
    assert any(m.text == "Pakistan's foreign ministry" for m in who.mentions)
    assert (who.code, who.office) == ("PAK", "Ministry of Foreign Affairs")
    assert q.medium == "statement"


def test_an_organ_speaking_before_its_quote(extract: Extract) -> None:
    text = 'Afghanistan\'s foreign ministry said in a statement: "Pakistan violated our airspace."'
    result = extract(text)
    q = quote(result, "violated our airspace")
    assert (speaker(result, q).code, speaker(result, q).kind) == ("AFG", "body")
    assert q.medium == "statement"


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (
            '"We will not allow our soil to be used against anyone," Zabihullah Mujahid told Reuters.',
            "Reuters",
        ),
        ('"The border will remain closed," Mohsin Naqvi told Geo News on Sunday.', "Geo News"),
        ('"The border will remain closed," Mohsin Naqvi told the BBC.', "BBC"),
    ],
)
def test_told_an_outlet(extract: Extract, text: str, outlet: str) -> None:
    result = extract(text)
    q = quote(result, "")
    assert q.outlet == outlet
    assert speaker(result, q).code in {"AFG", "PAK"}


def test_according_to_a_tv_channel(extract: Extract) -> None:
    text = (
        "Pakistan's interior minister Mohsin Naqvi visited Torkham on Sunday. "
        '"The border will remain closed until further notice," the minister said, according to a TV channel.'
    )
    result = extract(text)
    q = quote(result, "until further notice")
    assert q.outlet == "a TV channel"
    assert speaker(result, q).directory_id == "mohsin-naqvi"


def test_in_a_televised_address(extract: Extract) -> None:
    text = 'Shehbaz Sharif said in a televised address: "We will protect every citizen."'
    result = extract(text)
    q = quote(result, "protect every citizen")
    assert q.medium == "televised address"
    assert speaker(result, q).directory_id == "shehbaz-sharif"


# -- partial quotes ------------------------------------------------------------------------------------------


def test_partial_quote_with_a_clear_speaker(extract: Extract) -> None:
    text = 'Zabihullah Mujahid dismissed the claims as "baseless" on Sunday.'
    result = extract(text)
    q = quote(result, "baseless")
    assert (q.text, q.kind, q.cue) == ("baseless", "partial", "dismissed")
    assert speaker(result, q).directory_id == "zabihullah-mujahid"


def test_partial_quote_after_a_titled_name(extract: Extract) -> None:
    text = 'Taliban spokesman Zabihullah Mujahid dismissed the Pakistani claims as "baseless propaganda".'
    result = extract(text)
    q = quote(result, "propaganda")
    assert q.kind == "partial"
    assert speaker(result, q).directory_id == "zabihullah-mujahid"


# -- unlisted speakers ---------------------------------------------------------------------------------------


def test_an_unlisted_named_speaker_becomes_a_person(extract: Extract) -> None:
    text = (
        "Afghan refugees said police raided their homes in Karachi. "
        '"We have nowhere to go," said Gul Rahman, a father of five.'
    )
    result = extract(text)
    who = speaker(result, quote(result, "nowhere to go"))
    assert who.individual
    assert who.identifier_text == "Gul Rahman"
    assert [m.text for m in who.mentions] == ["Gul Rahman"]


# -- link_speakers on its own, with a hand-made document -----------------------------------------------------


@dataclass(frozen=True)
class FakeQuote:
    text: str
    start: int
    end: int
    kind: str = "direct"
    speaker: Mention | None = None
    speaker_kind: str | None = None
    cue: str | None = "said"
    cue_mention: Mention | None = None
    outlet: str | None = None
    medium: str | None = None
    date_mention: Mention | None = None
    group: str | None = None
    continues: bool = False


def _span(text: str, part: str, after: int = 0) -> Mention:
    start = text.index(part, after)
    return Mention(part, start, start + len(part))


def _quote(
    text: str,
    part: str,
    speaker: Mention | None = None,
    speaker_kind: str | None = None,
    cue: str | None = "said",
    outlet: str | None = None,
    continues: bool = False,
) -> FakeQuote:
    """A quote candidate for the quoted words ``part`` (the first ones that follow a quote mark)."""
    m = _span(text, f'"{part}')
    return FakeQuote(
        part,
        m.start + 1,
        m.end,
        speaker=speaker,
        speaker_kind=speaker_kind,
        cue=cue,
        outlet=outlet,
        continues=continues,
    )


def _doc(text: str, actors: tuple[ActorEntity, ...]) -> AnnotatedDoc:
    article = Article("doc", text, None, None, None, None, dt.date(2025, 10, 26), "given", "en")
    return AnnotatedDoc(article=article, actors=actors)


def test_link_speakers_pronouns_continuations_and_new_people() -> None:
    text = (
        'The ministry said Mr Asif would travel. "We are ready," Mr Asif said. "Talks must resume." '
        '"It is over," they said. "No," said Karim Dad.'
    )
    later = text.index("ready")
    ministry = ActorEntity(
        id="doc-a1",
        name="Ministry of Foreign Affairs of Pakistan",
        code="PAK",
        sector="GOV",
        office="Ministry of Foreign Affairs",
        identifier_text=None,
        mentions=(_span(text, "The ministry"),),
        kind="body",
    )
    asif = ActorEntity(
        id="doc-a2",
        name="Khawaja Asif",
        code="PAK",
        sector="GOV",
        office="Minister of Defence",
        identifier_text="Khawaja Asif",
        mentions=(_span(text, "Mr Asif"), _span(text, "Mr Asif", later)),
        kind="person",
    )
    quotes = [
        _quote(text, "We are ready", speaker=_span(text, "Mr Asif", later), speaker_kind="name"),
        _quote(text, "Talks must resume.", cue=None, continues=True),
        _quote(text, "It is over", speaker=_span(text, "they"), speaker_kind="pronoun", outlet="the BBC"),
        _quote(text, "No", speaker=_span(text, "Karim Dad"), speaker_kind="name"),
    ]
    found, actors = link_speakers(_doc(text, (ministry, asif)), quotes, default_directory())
    assert [q.speaker.entity_id if q.speaker else None for q in found[:3]] == ["doc-a2", "doc-a2", "doc-a1"]
    assert found[1].speaker is not None
    assert found[1].speaker.entity_text == "Mr Asif"
    assert found[2].outlet == "BBC"
    new = [a for a in actors if a.identifier_text == "Karim Dad"]
    assert len(new) == 1
    assert new[0].individual
    assert found[3].speaker is not None
    assert found[3].speaker.entity_id == new[0].id
    assert all(q.date == "2025-10-26" for q in found)
    assert len({q.id for q in found}) == 4


def test_outlet_name_is_the_directory_name() -> None:
    directory = default_directory()
    assert outlet_name(directory, "the BBC") == "BBC"
    assert outlet_name(directory, "Reuters") == "Reuters"
    assert outlet_name(directory, "a TV channel") is None
