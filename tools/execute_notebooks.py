"""Execute notebooks in place and record what their outputs were made from.

    python tools/execute_notebooks.py                 # every notebook of both editions
    python tools/execute_notebooks.py chapters/en/02_linear_regression.ipynb

Each notebook runs top to bottom in a fresh kernel of this Python, from its own
folder, with the bundled Fashion-MNIST sample (``DLBOOK_FASHION_MNIST=sample``) so
the outputs are reproducible offline. First it puts the current Colab set-up
cell at the top (``ensure_colab_setup`` in tools/notebooks.py). The fingerprint
of its code and of utils/ goes into the notebook's metadata;
tests/test_notebooks.py fails when it is stale.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebooks import META_KEY, ROOT, ensure_colab_setup, fingerprint, notebooks  # noqa: E402


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    ensure_colab_setup(nb, path)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=1200, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nb.metadata[META_KEY] = {"fingerprint": fingerprint(nb)}
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(paths: list[str]) -> None:
    os.environ["DLBOOK_FASHION_MNIST"] = "sample"
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    targets = [Path(p).resolve() for p in paths] or notebooks()
    for path in targets:
        seconds = execute(path)
        print(f"{seconds:7.1f} s  {path.relative_to(ROOT)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
