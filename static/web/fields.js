/* What viewflow's form components leave out for assistive technology, added once they have drawn
   (docs/architecture.md "viewflow's templates"; tests/browser/test_accessibility.py):

   - a field's help or error text is linked to its real control (aria-describedby), and a field
     with an error marks its control aria-invalid;
   - the select's anchor is a combobox (ARIA 1.2's select-only pattern), the role that may carry
     aria-required, not a button;
   - the file field's hidden input is labelled by the field's label, and its icon-only buttons
     have names in the page's language (the words come from this script's data attributes);
   - the date picker's buttons have names in the page's language (viewflow writes "cancel"/"ok",
     and its month arrows have none), and so has the drawer's account-menu arrow;
   - icon ligatures (<i class="material-icons">edit</i>) are hidden from screen readers: the word
     is the icon's English name, not text.

   viewflow's components draw themselves on connection and again on a Turbo visit, so the fixes
   run on every change of the page's elements; each only sets what differs. */
(function () {
  "use strict";
  var words = document.currentScript ? document.currentScript.dataset : {};

  // The date picker's two words as pages.css draws them, set through the CSSOM (which the CSP
  // does not govern): an inline <style> would carry the nonce of its own response, refused on a
  // Turbo visit, whose page is parsed under the policy of the page first loaded.
  if (words.cancel) document.documentElement.style.setProperty("--permits-calendar-cancel", JSON.stringify(words.cancel));
  if (words.ok) document.documentElement.style.setProperty("--permits-calendar-ok", JSON.stringify(words.ok));

  function set(element, name, value) {
    if (element && element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function describeFields(root) {
    root.querySelectorAll("vf-field-input, vf-field-password, vf-field-textarea, vf-field-date, " +
      "vf-field-select, vf-field-checkbox, vf-field-radio-select, vf-field-file").forEach(function (field) {
      var id = field.getAttribute("id");
      if (!id) return;
      // Django writes these on the widget, which viewflow turns into this element, not a control
      // (and its aria-describedby names a help text id that viewflow never draws).
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
      var control = field.querySelector("#" + CSS.escape(id + "_control")) ||
        field.querySelector("#" + CSS.escape(id + "_input_control")) ||
        field.querySelector(".mdc-select__anchor") ||
        field.querySelector("input:not([type=hidden]), textarea");
      var help = field.querySelector(".mdc-text-field-helper-text, .mdc-select-helper-text");
      var controls = field.tagName === "VF-FIELD-RADIO-SELECT"
        ? field.querySelectorAll("input[type=radio]") : (control ? [control] : []);
      controls.forEach(function (each) {
        if (help) {
          set(help, "id", id + "_help");
          set(each, "aria-describedby", id + "_help");
        }
        if (field.hasAttribute("error")) set(each, "aria-invalid", "true");
      });
    });
  }

  function fixSelects(root) {
    root.querySelectorAll(".mdc-select__anchor[role=button]").forEach(function (anchor) {
      anchor.setAttribute("role", "combobox");
      var list = anchor.parentElement.querySelector("[role=listbox]");
      if (list) {
        if (!list.id) list.id = (anchor.getAttribute("aria-labelledby") || "select").split(" ")[0] + "_list";
        set(anchor, "aria-controls", list.id);
      }
    });
  }

  function fixFiles(root) {
    root.querySelectorAll("vf-field-file").forEach(function (field) {
      var id = field.getAttribute("id");
      var input = field.querySelector("input.vf-field__file-input");
      if (input && id) set(input, "aria-labelledby", id + "_input_label");
      var label = field.getAttribute("label") || "";
      var choose = field.querySelector("button.vf-text-field__button");
      if (choose && words.chooseFile) set(choose, "aria-label", words.chooseFile + (label ? " · " + label : ""));
      var download = field.querySelector("a.vf-text-field__link");
      if (download && words.download) set(download, "aria-label", words.download);
    });
  }

  function fixCalendar(root) {
    root.querySelectorAll(".vf-calendar__actions [data-mdc-dialog-action]").forEach(function (button) {
      var word = button.dataset.mdcDialogAction === "accept" ? words.ok : words.cancel;
      if (word) set(button, "aria-label", word);
    });
    [[".vf-calendar__prev", words.previousMonth], [".vf-calendar__next", words.nextMonth]].forEach(function (pair) {
      root.querySelectorAll(pair[0]).forEach(function (button) {
        if (pair[1]) set(button, "aria-label", pair[1]);
      });
    });
  }

  function nameMenuToggle(root) {
    // The drawer's arrow under the user's name opens the account menu (profile, log out).
    root.querySelectorAll(".vf-page__menu-toggle-button").forEach(function (button) {
      if (words.accountMenu) set(button, "aria-label", words.accountMenu);
    });
  }

  function hideIcons(root) {
    root.querySelectorAll(".material-icons:not([aria-hidden])").forEach(function (icon) {
      // An icon-only button drawn as the icon itself carries its own aria-label: keep it.
      if (icon.matches("button, a, [role=button], [tabindex]:not([tabindex='-1'])")) return;
      icon.setAttribute("aria-hidden", "true");
    });
  }

  function fix() {
    var root = document.body;
    if (!root) return;
    describeFields(root);
    fixSelects(root);
    fixFiles(root);
    fixCalendar(root);
    nameMenuToggle(root);
    hideIcons(root);
  }

  // The fixes run in the observer's callback, a microtask after the change: before the browser
  // paints or runs its next task, so no reader (a screen reader, axe) meets the markup unfixed.
  // (Deferring them to the next animation frame left a window in which a form redrawn with its
  // errors still had viewflow's role=button anchor.) Only the roles are watched among attributes:
  // the fixes' own aria-* and id changes do not call them again, and a role they set calls them
  // once more with nothing left to do.
  new MutationObserver(fix).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["role"],
  });
  document.addEventListener("DOMContentLoaded", fix);
  document.addEventListener("turbo:load", fix);
})();
