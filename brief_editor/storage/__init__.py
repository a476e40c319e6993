"""Files on disk: atomic writes, briefs, autosave, locks, profiles and settings paths."""
