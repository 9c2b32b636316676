// Site search, on the search page only. It searches the Pagefind index that
// Beacon builds into pagefind/ at the site's root, in the visitor's browser:
// nothing is sent anywhere, and nothing is loaded from another site. A large
// site's index is split into a few bundles (data-bundles names this
// language's); the first is loaded and the others merged into it, and
// Pagefind ranks their results together.
//
// - The form works without this script (it opens this page, whose A–Z list
//   names every page); with it, the form searches instead.
// - The status line (role="status") says how many pages match, so screen
//   readers hear it; results are a list of links with a short excerpt.
// - A query arriving from the header's search box (?q=) is searched, then
//   taken out of the address bar, so the words are not left on screen or in
//   a link someone copies.
(function () {
  "use strict";

  var form = document.querySelector("[data-search-form]");
  if (!form || !("fetch" in window) || !("Promise" in window)) {
    return;
  }
  var input = form.querySelector("[data-search-input]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var more = document.querySelector("[data-search-more]");
  var bundles = (form.getAttribute("data-bundles") || "")
    .split(" ")
    .filter(function (url) {
      return url !== "";
    });
  var pageSize = 10;
  var engine = null;
  var latest = 0;
  var current = { results: [], shown: 0 };

  function text(name, query, count) {
    return (form.getAttribute("data-" + name) || "")
      .replace("{query}", query)
      .replace("{count}", String(count));
  }

  function announce(message) {
    // Emptied first so the same words twice are announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function loadEngine() {
    if (!engine) {
      engine = import(bundles[0] + "pagefind.js").then(function (pagefind) {
        return pagefind
          .options({ basePath: bundles[0], baseUrl: "/" })
          .then(function () {
            return pagefind.init();
          })
          .then(function () {
            return Promise.all(
              bundles.slice(1).map(function (url) {
                return pagefind.mergeIndex(url, { baseUrl: "/" });
              })
            );
          })
          .then(function () {
            return pagefind;
          });
      });
    }
    return engine;
  }

  // Pagefind's excerpt is HTML with <mark> around the words found; only
  // its text and those marks are copied onto the page.
  function excerpt(html) {
    var paragraph = document.createElement("p");
    paragraph.className = "search-result__excerpt";
    var parsed = new DOMParser().parseFromString(html, "text/html");
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function resultItem(page) {
    var item = document.createElement("li");
    item.className = "search-result";
    var link = document.createElement("a");
    link.className = "search-result__link";
    link.href = page.url;
    link.textContent = (page.meta && page.meta.title) || page.url;
    item.appendChild(link);
    item.appendChild(excerpt(page.excerpt || ""));
    return item;
  }

  function showMore(moveFocus) {
    var next = current.results.slice(current.shown, current.shown + pageSize);
    current.shown += next.length;
    return Promise.all(
      next.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      var items = pages.map(resultItem);
      items.forEach(function (item) {
        list.appendChild(item);
      });
      more.hidden = current.shown >= current.results.length;
      if (moveFocus && items.length > 0) {
        items[0].querySelector("a").focus();
      }
    });
  }

  function search(query) {
    var asked = ++latest;
    query = query.trim();
    list.replaceChildren();
    list.hidden = true;
    more.hidden = true;
    if (query === "") {
      status.textContent = "";
      return;
    }
    status.textContent = text("searching", query, 0);
    loadEngine()
      .then(function (pagefind) {
        return pagefind.search(query);
      })
      .then(function (found) {
        if (asked !== latest || !found) {
          return null;
        }
        var count = found.results.length;
        current = { results: found.results, shown: 0 };
        list.hidden = count === 0;
        var name = count === 0 ? "none" : count === 1 ? "one" : "many";
        return showMore(false).then(function () {
          announce(text(name, query, count));
        });
      })
      .catch(function () {
        if (asked === latest) {
          announce(text("unavailable", query, 0));
        }
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(input.value);
  });

  more.addEventListener("click", function () {
    showMore(true);
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    window.history.replaceState(null, "", window.location.pathname);
    search(query);
  }
})();
