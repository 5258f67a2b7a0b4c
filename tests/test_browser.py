"""The built website in a real browser: headless Chromium, the site served on localhost.

Every page loads without console errors and without asking any other host for
anything (the machine has no network, like a reader behind a firewall); math is
typeset; every image has loaded; the language switch leads to the same page of
the other edition; the Colab link has the right form. Screenshots of a few pages
go to _build/screenshots/ for a person to look at.

`make test` installs Chromium and its driver (Debian's chromium, chromium-driver)
when they are missing.
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlparse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import ElementClickInterceptedException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import notebooks

SCREENSHOTS = notebooks.ROOT / "_build" / "screenshots"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _find(names) -> str:
    for name in names:
        if path := shutil.which(name):
            return path
    pytest.fail(f"None of {', '.join(names)} is installed: run `make test` (it installs Debian's "
                "chromium and chromium-driver), or install Chromium and ChromeDriver yourself.")


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = _find(BROWSERS)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(_find(["chromedriver"])))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def pages(site) -> list[str]:
    """Every content page of the site, as a path from its root."""
    found = ["index.html"]
    for lang in notebooks.LANGUAGES:
        found += [f"{lang}/{p.name}" for p in sorted((site / lang).glob("*.html"))
                  if p.stem not in ("search", "genindex")]
    return found


def visit(browser, url: str, all_math: bool = True) -> None:
    browser.get(url)
    # The page loads MathJax when a formula comes near the screen and typesets formulas as
    # they come into view (_ext/static/bilingual.js); `all_math` loads it and typesets them all.
    browser.execute_async_script("""
        const done = arguments[arguments.length - 1], all = arguments[0];
        if (all && window.dlbookMathJax) {
            dlbookMathJax().then(() => MathJax.typesetPromise()).then(() => done(true), () => done(false));
        } else { done(true); }""", all_math)


def test_every_page_in_a_real_browser(site, server, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    all_pages = pages(site)
    assert len(all_pages) >= 5
    problems = []
    for page in all_pages:
        visit(browser, f"{server}/{page}")
        browser.get_log("browser")  # start each page with an empty log
        visit(browser, f"{server}/{page}")
        errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"
                  and "/favicon.ico" not in e["message"]]  # the browser's own request
        if errors:
            problems.append(f"{page}: console errors: {errors[:3]}")

        hosts = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        foreign = sorted({urlparse(u).netloc for u in hosts if not u.startswith(server)} - {""})
        if foreign:
            problems.append(f"{page}: asks other hosts for resources: {foreign}")

        text = browser.find_element(By.TAG_NAME, "article").text if page != "index.html" \
            else browser.find_element(By.TAG_NAME, "body").text
        for raw in ("$$", "\\(", "\\["):
            if raw in text:
                problems.append(f"{page}: untypeset math {raw!r} left in the text")
        source = (site / page).read_text(encoding="utf8")
        if "\\(" in source or "\\[" in source:
            if not browser.find_elements(By.CSS_SELECTOR, "mjx-container"):
                problems.append(f"{page}: has math but MathJax typeset none of it")

        # Figures load lazily as they near the screen: load them all now, then look.
        broken = browser.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const images = Array.from(document.images);
            images.forEach(i => { i.loading = "eager"; });
            Promise.all(images.map(i => i.decode().catch(() => null))).then(() => done(
                images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)));""")
        if broken:
            problems.append(f"{page}: images that did not load: {broken}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang, other", [("zh", "en"), ("en", "zh")])
def test_language_switch_leads_to_the_same_page(site, server, browser, lang, other):
    for page in [p for p in pages(site) if p.startswith(lang + "/")]:
        visit(browser, f"{server}/{page}")
        browser.find_element(By.CSS_SELECTOR, "a.dlbook-language-switch").click()
        name = page.split("/", 1)[1]
        assert browser.current_url == f"{server}/{other}/{name}", page
        html_lang = browser.find_element(By.TAG_NAME, "html").get_attribute("lang")
        assert html_lang.startswith(other), (page, html_lang)


def test_colab_links_have_the_right_form(site, server, browser):
    repo = notebooks.repository_url().removeprefix("https://github.com/")
    for path in notebooks.notebooks():
        lang, name = path.parent.name, path.stem
        visit(browser, f"{server}/{lang}/{name}.html")
        links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a")
                 if "colab.research.google.com/github/" in (a.get_attribute("href") or "")]
        expected = f"https://colab.research.google.com/github/{repo}/blob/main/chapters/{lang}/{name}.ipynb"
        assert links == [expected], (path.name, links)


