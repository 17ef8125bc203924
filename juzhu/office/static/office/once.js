/* A form is sent once: every POST form carries a one-time token (juzhu/idempotency.py answers a
   second request with the same token with the first one's answer, issue 8 finding 3), and its
   submit buttons are disabled while it is being sent. A page restored by "Back" gets new tokens. */
(function () {
  "use strict";

  function newToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function arm(form) {
    var input = form.querySelector('input[name="form_token"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "form_token";
      form.appendChild(input);
    }
    input.value = newToken();
    form.querySelectorAll('button[type="submit"], input[type="submit"]').forEach(function (button) {
      button.disabled = false;
    });
  }

  function posted() {
    return Array.prototype.filter.call(document.forms, function (form) {
      return (form.getAttribute("method") || "").toLowerCase() === "post";
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    // After the browser has taken the form's data (a disabled button would not be sent).
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"], input[type="submit"]').forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });
  window.addEventListener("pageshow", function (event) { if (event.persisted) { posted().forEach(arm); } });
  posted().forEach(arm);
})();
