import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # no display in tests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # tools/notebooks.py: what tests know about notebooks


@pytest.fixture(autouse=True)
def _sample_data(monkeypatch, tmp_path):
    """Unit tests never touch the network or the reader's cache."""
    monkeypatch.setenv("DLBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DLBOOK_FASHION_MNIST", "sample")
    monkeypatch.delenv("DLBOOK_DEVICE", raising=False)
