// Every htmx request that fails is shown to the person, next to what they
// were doing: htmx swaps nothing on a 4xx/5xx or a network failure, so
// without this a value typed into the entry form would look saved.
//   4xx: the refusal text the server sent (its fragment's text);
//   5xx: "Chưa lưu — lỗi máy chủ…" (data-htmx-error-server on <body>);
//   no answer (offline, timeout): data-htmx-error-offline on <body>.
// What was typed stays in the field (htmx leaves the page as it was). The
// texts come translated from the base template (no inline script: CSP).
(function () {
  "use strict";
  var MAX_TEXT = 400;

  function bodyText(name, fallback) {
    var text = document.body && document.body.getAttribute(name);
    return text || fallback;
  }

  function serverText(xhr) {
    // The refusal a view wrote (e.g. a 403 fragment), as plain text.
    var html = (xhr && xhr.responseText) || "";
    if (!html) {
      return "";
    }
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.querySelector("[data-testid=refused], [role=alert], main") || doc.body;
    var text = (main ? main.textContent : "").replace(/\s+/g, " ").trim();
    return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + "…" : text;
  }

  function place(detail) {
    // Where the answer would have gone; the whole page has a banner instead.
    var target = detail.target;
    if (target && target !== document.body && target.isConnected) {
      return target;
    }
    var banner = document.getElementById("htmx-error-banner");
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "htmx-error-banner";
      var main = document.querySelector("main") || document.body;
      main.insertBefore(banner, main.firstChild);
    }
    return banner;
  }

  function show(detail, message, kind) {
    var box = document.createElement("div");
    box.className = "alert alert-danger small py-1 px-2 my-1";
    box.setAttribute("role", "alert");
    box.setAttribute("data-testid", "htmx-error");
    box.setAttribute("data-kind", kind);
    box.textContent = message;
    var where = place(detail);
    where.replaceChildren(box);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var status = xhr ? xhr.status : 0;
    var fallback = bodyText("data-htmx-error-server", "Server error");
    if (status >= 400 && status < 500) {
      show(event.detail, serverText(xhr) || bodyText("data-htmx-error-refused", fallback), "refused");
    } else {
      show(event.detail, fallback, "server");
    }
  });

  function offline(event) {
    show(event.detail, bodyText("data-htmx-error-offline", "Offline"), "offline");
  }

  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:timeout", offline);
})();