@pytest.mark.parametrize("page", ["index.html", "zh/index.html", "en/index.html",
                                  "zh/02_linear_regression.html", "en/02_linear_regression.html"])
def test_screenshots(site, server, browser, page):
    """Pictures of the site for a person to look at (in _build/screenshots)."""
    visit(browser, f"{server}/{page}")
    out = SCREENSHOTS / (page.replace("/", "_").removesuffix(".html") + ".png")
    assert browser.save_screenshot(str(out))
    assert out.stat().st_size > 10_000, "an almost empty screenshot"


def _title(path) -> str:
    return notebooks.read(path).cells[0].source.splitlines()[0].removeprefix("# ").strip()


@pytest.mark.parametrize("lang", notebooks.LANGUAGES)
def test_search_finds_chapters_by_their_titles(site, server, browser, lang):
    """Sphinx's search in the browser: Chinese needs jieba to cut words at build time."""
    from urllib.parse import quote

    chapters = [p for p in notebooks.notebooks(lang) if (site / lang / f"{p.stem}.html").exists()]
    for path in {chapters[0], chapters[len(chapters) // 2], chapters[-1]}:
        title = _title(path)
        visit(browser, f"{server}/{lang}/search.html?q={quote(title)}")
        WebDriverWait(browser, 30).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, "p.search-summary"))
        found = [a.get_attribute("href") for a in
                 browser.find_elements(By.CSS_SELECTOR, "#search-results a")]
        assert f"{server}/{lang}/{path.stem}.html" in [h.split("#")[0] for h in found], (title, found)
        # The snippets under the results are prose: no TeX, no code, no table of contents.
        WebDriverWait(browser, 30).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results p.context"))
        for snippet in browser.find_elements(By.CSS_SELECTOR, "#search-results p.context"):
            text = snippet.text
            assert "\\" not in text and "$$" not in text and ">>>" not in text, (title, text)
            assert not text.lstrip(".").strip().startswith(("Contents", "本页目录")), (title, text)


@pytest.mark.parametrize("lang", notebooks.LANGUAGES)
def test_the_landing_pages_card_searches_its_edition(site, server, browser, lang):
    """The landing page has no search of its own (it would search that one page): each card
    has a field that searches its edition."""
    browser.get(f"{server}/index.html")
    assert not browser.find_elements(By.CSS_SELECTOR, ".search-button, #pst-search-dialog, #pst-primary-sidebar .bd-search")
    path = notebooks.notebooks(lang)[3]
    field = browser.find_element(By.CSS_SELECTOR, f'form[action="{lang}/search.html"] input[name="q"]')
    field.send_keys(_title(path))
    field.submit()
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, "p.search-summary"))
    assert browser.current_url.startswith(f"{server}/{lang}/search.html?q=")
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results a"))
    found = [a.get_attribute("href").split("#")[0] for a in
             browser.find_elements(By.CSS_SELECTOR, "#search-results a")]
    assert f"{server}/{lang}/{path.stem}.html" in found, found


SOLUTION_LABELS = {"en": ("Show solution", "Solution"), "zh": ("显示答案", "答案")}


@pytest.mark.parametrize("lang", notebooks.LANGUAGES)
def test_solutions_are_hidden_until_opened(site, server, browser, lang):
    """Issue 7: every chapter's worked solutions are closed on the page, open on a click
    and close again on a second one."""
    for path in notebooks.notebooks(lang):
        visit(browser, f"{server}/{lang}/{path.stem}.html")
        solutions = [d for d in browser.find_elements(By.CSS_SELECTOR, "article details")
                     if d.find_element(By.TAG_NAME, "summary").text.strip() in SOLUTION_LABELS[lang]]
        assert len(solutions) >= 3, f"{path.name}: {len(solutions)} hidden solutions"
        for details in solutions:
            summary = details.find_element(By.TAG_NAME, "summary")
            content = details.find_elements(By.XPATH, "./*[not(self::summary)]")
            assert content, f"{path.name}: an empty solution"
            assert details.get_attribute("open") is None, f"{path.name}: a solution is open on load"
            assert not any(c.is_displayed() for c in content), f"{path.name}: a solution shows"
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
            summary.click()
            assert details.get_attribute("open") is not None
            try:  # sphinx-design fades a dropdown's content in
                WebDriverWait(browser, 5).until(lambda b: any(c.is_displayed() for c in content))
            except TimeoutException:
                pytest.fail(f"{path.name}: opened but not shown: {summary.text!r}")
            summary.click()
            assert details.get_attribute("open") is None, f"{path.name}: does not close again"


