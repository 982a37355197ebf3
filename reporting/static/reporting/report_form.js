/* The annual report form, for browsers that run scripts; without them the page works as it is (one empty NGO row,
   saved to get another; units as last saved).
   - "Add another NGO" copies the formset's empty row (its <template>) and counts it in TOTAL_FORMS.
   - Changing a line's currency changes the unit printed beside its amounts. */
(function () {
  "use strict";

  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.getAttribute("data-formset");
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = box.querySelector("template");
    var button = box.querySelector("[data-add-row]");
    if (!total || !template || !button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      box.querySelector("[data-rows]").appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("select, input:not([type=hidden]), textarea");
      if (first) first.focus();
    });
  });

  document.querySelectorAll("fieldset.report-line").forEach(function (line) {
    var currency = line.querySelector('select[name$="-currency"]');
    if (!currency) return;
    function showUnits() {
      line.querySelectorAll(".unit[data-unit-pattern]").forEach(function (unit) {
        unit.textContent = currency.value === "VND"
          ? unit.getAttribute("data-unit-vnd")
          : unit.getAttribute("data-unit-pattern").replace("{currency}", currency.value);
      });
    }
    currency.addEventListener("change", showUnits);
    // A browser that restores a form's values (back, reload) changes the menu without a change event.
    showUnits();
  });
})();
