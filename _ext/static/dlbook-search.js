// Search results show prose: the snippet leaves out math (raw TeX before MathJax runs),
// code, outputs, the page's table of contents and the header.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined") return;  // searchtools.js: a global `const`
  const skip = [".headerlink", "script", "style", ".math", "math", "mjx-container",
    "nav", ".onlyprint", "#jb-print-docs-body", ".bd-sidebar-secondary", ".d-print-none",
    ".cell_input", ".cell_output", "div.highlight", "pre", "details", ".dlbook-language-switch"];
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(skip.join(",")).forEach((el) => el.remove());
    let root = null;
    if (anchor) root = doc.querySelector(`article ${anchor}`);
    root = root || doc.querySelector("article") || doc.querySelector('[role="main"]');
    return root ? root.textContent.replace(/\s+/g, " ").trim() : "";
  };
});
