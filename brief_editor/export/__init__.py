"""Exporters: one format-neutral plan, then a writer per format."""
