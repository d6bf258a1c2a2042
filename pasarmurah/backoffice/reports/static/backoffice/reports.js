// Reports: sortable tables (a click on a column's button sorts by it, again reverses), the custom dates shown
// only for the custom period, and the print button. No inline script, so the strict CSP holds.
(function () {
  "use strict";

  function sortTable(button) {
    var table = button.closest("table");
    var body = table.tBodies[0];
    var index = Number(button.dataset.sortColumn);
    var numeric = button.dataset.numeric === "1";
    var ascending = button.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    table.querySelectorAll(".sort-button").forEach(function (other) { other.removeAttribute("aria-sort"); });
    button.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    button.closest("th").setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows).filter(function (row) { return row.cells.length > index; });
    rows.sort(function (a, b) {
      var x = a.cells[index].dataset.sort || "";
      var y = b.cells[index].dataset.sort || "";
      var result = numeric ? (Number(x) || 0) - (Number(y) || 0) : x.localeCompare(y, "id");
      return ascending ? result : -result;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function toggleCustom(form) {
    var preset = form.querySelector("[name=periode]");
    if (!preset) { return; }
    var custom = preset.value === "kustom";
    form.querySelectorAll(".period-custom").forEach(function (box) { box.hidden = !custom; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".sort-button").forEach(function (button) {
      button.addEventListener("click", function () { sortTable(button); });
    });
    var form = document.getElementById("period-form");
    if (form) {
      toggleCustom(form);
      form.addEventListener("change", function () { toggleCustom(form); });
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
