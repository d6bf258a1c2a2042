// The counter's payment form: show the change as the cashier types the cash received (the server computes
// it again when the sale is placed, and the receipt prints the server's figure).
(function () {
  "use strict";
  const form = document.getElementById("payment");
  if (!form) return;
  const total = parseInt(form.dataset.total, 10);
  const input = document.getElementById("id_amount_received");
  const out = document.getElementById("counter-change");
  const rupiah = new Intl.NumberFormat("id-ID");
  function update() {
    const cash = parseInt(input.value, 10);
    out.textContent = Number.isNaN(cash) ? out.dataset.none : (cash < total ? "−" : "") + "Rp\u00a0" + rupiah.format(Math.abs(cash - total));
    out.classList.toggle("text-danger", !Number.isNaN(cash) && cash < total);
  }
  input.addEventListener("input", update);
})();
