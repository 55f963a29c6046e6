"""The on-disk cache of the `datasets` views (benchmark/hf.py).

An entry is a folder `<view>-<key>` written by `Dataset.save_to_disk` into a temporary
folder beside it and renamed into place (so a reader never sees half an entry), with a
`quotebench-entry.json` naming the key, the row count and the sha256 of each file saved.
A read checks that record, loads the entry with `datasets.load_from_disk` (memory-mapped)
and checks its rows and features; an entry that fails any check is removed and rebuilt.
Entries of keys no longer asked for are not removed: delete the folder to reclaim them.

The key is the sha256 of: the corpus bytes (every .json of a folder, by name; for the
shipped gold, the split's files and the manifest), the view, `VIEW_VERSION`, the split or
"a custom corpus", the datasets version and the bytes of the builder code (hf.py, text.py).

Where: `cache=` a folder, else $QUOTEBENCH_VIEWS_CACHE, else $HF_DATASETS_CACHE/quotebench-views,
else $XDG_CACHE_HOME/quotebench/views (~/.cache/quotebench/views). `cache=False` or
QUOTEBENCH_VIEWS_CACHE set to off, 0, false, no or nothing: no cache is read or written.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
import warnings
from pathlib import Path
from typing import Callable, Sequence

import datasets

ENV = "QUOTEBENCH_VIEWS_CACHE"
ENTRY_RECORD = "quotebench-entry.json"
_OFF = {"", "0", "off", "false", "no", "none"}
_PACKAGE = Path(__file__).resolve().parent.parent
_CODE = ("hf.py", "text.py")  # the code a view's contents depend on


def cache_root(cache: bool | str | os.PathLike | None = None) -> Path | None:
    """The cache folder, or None when caching is off."""
    if cache is False:
        return None
    if cache not in (None, True):
        return Path(cache).expanduser()
    env = os.environ.get(ENV)
    if env is not None:
        return None if env.strip().lower() in _OFF else Path(env).expanduser()
    if os.environ.get("HF_DATASETS_CACHE"):
        return Path(os.environ["HF_DATASETS_CACHE"]).expanduser() / "quotebench-views"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "quotebench" / "views"


def _file_sha(path: Path, h=None):
    h = h or hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h


def corpus_digest(path) -> str | None:
    """sha256 of a corpus file's bytes, or of a folder's .json files (name and bytes, sorted
    as the loader reads them); None when it cannot be read (the loader then says why)."""
    path = Path(path)
    try:
        if path.is_dir():
            files = sorted(path.glob("*.json"))
            if not files:
                return None
            h = hashlib.sha256(b"folder\0")
            for f in files:
                h.update(f.name.encode("utf-8") + b"\0")
                _file_sha(f, h)
                h.update(b"\0")
            return h.hexdigest()
        return _file_sha(path, hashlib.sha256(b"file\0")).hexdigest()
    except OSError:
        return None


def gold_digest(split: str) -> str | None:
    """sha256 of the shipped gold files of `split` and of the manifest (which holds the
    splits and the canary)."""
    from ..resources import gold_dir, manifest_path
    from ..splits import doc_ids

    try:
        h = _file_sha(manifest_path(), hashlib.sha256(b"shipped\0"))
        folder = gold_dir()
        for doc_id in doc_ids(split):
            h.update(b"\0" + doc_id.encode("utf-8") + b"\0")
            _file_sha(folder / f"{doc_id}.json", h)
        return h.hexdigest()
    except OSError:
        return None


def entry_key(view: str, what: str, digest: str) -> str:
    from ..hf import VIEW_VERSION

    h = hashlib.sha256()
    for part in ("quotebench view", view, str(VIEW_VERSION), what, digest, datasets.__version__):
        h.update(part.encode("utf-8") + b"\0")
    for name in _CODE:
        _file_sha(_PACKAGE / name, h)
    return h.hexdigest()


def cached_view(view: str, what: str, digest: str | None, load_docs: Callable[[], Sequence],
                build: Callable, cache=None) -> datasets.Dataset:
    """The view from its cache entry, else built by `build(view, load_docs(), what)` and stored."""
    root = cache_root(cache)
    if root is None or digest is None:
        return build(view, load_docs(), what)
    key = entry_key(view, what, digest)
    entry = root / f"{view}-{key[:40]}"
    found = read_entry(entry, key, view)
    if found is not None:
        return found
    ds = build(view, load_docs(), what)
    ds = datasets.Dataset(ds.data, info=ds.info, fingerprint=key[:32])
    try:
        return write_entry(ds, entry, key, view)
    except OSError as e:
        warnings.warn(f"quotebench: the {view!r} view was not cached in {root} ({e}); set "
                      f"{ENV}=off to stop trying", stacklevel=3)
        return ds


def read_entry(entry: Path, key: str, view: str) -> datasets.Dataset | None:
    """The Dataset stored at `entry`, or None (absent, partial, corrupt or another key's:
    anything but a sound entry is removed)."""
    if not entry.exists():
        return None
    try:
        record = json.loads((entry / ENTRY_RECORD).read_text("utf-8"))
        if record.get("key") != key or not record.get("files"):
            raise ValueError("another key")
        for name, sha in record["files"].items():
            if _file_sha(entry / name).hexdigest() != sha:
                raise ValueError(f"{name} changed")
        ds = datasets.load_from_disk(str(entry))
        from ..hf import _FEATURES

        if not isinstance(ds, datasets.Dataset) or ds.num_rows != record["rows"] or ds.features != _FEATURES[view]:
            raise ValueError("not the stored view")
        return ds
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is rebuilt
        _remove(entry)
        return None


def write_entry(ds: datasets.Dataset, entry: Path, key: str, view: str) -> datasets.Dataset:
    """Save `ds` atomically at `entry` and return it read back (memory-mapped)."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.mkdir()  # as the umask allows (mkdtemp would make it private)
    try:
        bars = not datasets.are_progress_bars_disabled()
        datasets.disable_progress_bars()
        try:
            ds.save_to_disk(str(tmp))
        finally:
            if bars:
                datasets.enable_progress_bars()
        files = {p.name: _file_sha(p).hexdigest() for p in sorted(tmp.iterdir()) if p.is_file()}
        record = {"key": key, "view": view, "rows": ds.num_rows, "files": files,
                  "datasets": datasets.__version__}
        (tmp / ENTRY_RECORD).write_text(json.dumps(record, indent=1) + "\n", "utf-8")
        try:
            os.rename(tmp, entry)
        except OSError:  # another process stored the entry first
            if not entry.exists():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    found = read_entry(entry, key, view)
    return found if found is not None else ds


def _remove(entry: Path) -> None:
    """Remove an entry: renamed aside first, so no half-removed folder keeps its name."""
    try:
        aside = entry.with_name(f".{entry.name}.{os.getpid()}.trash")
        os.rename(entry, aside)
    except OSError:
        aside = entry
    shutil.rmtree(aside, ignore_errors=True)
