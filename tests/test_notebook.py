"""The comparison notebook is committed without outputs and runs cleanly from top to bottom."""
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


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)


def test_notebook_executes_and_shows_the_comparison(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(REPO)}})
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    texts = [_text(c) for c in nb.cells if c.cell_type == "code"]
    runs = next(t for t in texts if "predictions   protocol:" in t)
    assert "learned" in runs and "trained on dev (20 documents)" in runs
    pivot = next(t for t in texts if "F1 by level (overlap mode)" in t)
    header = pivot.splitlines()[1].split()
    assert header[-4:] == ["quote", "speaker", "stance", "full"]
    rows = [line.split()[0] for line in pivot.splitlines()[3:] if line.strip()]
    assert rows == ["quote-marks", "rules", "learned"]
    images = [o for c in nb.cells for o in c.get("outputs", []) if "data" in o and "image/png" in o.data]
    assert len(images) >= 2  # the P/R/F1 bars and the confusion matrix
