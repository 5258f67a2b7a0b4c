"""Execute notebooks in place and record what their outputs were made from.

    python tools/execute_notebooks.py                 # every notebook of both editions
    python tools/execute_notebooks.py chapters/en/02_linear_regression.ipynb
    python tools/execute_notebooks.py --data full     # what the Pages workflow runs

Each notebook runs top to bottom in a fresh kernel of this Python, from its own
folder, with the bundled Fashion-MNIST sample (``DLBOOK_FASHION_MNIST=sample``) so
the outputs stored in the repository are reproducible offline. First it puts the
current Colab set-up cell at the top (``ensure_colab_setup`` in tools/notebooks.py).
The fingerprint of its code and of utils/ goes into the notebook's metadata;
tests/test_notebooks.py fails when it is stale.

``--data full`` runs them on the full dataset instead (downloaded once, or a
clear error): the Pages workflow does that before it builds, so the published
pages show full-data results. A notebook that fails stops the run with exit
status 1, which fails the workflow before anything is deployed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="notebooks to run (default: every chapter of both editions)")
    parser.add_argument("--data", choices=["sample", "full"], default="sample",
                        help="Fashion-MNIST: the bundled sample (default, what the repository stores) "
                             "or the full dataset (what the website shows)")
    args = parser.parse_args(argv)
    os.environ["DLBOOK_FASHION_MNIST"] = args.data
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    targets = [Path(p).resolve() for p in args.paths] or notebooks()
    total = time.perf_counter()
    for path in targets:
        try:
            seconds = execute(path)
        except CellExecutionError as err:
            print(f"FAILED  {path.relative_to(ROOT)} (on the {args.data} data):\n{err}", file=sys.stderr)
            return 1
        print(f"{seconds:7.1f} s  {path.relative_to(ROOT)}", flush=True)
    print(f"{time.perf_counter() - total:7.1f} s  in all, {len(targets)} notebooks on the {args.data} data")
    return 0


if __name__ == "__main__":
    sys.exit(main())
