"""Event coding: PLOVER events with roles, status and claims, from the annotated document.

``patterns`` reads the pattern books, ``grammar`` the closed word lists; ``triggers`` finds trigger words on
the parse, ``roles`` reads actor and recipient, ``status`` how the writer presents the event, ``attach``
its date, place, size and sources, ``claims`` links accusations and denials across the document; ``coder``
runs them in that order.
"""
