"""Places: gazetteer candidates that name a location in context, geocoded and grouped into entities.

A capital or a country that acts ("Kabul rejected") belongs to the actor stage; the same word after a
locative preposition ("a blast in Kabul"), or before a common noun ("the Doha ceasefire", "Kabul
airport"), is a place. A level word after the name ("Kurram district", "Paktika province", "Torkham
crossing") picks the resolution. Ambiguous names are resolved towards the countries the article talks
about. "The Afghan capital" in a locative context is the capital city; "the border" is the border region
of the two countries the article is about, when the gazetteer has one.
"""

from __future__ import annotations

from collections import Counter

from flashpoint.actors.directory import ActorDirectory
from flashpoint.actors.resolve import is_dateline, is_locative, is_noun_modifier
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
    "camp": "site",
    "base": "site",
    "airport": "site",
}
#: A recogniser label that vetoes a small, uncurated gazetteer match outside a locative context.
_VETO_ENTS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "LAW", "EVENT"})
_TRUSTED_POPULATION = 100_000
_BORDER_HEADS = frozenset({"border", "frontier"})
_BORDER_DETS = frozenset({"the", "their", "this", "its", "our", "shared"})
_BORDER_AFTER = frozenset({"areas", "area", "region", "regions", "districts", "belt", "villages", "towns"})


class PlaceFinder:
    """Finds and geocodes the places of a document (one per process)."""

    def __init__(self, gazetteer: Gazetteer, directory: ActorDirectory) -> None:
        self.gaz = gazetteer
        self.directory = directory

    def find(self, doc: AnnotatedDoc) -> tuple[PlaceEntity, ...]:
        actor_spans = sorted((m.start, m.end) for a in doc.actors for m in a.mentions)
        context = self._context_countries(doc)
        border = self._border_region(context)
        cands = by_sentence(doc.candidates)
        found: dict[str, tuple[GazetteerPlace, list[Mention]]] = {}
        order: list[str] = []

        def keep(place: GazetteerPlace, m: Mention) -> None:
            if _overlaps(actor_spans, m.start, m.end):
                return
            if place.key not in found:
                found[place.key] = (place, [])
                order.append(place.key)
            found[place.key][1].append(m)

        for s in doc.sentences:
            sent_cands: list[Candidate] = cands.get(s.index, [])
            for c in sent_cands:
                place = self._place_of(s, c, context)
                if place is not None:
                    keep(place, Mention(c.text, c.start, c.end))
            for place, m in self._capital_phrases(s, sent_cands):
                keep(place, m)
            if border is not None:
                for m in self._border_phrases(s, sent_cands):
                    keep(border, m)
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
        national = bool(kinds & {"country", "capital"})
        if national and not (locative or is_dateline(c, s) or is_noun_modifier(s, c)):
            return None  # a country or capital that acts belongs to the actor stage
        if not national and self.gaz.is_stopword(c.text):
            return None
        place = self._geocode(s, c, context)
        if place is None or national or locative or place.source == "supplement":
            return place
        if place.population < _TRUSTED_POPULATION and s.has_ner:
            labels = {e.label_ for e in s.doc.ents if e.start <= c.i < e.end}
            if labels & _VETO_ENTS:
                return None  # "Asif" the town is not meant in "Asif said"
        return place

    def _geocode(self, s: Sentence, c: Candidate, context: list[str]) -> GazetteerPlace | None:
        prefer = self._level(s, c)
        country_reading = c.first("country")
        place_reading = c.first("place")
        if country_reading is not None and place_reading is None:
            return self._country(country_reading.target, c.text)
        name = place_reading.target if place_reading is not None else c.text
        place = self.gaz.resolve(name, context_countries=context, prefer=prefer)
        if place is None and country_reading is not None:
            return self._country(country_reading.target, c.text)
        cap = c.first("capital")
        if place is None and cap is not None:
            return self.gaz.resolve(name, context_countries=[cap.target, *context], prefer="city")
        return place

    def _country(self, iso3: str, text: str) -> GazetteerPlace | None:
        """The country's point; a country outside ISO 3166 (Kosovo) has none, only a curated area if any."""
        try:
            return self.gaz.country(iso3)
        except KeyError:
            return self.gaz.resolve(text)

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
        # "Khost and Paktika provinces": a plural level word after coordinated names
        k = c.j
        while (
            k < len(doc) and k - c.j < 8 and (doc[k].lower_ in {",", "and"} or doc[k].tag_ in {"NNP", "NNPS"})
        ):
            k += 1
        if k > c.j and k < len(doc) and doc[k].lower_ in {"provinces", "districts"}:
            return LEVEL_WORDS[doc[k].lower_]
        return None

    def _capital_phrases(self, s: Sentence, cands: list[Candidate]) -> list[tuple[GazetteerPlace, Mention]]:
        """The capital city for "the Afghan capital" in a locative context."""
        out: list[tuple[GazetteerPlace, Mention]] = []
        doc = s.doc
        for c in cands:
            r = c.first("demonym", "country")
            if r is None or c.j >= len(doc):
                continue
            k = c.j
            if doc[k].text in {"'s", "’s"}:
                k += 1
            if k < len(doc) and doc[k].lower_ == "capital":
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
    def _border_phrases(s: Sentence, cands: list[Candidate]) -> list[Mention]:
        """'the border', 'their border', 'the border areas' (not 'the border crossing', 'border police')."""
        doc = s.doc
        taken = {k for c in cands for k in range(c.i, c.j)}
        out = []
        for t in doc:
            if t.lower_ not in _BORDER_HEADS or t.i in taken or t.i == 0:
                continue
            if doc[t.i - 1].lower_ not in _BORDER_DETS:
                continue
            end = t.i + 1
            if end < len(doc) and doc[end].lower_ in _BORDER_AFTER:
                end += 1
            elif end < len(doc) and doc[end].tag_ in {"NN", "NNS"} and doc[end].is_lower:
                continue  # "the border crossing", "the border closure": a modifier
            span = doc[t.i - 1 : end]
            start = s.start + span.start_char
            out.append(Mention(span.text, start, start + len(span.text)))
        return out

    def _border_region(self, context: list[str]) -> GazetteerPlace | None:
        """The border region of the article's two main countries, if the gazetteer names one."""
        if len(context) < 2:
            return None
        a, b = context[0], context[1]
        names = []
        for x, y in ((a, b), (b, a)):
            cx, cy = self.directory.countries.get(x), self.directory.countries.get(y)
            if cx is not None and cy is not None:
                names.append(f"{cx.name}-{cy.name} border")
        for name in names:
            for place in self.gaz.candidates(name):
                if place.resolution == "region":
                    return place
        return None

    @staticmethod
    def _context_countries(doc: AnnotatedDoc) -> list[str]:
        counts: Counter[str] = Counter()
        for a in doc.actors:
            if a.code and a.code not in {"IGO", "NGO", "IMG"}:
                counts[a.code] += len(a.mentions)
        for c in doc.candidates:
            assert isinstance(c, Candidate)
            for r in c.readings:
                if r.kind in {"country", "capital", "demonym", "plural"}:
                    counts[r.target] += 1
        return [code for code, _ in counts.most_common()]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