# Issue 15: the site on a phone.

PHONES = (360, 390)


def as_phone(browser, width: int) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 800, "deviceScaleFactor": 2, "mobile": True})


def as_desktop(browser) -> None:
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture
def phone(browser):
    yield lambda width=390: as_phone(browser, width)
    as_desktop(browser)


def _drawer_open(browser, modal: str) -> bool:
    return browser.execute_script(
        "const d = document.querySelector(arguments[0]);"
        "return !!(d && d.open && d.getBoundingClientRect().width > 100"
        " && d.querySelectorAll('a').length > 0)", modal)


@pytest.mark.parametrize("lang", notebooks.LANGUAGES)
def test_header_buttons_open_the_chapter_list_and_the_page_contents_on_a_phone(
        site, server, browser, phone, lang):
    phone(390)
    for toggle, modal in ((".bd-header-article .primary-toggle", "#pst-primary-sidebar-modal"),
                          (".bd-header-article .secondary-toggle", "#pst-secondary-sidebar-modal")):
        visit(browser, f"{server}/{lang}/03_softmax_regression.html", all_math=False)
        button = browser.find_element(By.CSS_SELECTOR, toggle)
        assert button.is_displayed(), toggle
        assert not _drawer_open(browser, modal)
        button.click()
        WebDriverWait(browser, 5).until(lambda b: _drawer_open(b, modal), f"{toggle} opened nothing")
        links = [a for a in browser.find_elements(By.CSS_SELECTOR, f"{modal} a") if a.is_displayed()]
        assert len(links) >= 5, f"{toggle}: {len(links)} links in the drawer"
        links[2].click()  # a chapter or a section: the drawer leads somewhere
        WebDriverWait(browser, 5).until(lambda b: not _drawer_open(b, modal) or b.current_url.endswith(
            links[2].get_attribute("href").rsplit("/", 1)[-1]))


def test_chapter_list_button_hides_and_shows_the_sidebar_on_a_desktop(site, server, browser):
    visit(browser, f"{server}/en/03_softmax_regression.html", all_math=False)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")
    sidebar = browser.find_element(By.ID, "pst-primary-sidebar")
    assert sidebar.is_displayed()

    def click_until(hidden):
        """Click the button until the sidebar is (not) hidden: a click may land on the tooltip or
        while the sidebar is still sliding, and then does nothing. The click toggles the class at
        once, so the next poll sees it and clicks no more."""
        def done(b):
            if ("pst-sidebar-hidden" in sidebar.get_attribute("class")) == hidden:
                return True
            try:
                b.find_element(By.CSS_SELECTOR, ".bd-header-article .primary-toggle").click()
            except ElementClickInterceptedException:
                pass
            return False
        WebDriverWait(browser, 10, poll_frequency=0.5).until(done)

    click_until(hidden=True)
    WebDriverWait(browser, 5).until(lambda b: not sidebar.is_displayed() or
                                    sidebar.rect["x"] + sidebar.rect["width"] <= 0)
    click_until(hidden=False)
    WebDriverWait(browser, 5).until(lambda b: sidebar.is_displayed() and sidebar.rect["x"] >= 0)


