"""How to score: the settings of `score`, `compare` and the command, checked once."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


MODES = ("exact", "overlap", "soft")
MAX_BOOTSTRAP = 100_000  # 95% intervals settle long before; more only burns time
MAX_JOBS = 256  # processes; more than documents or cores buys nothing (and jobs > documents are not started)
RESAMPLING = ("auto", "document", "attribution")


@dataclass(frozen=True)
class Settings:
    """How to score. `soft` adds the proportional quote-level score next to the main mode.
    `resample`: the bootstrap's and the paired test's unit; `auto` is the document when the
    gold has more than one (documents differ in difficulty, and attributions of one document
    are not independent), else the attribution."""

    match: str = "overlap"
    threshold: float = 0.5
    bootstrap: int = 1000
    seed: int = 12345
    errors: bool = False
    jobs: int = 1
    soft: bool = True
    resample: str = "auto"

    def unit(self, documents: int) -> str:
        """The resampling unit for a gold corpus of `documents` documents."""
        if self.resample == "auto":
            return "document" if documents > 1 else "attribution"
        return self.resample

    def check(self) -> "Settings":
        if self.match not in MODES:
            raise InputError("--match", f"must be one of {', '.join(MODES)}, not {self.match!r}")
        if not 0 < self.threshold <= 1:
            raise InputError("--threshold", f"must be in (0, 1], not {self.threshold}")
        if not 0 <= self.bootstrap <= MAX_BOOTSTRAP:
            raise InputError("--bootstrap", f"must be from 0 to {MAX_BOOTSTRAP:,}, not {self.bootstrap}")
        if not 1 <= self.jobs <= MAX_JOBS:
            raise InputError("--jobs", f"must be from 1 to {MAX_JOBS}, not {self.jobs}")
        if self.resample not in RESAMPLING:
            raise InputError("--resample", f"must be one of {', '.join(RESAMPLING)}, not {self.resample!r}")
        if self.seed < 0:
            raise InputError("--seed", f"must be 0 or more (a numpy seed), not {self.seed}")
        return self
