"""The dyad view (issue 5): situation board, timeline series and index."""
