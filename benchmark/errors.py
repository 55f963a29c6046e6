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
        what = f"{_shown(self.field)}: {self.message}" if self.field else self.message
        return _one_line(f"{where}: {what}")


def _shown(field: str) -> str:
    """A field name as written, quoted where it would mislead (a trailing space, a line break)."""
    return field if field.isprintable() and field == field.strip() else repr(field)


def _one_line(text: str) -> str:
    """Line and paragraph separators and other control characters escaped: one error, one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else ascii(c)[1:-1] for c in text)


class InputErrors(InputError):
    """Several errors found in one pass (validate reports them all)."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.file, first.message, first.line, first.field)

    def render(self) -> str:  # all lines, one per error
        return "\n".join(e.render() for e in getattr(self, "errors", [])) or super().render()


def _reason(e: OSError) -> str:
    return e.strerror or str(e) or type(e).__name__


def read_bytes(path) -> bytes:
    """The bytes of a file, or InputError `path: cannot read: reason` (a folder, a permission,
    an I/O error)."""
    from pathlib import Path

    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read: {_reason(e)}") from None


class ReadGuard:
    """A file opened for reading whose every read turns an OSError into `cannot read`."""

    def __init__(self, path, mode: str = "rb", **kw):
        self.name = str(path)
        try:
            self._f = open(path, mode, **kw)
        except OSError as e:
            raise InputError(self.name, f"cannot read: {_reason(e)}") from None

    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except OSError as e:
            raise InputError(self.name, f"cannot read: {_reason(e)}") from None

    def read(self, n: int = -1):
        return self._guard(self._f.read, n)

    def readline(self):
        return self._guard(self._f.readline)

    def __iter__(self):
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def close(self) -> None:
        self._f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