def test_no_page_is_wider_than_a_phone(site, server, browser, phone):
    """Every page at 360 and 390 px: nothing pans sideways, no inline formula is cut, figures
    keep their proportions, the language switch is whole."""
    problems = []
    for width in PHONES:
        phone(width)
        for page in pages(site) + ["zh/search.html", "en/search.html"]:
            visit(browser, f"{server}/{page}", all_math=True)
            # Every part laid out, as when the reader scrolls to it: an off-screen part
            # (content-visibility) clips what overflows it instead of widening the page.
            browser.execute_script("document.querySelectorAll('section').forEach("
                                   "s => { s.style.contentVisibility = 'visible'; })")
            wide = browser.execute_script("return document.documentElement.scrollWidth")
            if wide > width:
                culprits = browser.execute_script("""
                    const w = arguments[0];
                    return Array.from(document.querySelectorAll('body *')).filter(e => {
                        const r = e.getBoundingClientRect(); return r.right > w + 1 && r.width > 0;
                    }).slice(-3).map(e => e.tagName + '.' + e.className)""", width)
                problems.append(f"{page} at {width} px: {wide} px wide ({culprits})")
            # An inline formula cannot wrap and shows no scroll bar: it must fit the column.
            cut = browser.execute_script("""
                return Array.from(document.querySelectorAll('article span.math')).filter(e => {
                    const c = e.querySelector('mjx-container');
                    return c && c.getBoundingClientRect().width > e.clientWidth + 2;
                }).map(e => e.textContent.slice(0, 50))""")
            if cut:
                problems.append(f"{page} at {width} px: inline formulas wider than the column {cut}")
            distorted = browser.execute_script("""
                return Array.from(document.querySelectorAll('article img')).filter(i =>
                    i.naturalWidth > 0 && i.clientHeight > 0 && Math.abs(
                        i.clientWidth / i.clientHeight / (i.naturalWidth / i.naturalHeight) - 1) > 0.02
                ).map(i => i.src.split('/').pop())""")
            if distorted:
                problems.append(f"{page} at {width} px: figures out of proportion {distorted}")
            switch = browser.find_elements(By.CSS_SELECTOR, "a.dlbook-language-switch")
            if switch:
                box = browser.execute_script(
                    "const e = arguments[0], r = e.getBoundingClientRect();"
                    "return [r.left, r.right, e.scrollWidth, e.clientWidth]", switch[0])
                if box[0] < 0 or box[1] > width or box[2] > box[3] + 1:
                    problems.append(f"{page} at {width} px: the language switch is cut {box}")
    assert not problems, "\n".join(problems)


def test_plots_side_by_side_stack_on_a_phone_and_stand_whole_on_a_desktop(site, server, browser, phone):
    """Chapter 4's activation functions (four columns of plots): on a phone four strips one
    under another, each as wide as the column at most and loaded; on a desktop the whole figure."""
    def shown(b):
        return b.execute_script("""
            const stack = document.querySelector('.dlbook-stacked');
            const whole = stack.previousElementSibling;
            stack.scrollIntoView();
            const strips = Array.from(stack.querySelectorAll('img'), i => {
                const r = i.getBoundingClientRect(); return [r.left, r.right, r.top, i.complete && i.naturalWidth > 0]; });
            return {whole: whole.getClientRects().length > 0, stack: stack.getClientRects().length > 0,
                    column: document.querySelector('article').getBoundingClientRect().right, strips: strips};""")

    page = f"{server}/en/04_multilayer_perceptrons.html"
    phone(390)
    visit(browser, page, all_math=False)
    WebDriverWait(browser, 10).until(lambda b: all(s[3] for s in shown(b)["strips"]))
    seen = shown(browser)
    assert seen["stack"] and not seen["whole"], seen
    strips = seen["strips"]
    assert len(strips) >= 2 and all(right <= seen["column"] + 1 for _, right, _, _ in strips), seen
    assert all(a[2] < b[2] for a, b in zip(strips, strips[1:])), f"not one under another: {strips}"
    as_desktop(browser)
    visit(browser, page, all_math=False)
    seen = shown(browser)
    assert seen["whole"] and not seen["stack"], seen


