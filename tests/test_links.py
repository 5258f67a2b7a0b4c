"""No broken internal links or anchors on the built site (LinkChecker)."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


CONFIG = Path(__file__).with_name("linkcheckerrc")


#: LinkChecker's command line, except that it keeps the user's privileges: run as root it
#: becomes "nobody" once it has read its settings, and in a checkout that nobody may read
#: (a 0700 folder: `mktemp -d`, /root) it can then not list its own plugins, so AnchorCheck
#: silently went and no anchor was checked. The tests check the book's own site.
RUN_LINKCHECKER = ("import sys, linkcheck.command.linkchecker as cli; "
                   "cli.drop_privileges = lambda: None; sys.exit(cli.linkchecker())")


def linkcheck(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", RUN_LINKCHECKER,
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
    try:
        proc = linkcheck((tmp_path / "index.html").as_uri())
    finally:
        shutil.rmtree(tmp_path)
    assert proc.returncode != 0
    assert "1 warning found. 1 error found." in proc.stdout, proc.stdout[-3000:]
