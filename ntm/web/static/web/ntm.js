// Behaviour that templates ask for with data- attributes. The
// Content-Security-Policy allows no inline script (no onchange="...").
//   <select data-autosubmit>          submits its form when changed
//   <form data-confirm="Xoá mốc này?"> asks before submitting
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    }
  }, true);
})();
