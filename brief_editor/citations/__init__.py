"""Notes and sources: numbering, positions, wording through CSL, the library, the checks."""
