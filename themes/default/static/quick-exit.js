/*
 * Beacon quick exit ("Exit this page").
 *
 * Without this script the button and the hidden skip link are plain links to
 * a neutral website. With it:
 * - a click hides the page at once, shows "Loading." and leaves with
 *   location.replace, so this page is not left in the tab's back stack;
 * - pressing Shift three times in a row (within 5 seconds of each press)
 *   does the same;
 * - progress is shown by three dots (hidden while nothing is counting) and
 *   announced in a role="status" region; when a sequence is broken or runs
 *   out, "expired" is announced, and cleared again 5 seconds later; the
 *   status is cleared at exit (as GOV.UK's component does).
 * It writes no cookies, uses no storage and makes no network request.
 * Interface text comes from data- attributes on [data-quick-exit-root].
 */
(function () {
  'use strict';

  var doc = document;
  var root = doc.documentElement;
  if (!doc.querySelector || !root.classList) {
    return;
  }

  var WINDOW_MS = 5000;
  var PRESSES = 3;
  var container = doc.querySelector('[data-quick-exit-root]');
  var links = doc.querySelectorAll('[data-quick-exit], [data-quick-exit-link]');
  var dots = doc.querySelectorAll('[data-quick-exit-dot]');
  var status = doc.querySelector('[data-quick-exit-status]');
  var count = 0;
  var timer = null;
  var clearTimer = null;
  var shiftIsClean = false;
  var overlay = null;
  var hiddenByExit = [];

  if (!links.length) {
    return;
  }

  function text(name) {
    return (container && container.getAttribute('data-' + name)) || '';
  }

  function announce(message) {
    if (clearTimer) {
      clearTimeout(clearTimer);
      clearTimer = null;
    }
    if (status) {
      status.textContent = message;
    }
  }

  // Shows the progress dots only while a sequence is counting.
  function showDots() {
    for (var i = 0; i < dots.length; i++) {
      dots[i].classList.toggle('quick-exit__dot--on', i < count);
    }
    if (container) {
      container.classList.toggle('quick-exit--counting', count > 0);
    }
  }

  function reset() {
    count = 0;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    showDots();
  }

  // Hide every part of the page. The stylesheet does this for
  // .quick-exit-active; the hidden attribute does it too, so the page
  // disappears even if the stylesheet did not load.
  function hidePage() {
    root.classList.add('quick-exit-active');
    var children = doc.body ? doc.body.children : [];
    for (var i = 0; i < children.length; i++) {
      if (children[i] !== overlay && !children[i].hidden) {
        children[i].hidden = true;
        hiddenByExit.push(children[i]);
      }
    }
  }

  function showPage() {
    root.classList.remove('quick-exit-active');
    for (var i = 0; i < hiddenByExit.length; i++) {
      hiddenByExit[i].hidden = false;
    }
    hiddenByExit = [];
  }

  function exitTo(url) {
    if (!url) {
      return;
    }
    if (!overlay && doc.body) {
      overlay = doc.createElement('div');
      overlay.className = 'quick-exit-overlay';
      overlay.setAttribute('role', 'alert');
      overlay.textContent = text('loading');
      doc.body.appendChild(overlay);
    }
    hidePage();
    announce('');
    window.location.replace(url);
  }

  function onClick(event) {
    event.preventDefault();
    exitTo(event.currentTarget.href);
  }

  // Announces that the sequence ran out or was broken, then clears the
  // announcement after a further 5 seconds.
  function expire() {
    reset();
    announce(text('expired'));
    clearTimer = setTimeout(function () {
      clearTimer = null;
      announce('');
    }, WINDOW_MS);
  }

  function isShift(event) {
    return event.key === 'Shift' || event.keyCode === 16;
  }

  // A Shift press counts only if no other key went down while Shift was held
  // (Shift+A or Shift+Tab do not count). Any other key starts again.
  function onKeyDown(event) {
    if (isShift(event)) {
      if (!event.repeat) {
        shiftIsClean = true;
      }
      return;
    }
    shiftIsClean = false;
    if (count > 0) {
      expire();
    }
  }

  function onKeyUp(event) {
    if (!isShift(event)) {
      return;
    }
    if (!shiftIsClean) {
      return;
    }
    shiftIsClean = false;
    count += 1;
    if (timer) {
      clearTimeout(timer);
    }
    showDots();
    if (count >= PRESSES) {
      timer = null;
      exitTo(links[0].href);
      return;
    }
    announce(text('status-' + (PRESSES - count)));
    timer = setTimeout(expire, WINDOW_MS);
  }

  // Coming back with the Back button may restore this page from the
  // back/forward cache exactly as it was left: show it again.
  function onPageShow() {
    showPage();
    if (overlay && overlay.parentNode) {
      overlay.parentNode.removeChild(overlay);
    }
    overlay = null;
    reset();
    announce('');
  }

  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener('click', onClick);
  }
  doc.addEventListener('keydown', onKeyDown, true);
  doc.addEventListener('keyup', onKeyUp, true);
  window.addEventListener('pageshow', onPageShow);
  root.classList.add('quick-exit-js');
})();
