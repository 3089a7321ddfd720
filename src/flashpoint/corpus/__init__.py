"""The corpus: many reports in one store, their events merged into incidents (issue 4)."""
