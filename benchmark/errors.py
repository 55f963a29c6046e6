"""One error type for bad input, rendered as a single `file:line: field: what is wrong` line."""
from __future__ import annotations


class InputError(Exception):
    """Bad user input. The CLI prints `str(err)` and exits 1, with no traceback."""

    def __init__(self, file: str, message: str, line: int | None = None, field: str | None = None):
        self.file = str(file)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(self.render())

    def render(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class InputErrors(InputError):
    """Several errors found in one pass (validate reports them all)."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.file, first.message, first.line, first.field)

    def render(self) -> str:  # all lines, one per error
        return "\n".join(e.render() for e in getattr(self, "errors", [])) or super().render()
