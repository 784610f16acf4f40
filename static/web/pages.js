/*
 * Small page behaviours that need a script (the Content-Security-Policy allows no inline one).
 * Loaded on every page after viewflow's bundle (templates/viewflow/base_page.html).
 *
 * 1. <details data-open-wide> (the work queue's filters) is folded on a phone, where the filters
 *    filled the first screen, and open on a wider screen.
 * 2. A button with data-print prints the page (the print stylesheet in
 *    static/web/pages.css leaves the navigation out).
 * 3. A <fieldset data-return-items data-for-decision="return"> (the task page's items to correct)
 *    is shown only while its form's decision is that one; when shown without a row it gets one,
 *    and its [data-add-item] button adds a row from its <template data-item-template> in place
 *    (without a script the fieldset is always shown and the button posts for one more row).
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

  function addItemRow(fieldset) {
    var template = fieldset.querySelector("template[data-item-template]");
    var total = fieldset.querySelector("input[name$='-TOTAL_FORMS']");
    var body = fieldset.querySelector("tbody");
    if (!template || !total || !body) {
      return false;
    }
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    return true;
  }

  function returnItemsFollowDecision() {
    document.querySelectorAll("fieldset[data-return-items]").forEach(function (fieldset) {
      var form = fieldset.form || fieldset.closest("form");
      if (!form) {
        return;
      }
      var chosen = form.querySelector("input[name=decision]:checked");
      var shown = !!chosen && chosen.value === fieldset.dataset.forDecision;
      var box = fieldset.closest("[data-return-items-box]") || fieldset;
      box.hidden = !shown;
      if (shown && !fieldset.querySelector("tbody tr")) {
        addItemRow(fieldset);
      }
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
    var add = event.target.closest("[data-add-item]");
    var fieldset = add && add.closest("fieldset[data-return-items]");
    if (fieldset && addItemRow(fieldset)) {
      event.preventDefault();
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[name=decision]")) {
      returnItemsFollowDecision();
    }
  });

  function onPage() {
    foldedOnPhones();
    returnItemsFollowDecision();
  }

  document.addEventListener("turbo:load", onPage);
  document.addEventListener("turbo:render", onPage);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
