// The web page's behaviour: filters by stage and voice, and the evidence panel.
// Findings are already on the page as list items (#f1, #f2, ...), written as text by the server;
// this script only copies those nodes and toggles classes. It never builds HTML from strings.
"use strict";

(function () {
  const doc = document.getElementById("doc");
  if (!doc) return;
  const panel = document.getElementById("panel");
  const panelList = document.getElementById("panel-list");

  function finding(n) {
    return document.getElementById("f" + n);
  }

  function numbers(el) {
    return (el.getAttribute("data-f") || "").split(" ").filter(Boolean);
  }

  // -- evidence panel -------------------------------------------------------------------------
  function openPanel(nums) {
    panelList.replaceChildren();
    for (const n of nums) {
      const item = finding(n);
      if (!item || item.classList.contains("filtered")) continue;
      const copy = item.cloneNode(true);
      copy.removeAttribute("id");
      copy.setAttribute("data-n", n);
      panelList.appendChild(copy);
    }
    if (!panelList.children.length) return;
    panel.hidden = false;
    document.body.classList.add("with-panel");
  }

  function closePanel() {
    panel.hidden = true;
    document.body.classList.remove("with-panel");
  }

  doc.addEventListener("click", function (event) {
    const target = event.target.closest("mark.f, span.badge");
    if (!target || target.classList.contains("off")) return;
    event.preventDefault();
    openPanel(numbers(target));
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closePanel();
  });

  // -- filters ----------------------------------------------------------------------------------
  const filters = document.getElementById("filters");

  function hidden(kind) {
    const off = new Set();
    for (const box of filters.querySelectorAll('input[data-filter="' + kind + '"]')) {
      if (!box.checked) off.add(box.value);
    }
    return off;
  }

  function apply() {
    const stages = hidden("stage");
    const voices = hidden("voice");
    const visible = new Map();
    for (const item of document.querySelectorAll("ol.findings > li[id^='f']")) {
      const voice = item.getAttribute("data-voice");
      const shown = !stages.has(item.getAttribute("data-stage")) && !(voice && voices.has(voice));
      item.classList.toggle("filtered", !shown);
      visible.set(item.id.slice(1), shown);
    }
    for (const mark of doc.querySelectorAll("mark.f")) {
      const shown = numbers(mark).filter((n) => visible.get(n));
      mark.classList.toggle("off", shown.length === 0);
    }
    for (const el of doc.querySelectorAll("span.badge, .blk[data-f]")) {
      const nums = numbers(el);
      const own = (el.getAttribute("data-stages") || "").split(" ").filter(Boolean);
      const off = nums.length
        ? !nums.some((n) => visible.get(n))
        : own.length > 0 && own.every((s) => stages.has(s));
      el.classList.toggle("off", off);
    }
    doc.classList.toggle("no-boilerplate", !document.getElementById("t-boilerplate").checked);
  }

  filters.addEventListener("change", apply);
  apply();
})();
