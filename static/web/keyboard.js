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
 * 3. A table's scrolling box (.permits-scroll, labelled by its section's heading) is a Tab stop
 *    only while its table is wider than the box, so that the keyboard can scroll it; a box with
 *    nothing to scroll is not a stop. Checked whenever the box or its table changes size (a
 *    phone turned, a window narrowed). The markup's tabindex="0" holds where no script runs.
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

  function scrollStop(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
    } else if (box !== document.activeElement) {
      box.removeAttribute("tabindex");
    }
  }

  var resized = window.ResizeObserver
    ? new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
          var box = entry.target.closest(".permits-scroll");
          if (box) {
            scrollStop(box);
          }
        });
      })
    : null;

  function scrollStops() {
    if (resized) {
      resized.disconnect(); // the boxes of the page Turbo replaced
    }
    document.querySelectorAll(".permits-scroll").forEach(function (box) {
      scrollStop(box);
      if (resized) {
        resized.observe(box);
        if (box.firstElementChild) {
          resized.observe(box.firstElementChild);
        }
      }
    });
  }

  function pageReady() {
    drawerReachable();
    summaryFocused();
    scrollStops();
  }

  document.addEventListener("turbo:load", pageReady);
  document.addEventListener("turbo:render", pageReady);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", pageReady);
  } else {
    pageReady();
  }
})();
