// Pasar Murah front-end glue. Loaded as a file (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  // Dismiss success messages after a while so they do not pile up on small screens.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#messages .alert-success").forEach(function (alert) {
      window.setTimeout(function () {
        if (window.bootstrap) { window.bootstrap.Alert.getOrCreateInstance(alert).close(); }
      }, 6000);
    });
  });

  // Registration: the optional address fields show only when "add my address" is ticked.
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("id_add_address");
    var fields = document.querySelector(".register-address");
    if (!box || !fields) { return; }
    var sync = function () { fields.classList.toggle("is-hidden", !box.checked); };
    box.addEventListener("change", sync);
    sync();
  });
})();
