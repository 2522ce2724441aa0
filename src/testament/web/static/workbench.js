// The workbench's own script (no inline scripts: the Content-Security-Policy forbids them).
// 1. Opening a claim: the mark `#claim-N` named in the address is scrolled to and highlighted.
// 2. Review queues: one key per answer (buttons carry `data-key`), ignored while typing in a field.
// 3. htmx requests carry the session's CSRF token (from <meta name="csrf-token">).
"use strict";

(function () {
  function highlightTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^claim-\d+$/.test(id)) return;
    var mark = document.getElementById(id);
    if (!mark) return;
    document.querySelectorAll("mark.highlight").forEach(function (m) {
      m.classList.remove("highlight");
    });
    // a span cut by another goes on in marks with the same data-claim: light them all
    document.querySelectorAll('mark[data-claim="' + id.slice(6) + '"]').forEach(function (m) {
      m.classList.add("highlight");
    });
    mark.setAttribute("tabindex", "-1");
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = (event.key || "").toLowerCase();
    if (key.length !== 1) return;
    var button = document.querySelector('button[data-key="' + key + '"]');
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("DOMContentLoaded", highlightTarget);
  window.addEventListener("hashchange", highlightTarget);
  document.addEventListener("keydown", onKey);
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });
  document.addEventListener("htmx:afterSwap", function () {
    var review = document.getElementById("review");
    if (review) review.scrollIntoView({ block: "start" });
    var first = document.querySelector("[data-autofocus]");
    if (first) first.focus({ preventScroll: true });
  });
})();
