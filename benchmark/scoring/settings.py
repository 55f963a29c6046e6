"""How to score: the settings of `score`, `compare` and the command, checked once."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


MODES = ("exact", "overlap", "soft")
MAX_BOOTSTRAP = 100_000  # 95% intervals settle long before; more only burns time
MAX_JOBS = 256  # processes; more than documents or cores buys nothing (and jobs > documents are not started)


@dataclass(frozen=True)
class Settings:
    """How to score. `soft` adds the proportional quote-level score next to the main mode."""

    match: str = "overlap"
    threshold: float = 0.5
    bootstrap: int = 1000
    seed: int = 12345
    errors: bool = False
    jobs: int = 1
    soft: bool = True

    def check(self) -> "Settings":
        if self.match not in MODES:
            raise InputError("--match", f"must be one of {', '.join(MODES)}, not {self.match!r}")
        if not 0 < self.threshold <= 1:
            raise InputError("--threshold", f"must be in (0, 1], not {self.threshold}")
        if not 0 <= self.bootstrap <= MAX_BOOTSTRAP:
            raise InputError("--bootstrap", f"must be from 0 to {MAX_BOOTSTRAP:,}, not {self.bootstrap}")
        if not 1 <= self.jobs <= MAX_JOBS:
            raise InputError("--jobs", f"must be from 1 to {MAX_JOBS}, not {self.jobs}")
        if self.seed < 0:
            raise InputError("--seed", f"must be 0 or more (a numpy seed), not {self.seed}")
        return self
