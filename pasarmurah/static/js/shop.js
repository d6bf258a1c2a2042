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

  // Product gallery: a thumbnail shows its photo as the main image. Without JavaScript the thumbnail is a
  // plain link to the large photo.
  document.addEventListener("click", function (event) {
    var thumb = event.target.closest ? event.target.closest("[data-gallery-full]") : null;
    if (!thumb) { return; }
    var main = document.getElementById("gallery-main");
    if (!main) { return; }
    event.preventDefault();
    main.src = thumb.getAttribute("data-gallery-full");
    main.alt = thumb.getAttribute("data-gallery-alt") || main.alt;
    document.querySelectorAll("[data-gallery-full]").forEach(function (other) {
      other.classList.toggle("active", other === thumb);
      if (other === thumb) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
    });
  });

  // Search suggestions (filled by htmx): close with Escape or a click elsewhere; empty when the box is.
  function clearSuggestions() {
    var box = document.getElementById("search-suggestions");
    if (box) { box.innerHTML = ""; }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clearSuggestions(); }
  });
  document.addEventListener("click", function (event) {
    var form = document.getElementById("search-form");
    if (form && !form.contains(event.target)) { clearSuggestions(); }
  });
  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "search-input" && event.target.value.trim().length < 2) {
      clearSuggestions();
    }
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

  // Hearts on product cards. Cards are cached for every visitor, so they carry no per-person state: the
  // member's wished products come from <body data-wished-ids> and from each toggle's "wishlist-changed" event.
  function wishedIds() {
    try { return new Set(JSON.parse(document.body.dataset.wishedIds || "[]")); } catch (e) { return new Set(); }
  }
  function markHeart(heart, wished) {
    heart.classList.toggle("is-wished", wished);
    heart.setAttribute("aria-pressed", wished ? "true" : "false");
    var label = wished ? heart.dataset.labelOn : heart.dataset.labelOff;
    if (label) { heart.setAttribute("aria-label", label); heart.setAttribute("title", label); }
    var icon = heart.querySelector("i");
    if (icon) { icon.className = wished ? "bi bi-heart-fill" : "bi bi-heart"; }
  }
  function markHearts(root) {
    var ids = wishedIds();
    (root || document).querySelectorAll(".card-heart[data-product-id]").forEach(function (heart) {
      markHeart(heart, ids.has(Number(heart.dataset.productId)));
    });
  }
  document.addEventListener("DOMContentLoaded", function () { markHearts(document); });
  document.addEventListener("htmx:load", function (event) { markHearts(event.target); });
  document.addEventListener("wishlist-changed", function (event) {
    var detail = event.detail || {};
    var ids = wishedIds();
    if (detail.wished) { ids.add(detail.id); } else { ids.delete(detail.id); }
    document.body.dataset.wishedIds = JSON.stringify(Array.from(ids));
    markHearts(document);
  });
})();
