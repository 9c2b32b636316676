// The Beacon editor's live parts. A few moments after you stop typing in
// a form, it is checked (nothing is saved) and the problems and things to
// check are replaced with the new ones; on a page's form the same answer
// brings the unsaved page for the preview frames. Without JavaScript the
// buttons do the same. Below: the page text's toolbar and the filter of
// help services.
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

  // Puts a fresh results block in place; only the status line speaks,
  // the summaries are read when visited.
  function show(fresh) {
    if (!fresh) {
      return;
    }
    Array.prototype.forEach.call(fresh.querySelectorAll("[role]"), function (element) {
      element.removeAttribute("role");
    });
    results.innerHTML = fresh.innerHTML;
    announce();
  }

  function parse(html) {
    return new DOMParser().parseFromString(html, "text/html").getElementById("results");
  }

  function post(address, data) {
    return fetch(address, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    });
  }

  // A page form asks its live address: one answer with the results and
  // the unsaved page. Other forms re-run their own check and take the
  // results from the screen that comes back.
  function ask(data) {
    var live = form.getAttribute("data-live");
    var address = live || form.getAttribute("action");
    if (!live) {
      data.set("action", "check");
    }
    return post(address, data).then(function (response) {
      if (!live) {
        return response.text().then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          return { results: fresh.getElementById("results"), inline: inlineOf(fresh) };
        });
      }
      return response.json().then(function (answer) {
        return { results: parse(answer.results), inline: answer.inline || {}, preview: answer.preview, live: true };
      });
    });
  }

  // Each field's inline errors in a screen the server sent, by key.
  function inlineOf(fresh) {
    var inline = {};
    Array.prototype.forEach.call(fresh.querySelectorAll(".field--error"), function (field) {
      var messages = field.querySelectorAll(".error-message");
      var id = messages.length > 0 ? messages[0].id : "";
      var key = id.replace(/^field-/, "").replace(/-error$/, "");
      if (key) {
        inline[key] = Array.prototype.map.call(messages, function (m) { return m.outerHTML; }).join("");
      }
    });
    return inline;
  }

  // The fields' inline errors, made to agree with the new check: each
  // field's red bar and messages go, then those the check found are put
  // back after the field's hint, as the server writes them.
  function showInline(inline) {
    Array.prototype.forEach.call(form.querySelectorAll(".field--error"), function (field) {
      field.classList.remove("field--error");
      Array.prototype.forEach.call(field.querySelectorAll(".error-message"), function (message) {
        message.parentNode.removeChild(message);
      });
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (control) {
      control.removeAttribute("aria-invalid");
      control.setAttribute("aria-describedby", control.id + "-hint");
    });
    Object.keys(inline).forEach(function (key) {
      var hint = document.getElementById("field-" + key + "-hint");
      var control = document.getElementById("field-" + key);
      var field = hint && hint.closest(".field");
      if (!field || !control) {
        return;
      }
      hint.insertAdjacentHTML("afterend", inline[key]);
      field.classList.add("field--error");
      if (control.tagName !== "FIELDSET") {
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", "field-" + key + "-hint field-" + key + "-error");
      }
    });
  }

  function check() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    ask(new URLSearchParams(new FormData(form)))
      .then(function (answer) {
        show(answer.results);
        showInline(answer.inline);
        if (answer.live) {
          preview(answer.preview);
        } else if (form.hasAttribute("data-preview")) {
          return previewOf(new URLSearchParams(new FormData(form)));
        }
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

  // A form without a live address (a help service's) asks for its
  // preview apart: the page it shows, with the form as it is now.
  function previewOf(data) {
    return post(form.getAttribute("data-preview"), data).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(preview);
  }

  // The preview frames show the unsaved page, rendered by the theme, or
  // say why they cannot yet.
  function preview(page) {
    var frames = document.querySelectorAll("iframe.preview");
    var heading = document.getElementById("preview-heading");
    var hint = document.getElementById("preview-hint");
    if (frames.length === 0 || !heading || !hint) {
      return;
    }
    if (typeof page !== "string") {
      hint.textContent = "It shows your changes once the problems above are fixed.";
      return;
    }
    Array.prototype.forEach.call(frames, function (frame) { frame.srcdoc = page; });
    heading.textContent = "Preview of your changes";
    hint.textContent = "Not saved yet: it shows what you have typed.";
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 500);
  });
})();

