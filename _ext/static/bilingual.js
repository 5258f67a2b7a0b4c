// Math is typeset as it comes near the screen (the build sets MathJax's startup.typeset
// to false): a chapter has hundreds of formulas, and typesetting them all at once kept a
// phone busy for seconds and added thousands of elements to the page.
(function () {
  "use strict";
  if (!window.MathJax || !MathJax.startup || !MathJax.startup.promise) return;
  MathJax.startup.promise.then(() => {
    let chain = Promise.resolve();
    const observer = new IntersectionObserver((entries) => {
      const visible = entries.filter((e) => e.isIntersecting).map((e) => e.target);
      if (!visible.length) return;
      visible.forEach((el) => observer.unobserve(el));
      chain = chain.then(() => MathJax.typesetPromise(visible)).catch((e) => console.warn(e));
    }, {rootMargin: "800px 0px"});
    document.querySelectorAll("main .math").forEach((el) => observer.observe(el));
  });
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
