"""The comparison notebook is committed with its outputs, and they are what it computes.

It reads on a code host without running it, so the committed outputs must be current: the
test executes the notebook from the top and compares the tables it prints with the committed
ones (the figures of the frozen baselines on the test split), and checks that nothing in it
warns (no progress bar, no stderr) or fails."""
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")
pytest.importorskip("ipykernel")

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "baselines" / "compare_baselines.ipynb"


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "\n".join(parts)


def _printed(nb, marker: str) -> str:
    return next(_text(c) for c in nb.cells if c.cell_type == "code" and marker in _text(c))


def _check(nb) -> None:
    """What every good run of the notebook shows."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert all(c.execution_count is not None for c in code)
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]  # no warnings, no bars
    assert not any("IProgress" in _text(c) or "Warning" in _text(c) for c in code)
    runs = _printed(nb, "protocol:")
    assert all(name in runs for name in ("quote-marks", "rules", "learned"))
    pivot = _printed(nb, "F1 [95% CI] by level")
    assert pivot.splitlines()[1].split()[-4:] == ["quote", "speaker", "stance", "full"]
    assert [line.split()[0] for line in pivot.splitlines()[3:] if line.strip()] == ["rules", "quote-marks", "learned"]
    signature = next(ln for ln in _printed(nb, "signature:").splitlines() if ln.startswith("signature:"))
    assert "data:2.0.0/test@" in signature and "|docs:40|" in signature and signature.endswith("@12345/doc")
    tests = _printed(nb, "paired approximate randomisation over documents")
    assert "quote f1" in tests and "stance macro-F1" in tests
    images = [o for o in outputs if "data" in o and "image/png" in o.data]
    assert len(images) >= 2  # the P/R/F1 bars and the confusion matrices
    report = [o for o in outputs if "data" in o and "text/html" in o.data and "qb-report" in o.data["text/html"]]
    assert report, "the report is shown inline"


def test_notebook_is_committed_with_its_outputs():
    _check(nbformat.read(NOTEBOOK, as_version=4))


def _polnear_found() -> bool:
    from benchmark.polnear import default_root

    return (default_root() / "data" / "train").is_dir()


def test_notebook_executes_to_its_committed_outputs():
    """Executed here, it prints what was committed (the outputs were made with PolNeAR found;
    without it the learned rows differ, so only the checks of `_check` apply)."""
    committed = nbformat.read(NOTEBOOK, as_version=4)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = nbclient.NotebookClient(nb, timeout=1200, kernel_name="python3",
                                     resources={"metadata": {"path": str(REPO)}})
    client.execute()
    _check(nb)
    if not _polnear_found():
        pytest.skip("PolNeAR is not beside the checkout: the learned rows differ from the committed outputs")
    for marker in ("protocol:", "F1 [95% CI] by level", "signature:", "paired approximate randomisation",
                   "stance macro-F1:"):
        assert _printed(nb, marker) == _printed(committed, marker), marker
