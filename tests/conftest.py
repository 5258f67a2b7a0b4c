import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # no display in tests

ROOT = Path(__file__).resolve().parents[1]

# Notebooks under nbval run in kernels that inherit this environment: the bundled
# Fashion-MNIST sample, as when their outputs were stored (override with
# DLBOOK_FASHION_MNIST=full to try the full dataset; outputs will then differ).
os.environ.setdefault("DLBOOK_FASHION_MNIST", "sample")
sys.path.insert(0, str(ROOT / "tools"))  # tools/notebooks.py: what tests know about notebooks


#: The slow tiers, by test file, as pytest markers (registered in pyproject.toml):
#: `make test-fast` leaves them out, `make test` runs them. A test that uses the
#: built site (the ``site`` or ``server`` fixture) is in the site tier wherever it is.
SLOW_TIERS = {"test_site.py": "site", "test_browser.py": "browser", "test_links.py": "links",
              "test_colab.py": "colab", "test_benchmark.py": "benchmark"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = SLOW_TIERS.get(item.path.name)
        if tier:
            item.add_marker(tier)
        if {"site", "server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker("site")


@pytest.fixture(autouse=True)
def _sample_data(monkeypatch, tmp_path):
    """Unit tests never touch the network or the reader's cache."""
    monkeypatch.setenv("DLBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DLBOOK_FASHION_MNIST", "sample")
    monkeypatch.delenv("DLBOOK_DEVICE", raising=False)


def _speaking(lang):
    """utils speaks ``lang`` for one test; the language set before comes back afterwards."""
    import utils
    before = utils.get_language()
    utils.set_language(lang)
    yield
    utils.set_language(before)


@pytest.fixture
def english():
    yield from _speaking("en")


@pytest.fixture
def chinese():
    yield from _speaking("zh")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The website, built once per test run from scratch, warnings as errors."""
    out = tmp_path_factory.mktemp("site") / "html"
    # A fresh doctree cache: a reused one would hide a notebook that no longer builds.
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"),
                           "--fresh", "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def server(site):
    """The built site, served on localhost for the browser and the link checker."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
