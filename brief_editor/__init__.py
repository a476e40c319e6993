"""Brief Editor: write source-cited weekly briefs; notes, Ibid. and checks are computed."""

__version__ = "0.1.0"
