"""Helpers shared by the tests: hypothesis strategies and the citeproc-js oracle."""
