// "返回" links (a[data-back]) go back in the browser's history; without history they follow
// their href. A static file, not javascript: in the link, so the CSP can forbid inline code.
(function () {
  "use strict";
  document.querySelectorAll("a[data-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
})();
