"use strict";
// Starts ReDoc without an inline script (the pages' Content Security Policy allows same-origin scripts only).
(function () {
  const container = document.getElementById("redoc-container");
  const settings = JSON.parse(document.getElementById("redoc-settings").textContent);
  Redoc.init(container.dataset.schemaUrl, settings, container);
})();
