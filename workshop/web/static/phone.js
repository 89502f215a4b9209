// Progressive extras for the phone pages; every page works without them.
// 1. A live character counter under each answer box (the kiosk shows the same "n / 2000").
// 2. Follow the session: ask the server every few seconds whether the question, round or phase has
//    changed, and load the new page when it has (no reload to ask for by hand).
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-counter]").forEach(function (box) {
    var counter = document.getElementById(box.getAttribute("data-counter"));
    var limit = box.getAttribute("maxlength");
    if (!counter) return;
    var show = function () { counter.textContent = box.value.length + " / " + limit; };
    box.addEventListener("input", show);
    show();
  });
  var body = document.body;
  var url = body.getAttribute("data-state-url");
  var state = body.getAttribute("data-state");
  if (!url || !window.fetch) return;
  // The remote keeps what the facilitator is typing (notes): it reloads once the box is left unchanged.
  var keepEdits = body.hasAttribute("data-keep-edits");
  function edited() {
    return Array.prototype.some.call(document.querySelectorAll("textarea, input[type=text]"), function (box) {
      return box === document.activeElement || box.value !== box.defaultValue;
    });
  }
  var misses = 0;
  function check() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        misses = 0;
        if (data.state !== state && !(keepEdits && edited())) { window.location.reload(); return; }
        setTimeout(check, 2000);
      })
      .catch(function () { misses += 1; if (misses < 100) setTimeout(check, 5000); });
  }
  setTimeout(check, 2000);
})();
