"""Places: gazetteer candidates that name a location in context, geocoded and grouped into entities.

A capital or a country that acts ("Kabul rejected") belongs to the actor stage; the same word after a
locative preposition ("a blast in Kabul") is a place. A level word after the name ("Kurram district",
"Paktika province", "Torkham crossing") picks the resolution. Ambiguous names are resolved towards the
countries the article talks about.
"""

from __future__ import annotations

from collections import Counter

from flashpoint.actors.directory import ActorDirectory
from flashpoint.actors.resolve import is_dateline, is_locative
from flashpoint.annotate.mentions import Candidate, by_sentence
from flashpoint.geo.gazetteer import Gazetteer, GazetteerPlace
from flashpoint.records import AnnotatedDoc, Mention, PlaceEntity, Resolution, Sentence

LEVEL_WORDS: dict[str, Resolution] = {
    "province": "province",
    "provinces": "province",
    "state": "province",
    "region": "region",
    "district": "district",
    "districts": "district",
    "tehsil": "district",
    "agency": "district",
    "county": "district",
    "city": "city",
    "town": "city",
    "village": "city",
    "valley": "region",
    "crossing": "site",
    "border crossing": "site",
    "camp": "site",
    "base": "site",
    "airport": "site",
}
_NOT_PLACE_ENTS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "LAW", "EVENT"})
_CAPITAL_WORDS = frozenset({"capital"})


class PlaceFinder:
    """Finds and geocodes the places of a document (one per process)."""

    def __init__(self, gazetteer: Gazetteer, directory: ActorDirectory) -> None:
        self.gaz = gazetteer
        self.directory = directory

    def find(self, doc: AnnotatedDoc) -> tuple[PlaceEntity, ...]:
        actor_spans = sorted((m.start, m.end) for a in doc.actors for m in a.mentions)
        context = self._context_countries(doc)
        cands = by_sentence(doc.candidates)
        found: dict[str, tuple[GazetteerPlace, list[Mention]]] = {}
        order: list[str] = []
        for s in doc.sentences:
            sent_cands: list[Candidate] = cands.get(s.index, [])
            for c in sent_cands:
                if _overlaps(actor_spans, c.start, c.end):
                    continue
                place = self._place_of(s, c, context)
                if place is None:
                    continue
                m = Mention(c.text, c.start, c.end)
                if place.key not in found:
                    found[place.key] = (place, [])
                    order.append(place.key)
                found[place.key][1].append(m)
            for place, m in self._capital_phrases(s, sent_cands):
                if _overlaps(actor_spans, m.start, m.end):
                    continue
                if place.key not in found:
                    found[place.key] = (place, [])
                    order.append(place.key)
                found[place.key][1].append(m)
        out = []
        for n, key in enumerate(order, 1):
            p, ms = found[key]
            out.append(
                PlaceEntity(
                    id=f"{doc.article.id}-p{n}",
                    name=p.name,
                    code=p.key,
                    lat=p.lat,
                    lon=p.lon,
                    country=p.country,
                    resolution=p.resolution,
                    mentions=tuple(sorted(ms, key=lambda m: m.start)),
                )
            )
        return tuple(out)

    def _place_of(self, s: Sentence, c: Candidate, context: list[str]) -> GazetteerPlace | None:
        kinds = c.kinds()
        if "place" not in kinds and not kinds & {"country", "capital"}:
            return None
        locative = is_locative(s, c.i, c.j)
        if kinds & {"country", "capital"} and not locative and not is_dateline(c):
            return None  # a country or capital that acts belongs to the actor stage
        if s.has_ner and not locative and not kinds & {"country", "capital"}:
            labels = {e.label_ for e in s.doc.ents if e.start <= c.i < e.end}
            if labels & _NOT_PLACE_ENTS - {"NORP"}:
                return None
        if self.gaz.is_stopword(c.text) and not kinds & {"country", "capital"}:
            return None
        prefer = self._level(s, c)
        country_reading = c.first("country")
        if country_reading is not None and "place" not in kinds:
            return self.gaz.country(country_reading.target)
        place_reading = c.first("place")
        name = place_reading.target if place_reading is not None else c.text
        place = self.gaz.resolve(name, context_countries=context, prefer=prefer)
        if place is None and country_reading is not None:
            return self.gaz.country(country_reading.target)
        if place is None:
            cap = c.first("capital")
            if cap is not None:
                return self.gaz.resolve(c.text, context_countries=[cap.target, *context], prefer="city")
        return place

    @staticmethod
    def _level(s: Sentence, c: Candidate) -> Resolution | None:
        doc = s.doc
        if c.j < len(doc):
            w = doc[c.j].lower_
            if w == "border" and c.j + 1 < len(doc) and doc[c.j + 1].lower_ == "crossing":
                return "site"
            if w in LEVEL_WORDS:
                return LEVEL_WORDS[w]
        if c.i >= 2 and doc[c.i - 1].lower_ == "of" and doc[c.i - 2].lower_ in LEVEL_WORDS:
            return LEVEL_WORDS[doc[c.i - 2].lower_]
        return None

    def _capital_phrases(self, s: object, cands: list[Candidate]) -> list[tuple[GazetteerPlace, Mention]]:
        """ "the Afghan capital" in a locative context is the capital city."""
        from flashpoint.records import Sentence

        assert isinstance(s, Sentence)
        out: list[tuple[GazetteerPlace, Mention]] = []
        doc = s.doc
        for c in cands:
            r = c.first("demonym", "country")
            if r is None or c.j >= len(doc):
                continue
            k = c.j
            if doc[k].text in {"'s", "’s"}:
                k += 1
            if k < len(doc) and doc[k].lower_ in _CAPITAL_WORDS:
                i = c.i - 1 if c.i > 0 and doc[c.i - 1].lower_ == "the" else c.i
                if not is_locative(s, i, k + 1):
                    continue
                capital = self.directory.country(r.target).capital
                if not capital:
                    continue
                place = self.gaz.resolve(capital, context_countries=[r.target], prefer="city")
                if place is not None:
                    span = doc[i : k + 1]
                    start = s.start + span.start_char
                    out.append((place, Mention(span.text, start, start + len(span.text))))
        return out

    @staticmethod
    def _context_countries(doc: AnnotatedDoc) -> list[str]:
        counts: Counter[str] = Counter()
        for a in doc.actors:
            if a.code and len(a.code) == 3 and a.code not in {"IGO", "NGO", "IMG"}:
                counts[a.code] += len(a.mentions)
        for c in doc.candidates:
            assert isinstance(c, Candidate)
            for r in c.readings:
                if r.kind in {"country", "capital", "demonym", "plural"}:
                    counts[r.target] += 1
        return [code for code, _ in counts.most_common()]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
