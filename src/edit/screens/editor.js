// The Beacon editor's one live part: a few moments after you stop typing
// in a page's form, the form is checked (as "Check without saving" does,
// nothing is saved) and the problems and things to check are replaced with
// the new ones. Without JavaScript the buttons do the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-check]");
  var results = document.getElementById("results");
  var status = document.getElementById("live-status");
  if (!form || !results || !status || !window.fetch || !window.FormData || !window.DOMParser) {
    return;
  }
  var timer = null;
  var running = false;
  var again = false;

  function announce() {
    var errors = results.querySelectorAll(".error-summary li").length;
    var advice = results.querySelectorAll(".check-summary li").length;
    var words = errors === 0 ? "No problems" : errors === 1 ? "1 problem" : errors + " problems";
    if (advice > 0) {
      words += advice === 1 ? ", 1 thing to check" : ", " + advice + " things to check";
    }
    status.textContent = "Checked: " + words + ". Not saved yet.";
  }

  function check() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    var data = new URLSearchParams(new FormData(form));
    data.set("action", "check");
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("results");
        if (!fresh) {
          return;
        }
        // Only the status line speaks; the summaries are read when visited.
        Array.prototype.forEach.call(fresh.querySelectorAll("[role]"), function (element) {
          element.removeAttribute("role");
        });
        results.innerHTML = fresh.innerHTML;
        announce();
      })
      .catch(function () { status.textContent = "Could not check just now. Use Check without saving."; })
      .then(function () {
        running = false;
        if (again) {
          again = false;
          check();
        }
      });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 500);
  });
})();
