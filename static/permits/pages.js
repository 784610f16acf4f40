/*
 * Small page behaviours that need a script (the Content-Security-Policy allows no inline one).
 * Loaded on every page after viewflow's bundle (templates/viewflow/base_page.html).
 *
 * 1. <details data-open-wide> (the work queue's filters) is folded on a phone, where the filters
 *    filled the first screen, and open on a wider screen.
 * 2. A button with data-print prints the page (the print stylesheet in
 *    templates/permits/includes/style.html leaves the navigation out).
 */
(function () {
  "use strict";
  if (window.permitsPages) {
    return; // loaded again by a Turbo visit: the listeners are in place already
  }
  window.permitsPages = true;

  var WIDE = window.matchMedia("(min-width: 600px)");

  function foldedOnPhones() {
    if (!WIDE.matches) {
      return;
    }
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("turbo:load", foldedOnPhones);
  document.addEventListener("turbo:render", foldedOnPhones);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", foldedOnPhones);
  } else {
    foldedOnPhones();
  }
})();
