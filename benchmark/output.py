"""Every file a command writes goes through here, so that no failure leaves a damaged file.

- `-` (or no target) is standard output;
- a folder, or a path whose parent folder does not exist, is refused with one line;
- an existing target that is not a regular file (a pipe, `/dev/null`, `/dev/stdout`) is written
  directly, never replaced by a regular file; a symbolic link is written through, to its target;
- a regular file is written to a temporary file in the same folder and renamed over the target
  only once everything was written, so an error or Ctrl-C leaves the old file (or none) and no
  temporary file behind; a new file gets the usual mode (0666 less the umask), an old one keeps its;
- a folder (brat output) is built in a temporary folder beside it and moved into place at the
  end.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import Iterator, TextIO

from .errors import InputError


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


def _check_target(target: str) -> Path:
    path = Path(target)
    if path.is_dir():
        raise InputError(target, "is a folder: give a file name to write to")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(target, f"cannot write: the folder {str(parent)!r} does not exist")
    return path


@contextlib.contextmanager
def open_output(target: str | None) -> Iterator[TextIO]:
    """A text stream to write the command's output to (see the module docstring)."""
    if target in (None, "-"):
        yield sys.stdout
        return
    path = _check_target(target)
    if path.is_symlink():  # write through the link, as `>` would, not over it
        path = Path(os.path.realpath(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise InputError(target, f"cannot write: {_reason(e)}") from None
    if mode is not None and not stat.S_ISREG(mode):  # a pipe, a device: write in place
        try:
            with open(path, "w", encoding="utf-8") as f:
                yield f
        except OSError as e:
            raise InputError(target, f"cannot write: {_reason(e)}") from None
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent if str(path.parent) else ".")
    except OSError as e:
        raise InputError(target, f"cannot write: {_reason(e)}") from None
    done = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            yield f
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
        done = True
    except OSError as e:
        raise InputError(target, f"cannot write: {_reason(e)}") from None
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text(target: str | None, text: str) -> None:
    with open_output(target) as f:
        f.write(text)


@contextlib.contextmanager
def build_folder(target: str) -> Iterator[Path]:
    """A temporary folder beside `target` to build into; moved to `target` (which must not
    exist, or be an empty folder) when the block ends without error, removed otherwise."""
    path = Path(target)
    if path.exists() and not path.is_dir():
        raise InputError(target, "is a file, not a folder to write into")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(target, f"cannot write: the folder {str(parent)!r} does not exist")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=parent))
    except OSError as e:
        raise InputError(target, f"cannot write: {_reason(e)}") from None
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; a result folder is not
        if path.is_dir():
            path.rmdir()  # empty, checked by the caller; a non-empty folder raises here
        os.replace(tmp, path)
    except OSError as e:
        raise InputError(target, f"cannot write: {_reason(e)}") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
