"""Audit the built website: Lighthouse (mobile) and axe-core on every page, served compressed.

    make html && npm ci            # the site, and Lighthouse and axe-core (package.json)
    python tools/audit_site.py     # every page of both editions and the landing page
    python tools/audit_site.py --pages en/03_softmax_regression.html --no-axe

The site is served on localhost with gzip, as GitHub Pages serves it. Lighthouse 12
runs with its default mobile settings (a mid-range phone, throttled CPU and network)
in headless Chromium; axe-core runs in the same browser as tests/test_browser.py at a
390-px phone width, every formula typeset. The goals (issue 15): performance >= 90
and accessibility, best practices and SEO 100 on every chapter page; no axe
violation on any page. The script
prints one line per page and exits with status 1 when a goal is missed.
Lighthouse's performance score depends on the machine: run it on an idle one.
"""

from __future__ import annotations

import argparse
import functools
import io
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
COMPRESSED = {".html", ".js", ".css", ".svg", ".json", ".txt", ".inv", ".ttf", ".map"}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text compressed with gzip when the browser accepts it (as GitHub Pages)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(data)


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def browser_path() -> str:
    for name in BROWSERS:
        if path := shutil.which(name):
            return path
    raise SystemExit("No Chromium found: run `make browser` (it installs Debian's chromium).")


def site_pages(site: Path) -> list[str]:
    """The landing page and every content page of both editions."""
    pages = ["index.html"]
    for lang in ("zh", "en"):
        pages += [f"{lang}/{p.name}" for p in sorted((site / lang).glob("*.html"))
                  if p.stem not in ("search", "genindex")]
    return pages


def is_chapter(page: str) -> bool:
    name = page.rsplit("/", 1)[-1]
    return name[:2].isdigit()


def lighthouse(url: str, chrome: str) -> dict:
    """Lighthouse's category scores (0-100) and a few metrics for one page."""
    exe = NODE_MODULES / ".bin" / "lighthouse"
    if not exe.exists():
        raise SystemExit(f"{exe} is missing: run `npm ci` in {ROOT} (package.json pins Lighthouse).")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        proc = subprocess.run(
            [str(exe), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(CATEGORIES)}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 or not report.exists():
            raise RuntimeError(f"Lighthouse failed on {url}: {proc.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = data["audits"]
    failed = sorted(k for k, a in audits.items()
                    if a.get("score") is not None and a["score"] < 1
                    and a.get("scoreDisplayMode") == "binary")
    return {**scores,
            # Lighthouse's measure of the machine's speed (a mid-range desktop: 1000-2000);
            # below about 1000 its throttled timings overstate a phone's.
            "benchmark_index": round(data.get("environment", {}).get("benchmarkIndex", 0)),
            "fcp_s": round(audits["first-contentful-paint"]["numericValue"] / 1000, 1),
            "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 1),
            "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
            "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
            "dom": audits.get("dom-size", {}).get("numericValue"),
            "failed_audits": failed}


def axe(base: str, pages: list[str], chrome: str, width: int = 390) -> dict[str, list[str]]:
    """axe-core's violations on each page ("rule: n elements"), in a phone-sized window."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    source = (NODE_MODULES / "axe-core" / "axe.min.js")
    if not source.exists():
        raise SystemExit(f"{source} is missing: run `npm ci` in {ROOT} (package.json pins axe-core).")
    options = webdriver.ChromeOptions()
    options.binary_location = chrome
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_script_timeout(120)
    found = {}
    try:
        for page in pages:
            driver.get(f"{base}/{page}")
            driver.execute_async_script("""
                const done = arguments[arguments.length - 1];
                if (window.dlbookMathJax) {  // _ext/static/bilingual.js loads MathJax
                    dlbookMathJax().then(() => MathJax.typesetPromise())
                        .then(() => done(true), () => done(false));
                } else { done(true); }""")
            driver.execute_script(source.read_text(encoding="utf8"))
            result = driver.execute_async_script("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ["violations"]})
                   .then(r => done(r.violations.map(v => [v.id, v.nodes.length,
                         v.nodes.slice(0, 3).map(n => n.target.join(" "))])))
                   .catch(e => done([["axe-error", 0, [String(e)]]]));""")
            found[page] = [f"{rule}: {n} ({', '.join(targets)})" for rule, n, targets in result]
    finally:
        driver.quit()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="the built site")
    parser.add_argument("--pages", help="comma-separated pages (default: every page)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-axe", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        raise SystemExit(f"No site in {args.site}: build it first (`make html`).")
    pages = args.pages.split(",") if args.pages else site_pages(args.site)
    chrome = browser_path()
    base, httpd = serve(args.site)
    results, missed = {}, []
    try:
        if not args.no_axe:
            for page, violations in axe(base, pages, chrome).items():
                results.setdefault(page, {})["axe"] = violations
                print(f"axe {page}: {len(violations)} violations", *violations, sep="\n    ", flush=True)
                if violations:
                    missed.append(f"{page}: axe {violations}")
        if not args.no_lighthouse:
            for page in pages:
                figures = lighthouse(f"{base}/{page}", chrome)
                results.setdefault(page, {})["lighthouse"] = figures
                print(f"lighthouse {page}: " + " ".join(f"{k}={figures[k]}" for k in
                      (*CATEGORIES, "fcp_s", "lcp_s", "tbt_ms", "cls", "dom", "benchmark_index")),
                      f"failed: {figures['failed_audits']}" if figures["failed_audits"] else "",
                      flush=True)
                if is_chapter(page):
                    missed += [f"{page}: {c} {figures[c]} < {goal}"
                               for c, goal in GOALS.items() if figures[c] < goal]
    finally:
        httpd.shutdown()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf8")
    if missed:
        print("Goals missed:", *missed, sep="\n  ")
        return 1
    print("Every goal met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
