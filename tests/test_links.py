"""No broken internal links or anchors on the built site (LinkChecker)."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


CONFIG = Path(__file__).with_name("linkcheckerrc")


def linkcheck(url: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("linkchecker")
    return subprocess.run([str(exe if exe.exists() else shutil.which("linkchecker")),
                           "--config", str(CONFIG), "--no-status", url],
                          capture_output=True, text=True, timeout=900)


def test_no_broken_links_or_anchors(server):
    proc = linkcheck(f"{server}/index.html")
    summary = proc.stdout.strip().splitlines()[-2:]
    assert proc.returncode == 0 and "0 warnings found. 0 errors found." in proc.stdout, (
        proc.stdout[-5000:])
    assert " 0 links" not in " ".join(summary)


def test_the_checker_notices_a_broken_link_and_anchor():
    """The check above can fail: a missing page and a missing anchor are both reported."""
    tmp_path = Path(tempfile.mkdtemp())
    (tmp_path / "index.html").write_text('<a href="b.html#nowhere">x</a> <a href="c.html">y</a>')
    (tmp_path / "b.html").write_text('<h1 id="here">b</h1>')
    tmp_path.chmod(0o755)  # LinkChecker run as root reads files as "nobody"
    try:
        proc = linkcheck((tmp_path / "index.html").as_uri())
    finally:
        shutil.rmtree(tmp_path)
    assert proc.returncode != 0
    assert "1 warning found. 1 error found." in proc.stdout, proc.stdout[-3000:]
