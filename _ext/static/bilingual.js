// A box that scrolls sideways (code, an output, a display formula, a table) is a keyboard
// stop, so a reader without a mouse can scroll it too; a box that fits is not. The build gives
// every such box tabindex="0"; each is measured when it comes into view (measuring them all at
// once, as pydata-sphinx-theme does on load, lays out the whole chapter: tools/build_site.py
// takes that call out of the theme's script).
(function () {
  "use strict";
  const BOXES = "pre, .cell_output > .output, div.math, .bd-article table, .pst-scrollable-table-container";
  function tabStop(el) {
    el.tabIndex = el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight ? 0 : -1;
  }
  window.dlbookTabStop = tabStop;
  const inView = new Set();
  const observer = new IntersectionObserver((entries) => {
    entries.forEach((e) => {
      if (e.isIntersecting) { inView.add(e.target); tabStop(e.target); } else inView.delete(e.target);
    });
  });
  document.querySelectorAll(BOXES).forEach((el) => observer.observe(el));
  let timer = null;  // a new width: the boxes in view again (the rest as they come into view)
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(() => inView.forEach(tabStop), 300);
  });
})();

// Math: MathJax is fetched when the first formula comes near the screen, not with the page
// (_ext/bilingual.py takes its script tag out, so that its 270 kB do not compete with the page's
// own files before the first paint), and formulas are typeset as they come near the screen
// (the build sets MathJax's startup.typeset to false): a chapter has hundreds of formulas,
// and typesetting them all at once kept a phone busy for seconds.
(function () {
  "use strict";
  const src = document.currentScript && document.currentScript.dataset.mathjax;
  const formulas = document.querySelectorAll("main .math");
  if (!src || !formulas.length) return;
  let loaded = null;
  function mathjax() {  // MathJax, loaded once and started
    loaded = loaded || new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => MathJax.startup.promise.then(resolve, reject);
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loaded;
  }
  window.dlbookMathJax = mathjax;  // tests/test_browser.py typesets every formula with it
  let chain = Promise.resolve();
  const observer = new IntersectionObserver((entries) => {
    const visible = entries.filter((e) => e.isIntersecting).map((e) => e.target);
    if (!visible.length) return;
    visible.forEach((el) => observer.unobserve(el));
    chain = chain.then(mathjax).then(() => MathJax.typesetPromise(visible))
      .then(() => visible.forEach(dlbookTabStop))  // a typeset formula may now scroll
      .catch((e) => console.warn(e));
  }, {rootMargin: "800px 0px"});
  formulas.forEach((el) => observer.observe(el));
})();

// Print to PDF (the header's button calls window.print()): every formula typeset and every
// figure loaded first, as a printed page cannot wait for the reader to scroll to them.
(function () {
  "use strict";
  const print = window.print.bind(window);
  window.print = function () {
    const images = Array.from(document.querySelectorAll("article img"));
    images.forEach((img) => { img.loading = "eager"; });
    const math = window.dlbookMathJax ? dlbookMathJax().then(() => MathJax.typesetPromise())
                                      : Promise.resolve();
    return Promise.all([math, ...images.map((img) => img.decode().catch(() => null))])
      .then(print, print);
  };
})();

// The language switch keeps where the reader is: the section (the editions' notebooks have
// the same headings in the same order, so the n-th section here is the n-th there; the
// build writes the other page's section anchors into data-anchors) and a search query.
(function () {
  "use strict";
  function currentSection(ids) {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash && ids.includes(hash)) return ids.indexOf(hash);
    if (window.scrollY < 50) return -1;
    let found = -1;
    ids.forEach((id, i) => {
      const el = document.getElementById(id);
      if (el && el.getBoundingClientRect().top < 100) found = i;
    });
    return found;
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.dlbook-language-switch");
    if (!link) return;
    const url = new URL(link.getAttribute("href"), location.href);
    url.search = location.search;
    const mine = Array.from(document.querySelectorAll("main section[id]"), (s) => s.id);
    const theirs = (link.dataset.anchors || "").split(" ").filter(Boolean);
    const index = currentSection(mine);
    if (index >= 0 && index < theirs.length) url.hash = theirs[index];
    if (url.href !== link.href) {
      event.preventDefault();
      location.href = url.href;
    }
  });
})();