// The page text's toolbar and the help-services filter: sent inert in
// <template>s, put in place here. Each tool writes plain Markdown at the
// cursor; the text stays Markdown.
(function () {
  "use strict";
  var body = document.getElementById("field-body");
  var tools = document.getElementById("body-tools");
  if (body && tools && window.HTMLDialogElement && body.setRangeText) {
    var parts = tools.content.cloneNode(true);
    var toolbar = parts.querySelector(".toolbar");
    body.parentNode.insertBefore(toolbar, body);
    Array.prototype.forEach.call(parts.querySelectorAll("dialog"), function (dialog) {
      document.body.appendChild(dialog);
    });
    setUpToolbar(toolbar, body);
  }
  var filter = document.getElementById("service-filter");
  var services = document.getElementById("field-signposts");
  if (filter && services) {
    setUpFilter(filter, services);
  }

  function changed() {
    body.dispatchEvent(new Event("input", { bubbles: true }));
    body.focus();
  }

  // Writes `text` over the selection, on its own paragraph when `block`.
  function write(text, block) {
    var start = body.selectionStart;
    var end = body.selectionEnd;
    if (block) {
      var before = body.value.slice(0, start);
      var after = body.value.slice(end);
      if (before !== "" && !/\n\n$/.test(before)) text = (/\n$/.test(before) ? "\n" : "\n\n") + text;
      if (!/^\n\n/.test(after)) text += /^\n/.test(after) ? "\n" : "\n\n";
    }
    body.setRangeText(text, start, end, "end");
    changed();
  }

  // Puts `prefix` at the start of every line the selection touches.
  function prefixLines(prefix, test) {
    var value = body.value;
    var start = value.lastIndexOf("\n", body.selectionStart - 1) + 1;
    var end = value.indexOf("\n", Math.max(body.selectionEnd - 1, start));
    if (end === -1) end = value.length;
    var lines = value.slice(start, end).split("\n").map(function (line) {
      return test.test(line) ? line : prefix + line;
    });
    body.setRangeText(lines.join("\n"), start, end, "end");
    changed();
  }

  function ask(id, prepare, done) {
    var dialog = document.getElementById(id);
    var form = dialog.querySelector("form");
    prepare(dialog);
    dialog.returnValue = "";
    dialog.showModal();
    dialog.addEventListener("close", function once() {
      dialog.removeEventListener("close", once);
      if (dialog.returnValue === "insert") {
        done(dialog);
      } else {
        body.focus();
      }
    });
    return form;
  }

  function setUpToolbar(toolbar, body) {
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    // One tab stop; the arrow keys move along the toolbar.
    buttons.forEach(function (button, index) {
      button.tabIndex = index === 0 ? 0 : -1;
    });
    toolbar.addEventListener("keydown", function (event) {
      var at = buttons.indexOf(document.activeElement);
      var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (at === -1) return;
      var next = event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1 : step ? (at + step + buttons.length) % buttons.length : -1;
      if (next === -1) return;
      event.preventDefault();
      buttons[at].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    var image = document.getElementById("tool-image");
    image.querySelector("form").addEventListener("submit", function (event) {
      var alt = document.getElementById("tool-image-alt");
      var error = document.getElementById("tool-image-alt-error");
      var inserting = event.submitter && event.submitter.value === "insert";
      if (inserting && alt.value.trim() === "") {
        event.preventDefault();
        error.hidden = false;
        document.getElementById("tool-image-alt-field").classList.add("field--error");
        alt.setAttribute("aria-describedby", "tool-image-alt-hint tool-image-alt-error");
        alt.setAttribute("aria-invalid", "true");
        alt.focus();
      }
    });
    toolbar.addEventListener("click", function (event) {
      var tool = event.target.getAttribute("data-tool");
      var selected = body.value.slice(body.selectionStart, body.selectionEnd);
      if (tool === "heading") prefixLines("## ", /^#/);
      if (tool === "list") prefixLines("- ", /^\s*([-*+]|\d+\.)\s/);
      if (tool === "link") {
        ask("tool-link", function () {
          document.getElementById("tool-link-words").value = selected;
        }, function () {
          var page = document.getElementById("tool-link-page");
          var words = document.getElementById("tool-link-words").value.trim() || page.options[page.selectedIndex].text;
          write("[" + words.replace(/[\[\]]/g, "") + "](" + page.value + ")", false);
        });
      }
      if (tool === "service") {
        ask("tool-service", function () {}, function () {
          write("{{ signpost " + document.getElementById("tool-service-id").value + " }}", true);
        });
      }
      if (tool === "image") {
        ask("tool-image", function () {
          document.getElementById("tool-image-alt-error").hidden = true;
          document.getElementById("tool-image-alt-field").classList.remove("field--error");
          document.getElementById("tool-image-alt").removeAttribute("aria-invalid");
        }, function () {
          var file = document.getElementById("tool-image-file").value.trim().replace(/[()\s]/g, "");
          var alt = document.getElementById("tool-image-alt").value.trim().replace(/[\[\]]/g, "");
          write("![" + alt + "](" + file + ")", true);
        });
      }
    });
  }

  function setUpFilter(template, fieldset) {
    var boxes = Array.prototype.slice.call(fieldset.querySelectorAll(".checkbox"));
    if (boxes.length < 6) return;
    var part = template.content.cloneNode(true);
    fieldset.insertBefore(part, fieldset.querySelector(".checkboxes"));
    var input = document.getElementById("service-filter-input");
    var status = document.getElementById("service-filter-status");
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      var shown = 0;
      boxes.forEach(function (box) {
        var match = words === "" || box.textContent.toLowerCase().indexOf(words) !== -1 || box.querySelector("input").checked;
        box.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = words === "" ? "" : shown + " of " + boxes.length + " services shown (ticked ones always are).";
    });
    // Enter in the filter must not post the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }
})();
