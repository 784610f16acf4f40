/*
 * Keyboard use of viewflow's page frame (issue 11; docs/architecture.md "Keyboard and small
 * screens"). Loaded on every page after viewflow's bundle (templates/viewflow/base_page.html).
 *
 * 1. The drawer's links and the logout button take part in the Tab order. viewflow's drawer is
 *    a Material list, whose script sets tabindex="-1" on every item (a "roving" tab stop it then
 *    never hands out) and again whenever focus leaves an item: each such tabindex is taken off
 *    as soon as it is set. The arrow keys still move through the list.
 * 2. After a failed submit, focus goes to the error summary (its autofocus does this on a full
 *    page load; a page Turbo renders in place needs this), and a link of the summary focuses
 *    its field, not only scrolls to it.
 *
 * The Content-Security-Policy allows no inline script, hence this file.
 */
(function () {
  "use strict";
  if (window.permitsKeyboard) {
    return; // loaded again by a Turbo visit: the observer and listeners are in place already
  }
  window.permitsKeyboard = true;

  var DRAWER_ITEM = ".vf-page__menu a.mdc-list-item, .vf-page__menu button.mdc-list-item";
  var FIELD = "input:not([type=hidden]), select, textarea, [role=combobox], [tabindex]";

  function reachable(element) {
    if (element.matches(DRAWER_ITEM) && element.getAttribute("tabindex") === "-1") {
      element.removeAttribute("tabindex");
    }
  }

  function drawerReachable() {
    document.querySelectorAll(DRAWER_ITEM).forEach(reachable);
  }

  function summaryFocused() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && !summary.contains(document.activeElement)) {
      summary.focus();
    }
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") {
        reachable(record.target);
      }
    });
  }).observe(document.documentElement, {
    subtree: true,
    attributes: true,
    attributeFilter: ["tabindex"],
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) {
      return;
    }
    var field = target.matches(FIELD) ? target : target.querySelector(FIELD);
    if (field) {
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      field.focus();
    }
  });

  function pageReady() {
    drawerReachable();
    summaryFocused();
  }

  document.addEventListener("turbo:load", pageReady);
  document.addEventListener("turbo:render", pageReady);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", pageReady);
  } else {
    pageReady();
  }
})();
