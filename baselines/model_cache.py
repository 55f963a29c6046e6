"""A small on-disk cache of trained models, so that a model is trained once, at first use.

Files live under `$XDG_CACHE_HOME/quotebench/` (else `~/.cache/quotebench/`), named by a key
that hashes everything the model depends on (baseline version, feature version, training
data, trainer settings). A file holds a one-line JSON header (format, key, size and sha256 of
the payload) and the payload; a file whose header, key or checksum disagrees is ignored and
rebuilt, so a corrupt or stale file can never be loaded. Writes go to a temporary file in the
same folder and are renamed into place (`os.replace`), so a reader never sees half a file.
Nothing is ever downloaded: a missing model is trained on local data.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Callable

FORMAT = "quotebench-model/1"


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/quotebench`, else `~/.cache/quotebench`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "quotebench"


def cache_key(parts: dict) -> str:
    """A stable hex digest of the JSON of `parts` (keys sorted)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("ascii")).hexdigest()


def cache_path(name: str, key: str) -> Path:
    return cache_dir() / f"{name}-{key[:24]}.model"


def read_cached(path: Path, key: str) -> bytes | None:
    """The payload of a valid cache file for `key`, else None (missing, corrupt, other key)."""
    try:
        with open(path, "rb") as f:
            header = json.loads(f.readline().decode("utf-8"))
            payload = f.read()
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
        return None
    if header.get("size") != len(payload) or header.get("sha256") != hashlib.sha256(payload).hexdigest():
        return None
    return payload


def write_cached(path: Path, key: str, payload: bytes) -> bool:
    """Write atomically (temporary file, then rename); False when the folder is not writable."""
    header = {"format": FORMAT, "key": key, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(header, sort_keys=True).encode("utf-8") + b"\n")
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def cached(name: str, parts: dict, build: Callable[[], bytes]) -> tuple[bytes, bool]:
    """(payload, whether it came from the cache): read the model for `parts`, else build and store it."""
    key = cache_key(parts)
    path = cache_path(name, key)
    payload = read_cached(path, key)
    if payload is not None:
        return payload, True
    payload = build()
    write_cached(path, key, payload)
    return payload, False