def test_print_to_pdf_typesets_every_formula_and_loads_every_figure_first(site, server, browser):
    """Formulas are typeset and figures load as the reader scrolls; the header's "Print to
    PDF" (window.print()) first does both for the whole page."""
    visit(browser, f"{server}/en/04_multilayer_perceptrons.html", all_math=False)
    state = """return [document.querySelectorAll('article .math').length,
                       Array.from(document.querySelectorAll('article .math'))
                            .filter(m => m.querySelector('mjx-container')).length,
                       Array.from(document.querySelectorAll('article img'))
                            .filter(i => !(i.complete && i.naturalWidth > 0)).length]"""
    formulas, typeset, unloaded = browser.execute_script(state)
    assert typeset < formulas / 2 and unloaded > 5, "a poor test page: most is ready on load"
    assert browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        window.print().then(() => done("printed"), (e) => done(String(e)));""") == "printed"
    formulas, typeset, unloaded = browser.execute_script(state)
    assert typeset == formulas and unloaded == 0, (formulas, typeset, unloaded)


@pytest.mark.parametrize("lang", notebooks.LANGUAGES)
def test_boxes_that_scroll_are_keyboard_stops_and_the_rest_are_not(site, server, browser, phone, lang):
    """On a phone, a code block, output, formula or table that scrolls sideways can be reached
    with the keyboard (tabindex 0) and one that fits is not a stop (-1): bilingual.js measures
    each as it comes into view (the build takes the theme's measuring of all at once out)."""
    phone(390)
    visit(browser, f"{server}/{lang}/01_preliminaries.html", all_math=True)
    # Not those in a closed solution: unseen, and no keyboard reaches them until it opens.
    boxes = browser.execute_script("""
        return Array.from(document.querySelectorAll("article pre, article div.math, article table"))
            .filter(e => !e.closest("details:not([open])"))""")
    assert len(boxes) >= 50
    browser.execute_async_script("""  // the reader scrolls through the chapter
        const done = arguments[arguments.length - 1];
        const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        (async () => {
            for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
                window.scrollTo(0, y);
                await frame();
            }
        })().then(() => done(true));""")

    def misjudged(b):
        stops = b.execute_script("""
            return arguments[0].map(e => [e.tabIndex, e.scrollWidth > e.clientWidth
                                          || e.scrollHeight > e.clientHeight])""", boxes)
        return stops, [s for s in stops if s[0] != (0 if s[1] else -1)]

    try:  # the observer's callbacks come a frame or two after the scrolling
        WebDriverWait(browser, 5).until(lambda b: not misjudged(b)[1])
    except TimeoutException:
        pass
    stops, wrong = misjudged(browser)
    assert not wrong, f"{len(wrong)} of {len(stops)} boxes misjudged, (tabIndex, scrolls): {wrong[:5]}"
    assert {tab for tab, _ in stops} == {0, -1}, "no box scrolls, or none fits: a poor test page"


def test_language_switch_keeps_the_section_and_the_search_query(site, server, browser):
    """The n-th section of a chapter leads to the n-th section of the other edition."""
    for lang, other in (("zh", "en"), ("en", "zh")):
        page = f"{lang}/03_softmax_regression.html"
        visit(browser, f"{server}/{page}", all_math=False)
        mine = browser.execute_script(
            "return Array.from(document.querySelectorAll('main section[id]'), s => s.id)")
        theirs = re.findall(r'<section\b[^>]*?\bid="([^"]+)"', (site / other / "03_softmax_regression.html")
                            .read_text(encoding="utf8"))
        assert len(mine) == len(theirs) >= 5, (len(mine), len(theirs))
        n = len(mine) // 2
        browser.get(f"{server}/{page}#{mine[n]}")
        browser.find_element(By.CSS_SELECTOR, "a.dlbook-language-switch").click()
        WebDriverWait(browser, 10).until(lambda b: f"/{other}/" in b.current_url)
        assert browser.current_url == f"{server}/{other}/03_softmax_regression.html#{theirs[n]}"

        browser.get(f"{server}/{lang}/search.html?q=softmax")
        browser.find_element(By.CSS_SELECTOR, "a.dlbook-language-switch").click()
        WebDriverWait(browser, 10).until(lambda b: f"/{other}/" in b.current_url)
        assert browser.current_url == f"{server}/{other}/search.html?q=softmax"


AXE = notebooks.ROOT / "node_modules" / "axe-core" / "axe.min.js"


def test_axe_finds_no_accessibility_violations(site, server, browser, phone):
    """axe-core (npm, package.json) on every page of both editions, at a phone's width."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser` (it runs `npm ci`).")
    phone(390)
    found = []
    for page in pages(site):
        visit(browser, f"{server}/{page}", all_math=True)
        browser.execute_script(AXE.read_text(encoding="utf8"))
        violations = browser.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ["violations"]})
               .then(r => done(r.violations.map(v => v.id + ": " + v.nodes.length + " ("
                     + v.nodes.slice(0, 2).map(n => n.target.join(" ")).join(", ") + ")")))
               .catch(e => done(["axe failed: " + e]));""")
        found += [f"{page}: {v}" for v in violations]
    assert not found, "\n".join(found)
