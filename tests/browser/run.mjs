// Browser tests for sites built by Beacon.
//
// Builds the example site (the repository root) and the fixture sites
// `basic` and `theme-override` with the release binary, serves each from its
// own local server (127.0.0.1, a free port), and checks in headless Chromium:
//
// - quick exit ("Exit this page"), on the fixture sites, whose site.yaml is
//   given an exit URL on the same local server: Shift three times, modifiers
//   and other keys, the 5-second window, the button and its "Loading." overlay
//   (also without stylesheets), Back and pageshow, the hidden exit skip link,
//   and the plain link without JavaScript;
// - search, on the example site and the Welsh side of the bilingual one: a
//   word found on exactly one page, typed into the search page's box under
//   the page's own CSP, gives that page as the one result (announced in
//   the status region, reachable by Tab); the header's box opens the
//   results and the words leave the address bar; axe on the results; and
//   without JavaScript the A–Z list names every page of the language;
// - on every HTML page of every site (and the 404 page at an unknown address):
//   axe-core (WCAG 2.0/2.1/2.2 A and AA) at desktop and 320px widths, the skip
//   link on the first Tab, focus not hidden by the sticky exit button, content
//   and quick exit without JavaScript, no request to another origin, no
//   cookies or storage, no horizontal scroll at 320px, no console/CSP errors
//   or broken subresources, and html-validate (.htmlvalidate.json) on the file.
//
// Prints one line per failing check (`FAIL <check> <page URL>: <problem>`),
// then `audit: P pages checked, V violations` (V counts axe violations, one
// per rule per page per width, plus html-validate errors) and, last,
// `browser: N passed, M failed` (N and M count checks). Exits 1 on any failure.
//
// Environment: BEACON_BIN (default target/release/beacon), CHROMIUM
// (default /usr/bin/chromium), AUDIT_WORKERS (pages audited at once, default 2),
// SITES=basic,example (a subset of sites), KEEP_OUTPUT=1 keeps the temporary folder.

import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { existsSync, mkdtempSync, readFileSync, readdirSync, cpSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { HtmlValidate } from 'html-validate';
import { startServer } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const BIN = process.env.BEACON_BIN || path.join(REPO, 'target', 'release', 'beacon');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_PATH = path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const EXIT_PATH = '/exit-target.html';
const NARROW = { width: 320, height: 640 };
const WIDE = { width: 1280, height: 900 };
const WORKERS = Number(process.env.AUDIT_WORKERS || 2);

/** The quick exit's strings in a language, read from the default theme. */
function exitStrings(file) {
  const text = readFileSync(path.join(REPO, 'themes', 'default', file), 'utf8');
  const get = (key) => {
    const match = text.match(new RegExp(`^\\s+${key}:\\s*"([^"]*)"`, 'm'));
    if (!match) throw new Error(`${file} has no ${key}`);
    return match[1];
  };
  return {
    status2: get('exit_status_2'),
    status1: get('exit_status_1'),
    expired: get('exit_expired'),
    loading: get('exit_loading'),
    prefix: get('exit_hidden_prefix'),
    text: get('quick_exit_text'),
  };
}

// The default theme's strings; the fixtures keep them. Welsh pages (/cy/)
// use the built-in Welsh strings.
const ENGLISH = exitStrings('theme.yaml');
const WELSH = exitStrings('i18n/cy.yaml');

// ---------- results ----------

let passed = 0;
let failed = 0;
let pagesChecked = 0;
let violations = 0;

function record(name, url, problems) {
  if (problems.length === 0) {
    passed += 1;
    return;
  }
  failed += 1;
  for (const problem of problems) {
    console.log(`FAIL ${name} ${url}: ${problem}`);
  }
}

/** Run one check: `fn` returns a list of problems (empty = pass) or throws. */
async function check(name, url, fn) {
  let problems;
  try {
    problems = (await fn()) || [];
  } catch (error) {
    problems = [`error: ${String(error && error.message ? error.message : error).split('\n')[0]}`];
  }
  record(name, url, problems);
  return problems;
}

async function waitFor(fn, { timeout = 3000, interval = 25 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
}

// ---------- sites ----------

/** Reads quick_exit.{enabled,url} from a site.yaml well enough for our sites. */
function quickExitOf(siteYaml) {
  const result = { enabled: true, url: 'https://www.bbc.co.uk/weather' };
  const block = siteYaml.match(/^quick_exit:[ \t]*(\{[^\n]*\}|\n(?:[ \t]+[^\n]*\n?)*)/m);
  if (!block) return result;
  const url = block[1].match(/url:\s*["']?([^"',}\s]+)/);
  const enabled = block[1].match(/enabled:\s*(true|false)/);
  if (url) result.url = url[1];
  if (enabled) result.enabled = enabled[1] === 'true';
  return result;
}

function build(siteDir, outDir, origin, extraArgs = []) {
  const run = spawnSync(BIN, ['build', '--quiet', '--site', siteDir, '--out', outDir, '--base-url', origin, ...extraArgs], {
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`beacon build --site ${siteDir} failed (${run.status}):\n${run.stdout}${run.stderr}`);
  }
}

function htmlFiles(dir, rel = '') {
  const found = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...htmlFiles(dir, child));
    else if (entry.name.endsWith('.html')) found.push(child);
  }
  return found.sort();
}

function urlPathOf(rel) {
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
  return `/${rel}`;
}

const EXIT_TARGET = {
  type: 'text/html; charset=utf-8',
  delayMs: 0,
  body:
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Weather</title></head>' +
    '<body><main><h1>Weather</h1><p>A neutral page: the quick exit landed here.</p></main></body></html>\n',
};

// ---------- browser helpers ----------

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A browser context that aborts any request that would leave the local
 * server, so a failing test can never reach the internet. Requests are
 * recorded per page by watchPage().
 */
async function newContext(browser, origin, { blockStylesheets = false, ...options } = {}) {
  const context = await browser.newContext({ viewport: WIDE, ...options });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (blockStylesheets && route.request().resourceType() === 'stylesheet') return route.abort('failed');
    if (isLocal(url, origin)) return route.continue();
    return route.abort('blockedbyclient');
  });
  return context;
}

/** Records a page's requests to other origins, failed responses and console errors. */
function watchPage(page, origin) {
  const log = {
    external: [],
    failedResponses: [],
    consoleErrors: [],
    reset() {
      this.external.length = 0;
      this.failedResponses.length = 0;
      this.consoleErrors.length = 0;
    },
  };
  page.on('request', (request) => {
    if (!isLocal(request.url(), origin)) log.external.push(request.url());
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (response.status() >= 400 && url.pathname !== '/favicon.ico' && !response.request().isNavigationRequest()) {
      log.failedResponses.push(`${response.status()} ${url.pathname}`);
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') log.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => log.consoleErrors.push(`uncaught: ${error.message}`));
  return log;
}

function isLocal(url, origin) {
  if (/^(data|blob|about):/.test(url)) return true;
  return new URL(url).origin === origin;
}

async function dotsOn(page) {
  return page.locator('[data-quick-exit-dot].quick-exit__dot--on').count();
}

async function statusText(page) {
  return ((await page.locator('[data-quick-exit-status]').textContent()) || '').trim();
}

// ---------- quick exit ----------

async function quickExitTests(browser, site) {
  const { origin, server } = site;
  const language = site.language || '';
  const { status2: STATUS_2, status1: STATUS_1, expired: EXPIRED, loading: LOADING, prefix: PREFIX, text: TEXT } =
    language ? WELSH : ENGLISH;
  const exitUrl = `${origin}${EXIT_PATH}`;
  const home = `${origin}/${language}`;
  const other = `${origin}/${language}realise/`;
  const exitRequests = () => server.requests.filter((r) => r.path === EXIT_PATH);

  const withPage = async (options, fn) => {
    const context = await newContext(browser, origin, options);
    const page = await context.newPage();
    try {
      return await fn(page, context);
    } finally {
      await context.close();
    }
  };

  await check('quick-exit: Shift three times exits', home, () =>
    withPage({}, async (page) => {
      const problems = [];
      await page.goto(home);
      if ((await dotsOn(page)) !== 0) problems.push('a progress dot is on before any key was pressed');
      if (await page.locator('.quick-exit__dots').isVisible()) problems.push('the progress dots show while nothing is counting');
      const before = exitRequests().length;
      await page.keyboard.press('Shift');
      const s1 = await waitFor(async () => ((await statusText(page)) === STATUS_2 ? STATUS_2 : null));
      if (!s1) problems.push(`after 1 Shift the status says "${await statusText(page)}", expected "${STATUS_2}"`);
      if ((await dotsOn(page)) !== 1) problems.push(`after 1 Shift ${await dotsOn(page)} dots are on, expected 1`);
      await page.keyboard.press('Shift');
      const s2 = await waitFor(async () => ((await statusText(page)) === STATUS_1 ? STATUS_1 : null));
      if (!s2) problems.push(`after 2 Shifts the status says "${await statusText(page)}", expected "${STATUS_1}"`);
      if ((await dotsOn(page)) !== 2) problems.push(`after 2 Shifts ${await dotsOn(page)} dots are on, expected 2`);
      await page.keyboard.press('Shift');
      await page.waitForURL(exitUrl, { timeout: 5000 }).catch(() => problems.push(`did not leave for ${exitUrl}; at ${page.url()}`));
      const sent = exitRequests().slice(before);
      if (sent.length === 0) problems.push('the local exit page was never requested');
      if (sent.some((r) => r.referer)) problems.push(`the exit request carried a Referer: ${sent.find((r) => r.referer).referer}`);
      return problems;
    }),
  );

  await check('quick-exit: Shift used as a modifier and other keys do not count', home, () =>
    withPage({}, async (page) => {
      const problems = [];
      await page.goto(home);
      // Shift, Shift+A, Shift: the middle one is a modifier use and resets.
      await page.keyboard.press('Shift');
      await page.keyboard.down('Shift');
      await page.keyboard.press('A');
      await page.keyboard.up('Shift');
      await page.keyboard.press('Shift');
      // Shift+Tab is a modifier use too.
      await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      await page.keyboard.up('Shift');
      await page.keyboard.press('Shift');
      await page.waitForTimeout(400);
      if (page.url() !== home) problems.push(`Shift, Shift+A, Shift, Shift+Tab, Shift left the page for ${page.url()}`);
      // Two Shifts, then another key: back to the start.
      await page.goto(other);
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      if ((await dotsOn(page)) !== 2) problems.push(`after 2 Shifts ${await dotsOn(page)} dots are on, expected 2`);
      await page.keyboard.press('KeyX');
      if ((await dotsOn(page)) !== 0) problems.push(`another key did not reset the dots (${await dotsOn(page)} on)`);
      if ((await statusText(page)) !== EXPIRED) problems.push(`a broken sequence says "${await statusText(page)}", expected "${EXPIRED}"`);
      await page.keyboard.press('Shift');
      await page.waitForTimeout(300);
      if (page.url() !== other) problems.push(`Shift, Shift, X, Shift left the page for ${page.url()}`);
      else {
        if ((await dotsOn(page)) !== 1) problems.push(`after the reset 1 Shift shows ${await dotsOn(page)} dots, expected 1`);
        if ((await statusText(page)) !== STATUS_2) problems.push(`after the reset the status says "${await statusText(page)}"`);
      }
      return problems;
    }),
  );

  await check('quick-exit: each press restarts a 5-second window, then it expires', home, () =>
    withPage({}, async (page) => {
      const problems = [];
      await page.clock.install();
      await page.goto(home);
      await page.keyboard.press('Shift');
      await page.clock.fastForward(4000);
      await page.keyboard.press('Shift');
      await page.clock.fastForward(4000);
      if ((await dotsOn(page)) !== 2) problems.push(`a press 4s after the last did not count (${await dotsOn(page)} dots)`);
      await page.clock.fastForward(1200);
      if ((await statusText(page)) !== EXPIRED) problems.push(`5s after the last press the status says "${await statusText(page)}", expected "${EXPIRED}"`);
      if ((await dotsOn(page)) !== 0) problems.push(`after expiry ${await dotsOn(page)} dots are still on`);
      await page.clock.fastForward(5200);
      if ((await statusText(page)) !== '') problems.push(`5s after expiry the status still says "${await statusText(page)}"`);
      await page.keyboard.press('Shift');
      if ((await statusText(page)) !== STATUS_2) problems.push(`after expiry a Shift starts at "${await statusText(page)}"`);
      if (page.url() !== home) problems.push(`left the page for ${page.url()}`);
      return problems;
    }),
  );

  await check('quick-exit: the button shows "Loading." and leaves; Back shows a clean page', home, () =>
    withPage({}, async (page) => {
      const problems = [];
      await page.goto(other);
      await page.goto(home);
      // Chromium holds DevTools commands while a navigation is pending, so the
      // page reports what it shows through a binding as soon as it changes.
      const reports = [];
      await page.exposeFunction('__beaconReport', (state) => reports.push(state));
      await page.evaluate(() => {
        const report = () => {
          const overlay = document.querySelector('.quick-exit-overlay');
          const shown = (el) => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
          window.__beaconReport({
            overlay: !!overlay,
            overlayShown: shown(overlay),
            role: overlay && overlay.getAttribute('role'),
            text: overlay && overlay.textContent.trim(),
            covers: !!overlay && overlay.getBoundingClientRect().width >= window.innerWidth && overlay.getBoundingClientRect().height >= window.innerHeight,
            mainShown: shown(document.querySelector('main')),
            buttonShown: shown(document.querySelector('[data-quick-exit]')),
          });
        };
        new MutationObserver(report).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
      });
      EXIT_TARGET.delayMs = 1000; // the overlay stays while the exit page is on its way
      try {
        await page.locator('a[data-quick-exit]').click({ noWaitAfter: true });
        await page.waitForURL(exitUrl, { timeout: 5000 });
      } finally {
        EXIT_TARGET.delayMs = 0;
      }
      const last = reports[reports.length - 1];
      if (!last || !last.overlay) problems.push('no overlay was added after the click');
      else {
        if (last.role !== 'alert') problems.push(`the overlay has role="${last.role}", expected "alert"`);
        if (last.text !== LOADING) problems.push(`the overlay says "${last.text}", expected "${LOADING}"`);
        if (!last.overlayShown) problems.push('the overlay is not visible');
        else if (!last.covers) problems.push('the overlay does not cover the window');
        if (last.mainShown) problems.push('the page content is still visible behind the overlay');
        if (last.buttonShown) problems.push('the exit button is still visible behind the overlay');
      }
      // Back: location.replace dropped the exited page, so Back goes to the
      // page before it (from the back/forward cache, which fires no load event).
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForFunction(() => document.readyState === 'complete', null, { timeout: 5000 }).catch(() => {});
      if (page.url() !== other) problems.push(`Back went to ${page.url()}, expected ${other} (the exited page should not be in the back stack)`);
      if (await page.locator('.quick-exit-overlay').isVisible().catch(() => false)) problems.push('after Back the "Loading." overlay is showing');
      if (!(await page.locator('main').isVisible())) problems.push('after Back the page content is hidden');
      return problems;
    }),
  );

  await check('quick-exit: pageshow (back/forward cache) removes the overlay', home, () =>
    withPage({}, async (page) => {
      await page.goto(home);
      // Click, look, stop the navigation and replay what a back/forward cache
      // restore fires, all in one task, before the exit can happen.
      const state = await page.evaluate(() => {
        const shown = (el) => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
        const status = document.querySelector('[data-quick-exit-status]');
        status.textContent = 'an earlier announcement';
        document.querySelector('[data-quick-exit]').click();
        const during = {
          overlay: shown(document.querySelector('.quick-exit-overlay')),
          main: shown(document.querySelector('main')),
          status: status.textContent,
        };
        window.stop();
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
        return {
          during,
          overlayLeft: !!document.querySelector('.quick-exit-overlay'),
          main: shown(document.querySelector('main')),
          active: document.documentElement.classList.contains('quick-exit-active'),
        };
      });
      const problems = [];
      await page.waitForTimeout(300);
      if (page.url() !== home) return [`the exit was not stopped (at ${page.url()}); cannot test pageshow`];
      if (!state.during.overlay) problems.push('no visible overlay right after the click');
      if (state.during.main) problems.push('the page content was visible right after the click');
      if (state.during.status !== '') problems.push(`the status still says "${state.during.status}" at exit`);
      if (state.overlayLeft) problems.push('the overlay is still in the page after pageshow');
      if (!state.main) problems.push('the page content is still hidden after pageshow');
      if (state.active) problems.push('<html> still has quick-exit-active after pageshow');
      return problems;
    }),
  );

  await check('quick-exit: the page is hidden on exit even if the stylesheets did not load', home, () =>
    withPage({ blockStylesheets: true }, async (page) => {
      await page.goto(home);
      const state = await page.evaluate(() => {
        const shown = (el) => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
        document.querySelector('[data-quick-exit]').click();
        const during = {
          overlay: shown(document.querySelector('.quick-exit-overlay')),
          visible: [...document.body.children].filter((el) => !el.matches('.quick-exit-overlay') && shown(el)).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className.split(' ')[0] : '')),
        };
        window.stop();
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
        return { during, mainAfter: shown(document.querySelector('main')) };
      });
      const problems = [];
      if (!state.during.overlay) problems.push('no visible "Loading." overlay');
      if (state.during.visible.length) problems.push(`still visible while exiting: ${state.during.visible.join(', ')}`);
      if (!state.mainAfter) problems.push('after pageshow the page content is still hidden');
      return problems;
    }),
  );

  await check('quick-exit: the hidden exit skip link is the second Tab stop and exits', home, () =>
    withPage({}, async (page) => {
      const problems = [];
      await page.goto(home);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        return {
          tag: el.tagName,
          cls: el.className,
          href: el.getAttribute('href'),
          rel: el.getAttribute('rel'),
          hook: el.hasAttribute('data-quick-exit-link'),
          text: el.textContent.trim(),
          visible: box.width > 1 && box.height > 1,
        };
      });
      if (focused.tag !== 'A' || !focused.hook) {
        problems.push(`second Tab is on <${focused.tag.toLowerCase()} class="${focused.cls}">${focused.text}, expected the exit skip link`);
        return problems;
      }
      if (focused.href !== exitUrl) problems.push(`exit skip link goes to ${focused.href}, expected ${exitUrl}`);
      if (!/\bnofollow\b/.test(focused.rel || '') || !/\bnoreferrer\b/.test(focused.rel || '')) problems.push(`exit skip link rel="${focused.rel}"`);
      if (!focused.visible) problems.push('the exit skip link is not visible when focused');
      await page.keyboard.press('Enter');
      await page.waitForURL(exitUrl, { timeout: 5000 }).catch(() => problems.push(`Enter on the exit skip link did not leave (at ${page.url()})`));
      return problems;
    }),
  );

  await check('quick-exit: without JavaScript the button is a working link', home, () =>
    withPage({ javaScriptEnabled: false }, async (page) => {
      const problems = [];
      await page.goto(home);
      const button = page.locator('a[data-quick-exit]');
      if ((await button.count()) !== 1) return [`${await button.count()} quick exit buttons`];
      const href = await button.getAttribute('href');
      const rel = (await button.getAttribute('rel')) || '';
      if (href !== exitUrl) problems.push(`button href is ${href}, expected ${exitUrl}`);
      if (rel.split(/\s+/).sort().join(' ') !== 'nofollow noreferrer') problems.push(`button rel="${rel}", expected "nofollow noreferrer"`);
      if (!(await button.isVisible())) problems.push('the button is not visible');
      const label = ((await button.textContent()) || '').replace(/\s+/g, ' ').trim();
      if (!label.startsWith(PREFIX) || !label.includes(TEXT)) problems.push(`button text "${label}"`);
      const mainText = ((await page.locator('main').innerText()) || '').trim();
      if (mainText.length < 20) problems.push('<main> is empty without JavaScript');
      const before = exitRequests().length;
      await button.click();
      await page.waitForURL(exitUrl, { timeout: 5000 }).catch(() => problems.push(`clicking did not leave for ${exitUrl} (at ${page.url()})`));
      const sent = exitRequests().slice(before);
      if (sent.length === 0) problems.push('the exit page was not requested');
      if (sent.some((r) => r.referer)) problems.push('the exit request carried a Referer header');
      return problems;
    }),
  );
}

// ---------- the conversation's banner ----------

/** The quick exit button's box on a site's home page, at desktop width. */
async function quickExitBox(browser, origin) {
  const context = await newContext(browser, origin);
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    return await page.locator('a[data-quick-exit]').boundingBox();
  } finally {
    await context.close();
  }
}

let plainQuickExitBox = null;

async function bannerTests(browser, site) {
  const { origin } = site;
  const home = `${origin}/`;
  await check('banner: reachable by keyboard after the skip link and the quick exit', home, async () => {
    const context = await newContext(browser, origin);
    try {
      const page = await context.newPage();
      await page.goto(home);
      if ((await page.locator('.consultation-banner a').count()) !== 1) return ['no banner link on the home page'];
      const order = [];
      for (let i = 0; i < 40; i += 1) {
        await page.keyboard.press('Tab');
        const what = await page.evaluate(() => {
          const el = document.activeElement;
          if (el.matches('a.skip-link[href="#main-content"]')) return 'skip';
          if (el.matches('[data-quick-exit], [data-quick-exit-link]')) return 'exit';
          if (el.closest('.consultation-banner')) return 'banner';
          return 'other';
        });
        order.push(what);
        if (what === 'banner') break;
      }
      const problems = [];
      const banner = order.indexOf('banner');
      if (banner < 0) problems.push(`the banner link was not reached in 40 Tabs (${order.join(', ')})`);
      if (order.indexOf('skip') !== 0) problems.push(`the first Tab is not the skip link (${order.join(', ')})`);
      const exit = order.indexOf('exit');
      if (exit < 0 || (banner >= 0 && exit > banner)) problems.push(`the quick exit does not come before the banner (${order.join(', ')})`);
      return problems;
    } finally {
      await context.close();
    }
  });
  await check('banner: the quick exit keeps its size and place', home, async () => {
    if (!plainQuickExitBox) return ['no page without a banner was measured first'];
    const box = await quickExitBox(browser, origin);
    const same = ['x', 'y', 'width', 'height'].every((k) => Math.abs(box[k] - plainQuickExitBox[k]) < 0.5);
    return same ? [] : [`quick exit at ${JSON.stringify(box)} with the banner, ${JSON.stringify(plainQuickExitBox)} without`];
  });
}

// ---------- components written in Markdown (the example campaign) ----------

async function componentTests(browser, site) {
  const { origin } = site;
  const tells = `${origin}/react/if-a-child-tells-you/`;
  await check('components: details opens and closes from the keyboard alone', tells, async () => {
    const context = await newContext(browser, origin);
    try {
      const page = await context.newPage();
      await page.goto(tells);
      const problems = [];
      const details = page.locator('details.details');
      if ((await details.count()) !== 1) return [`${await details.count()} details blocks, expected 1`];
      const text = page.locator('.details__text');
      if (await text.isVisible()) problems.push('the hidden text shows before the summary is opened');
      for (let i = 0; i < 80; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement.matches('summary.details__summary'))) break;
      }
      if (!(await page.evaluate(() => document.activeElement.matches('summary.details__summary')))) {
        return ['the summary was not reached with Tab'];
      }
      const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
      if (focusStyle === 'rgba(0, 0, 0, 0)') problems.push('the focused summary shows no focus colour');
      await page.keyboard.press('Enter');
      if (!(await details.evaluate((el) => el.open))) problems.push('Enter did not open it');
      if (!(await text.isVisible())) problems.push('the hidden text is not shown once open');
      await page.keyboard.press('Space');
      if (await details.evaluate((el) => el.open)) problems.push('Space did not close it');
      return problems;
    } finally {
      await context.close();
    }
  });
  await check('components: warning text says "Warning" to screen readers, inset text is set apart', tells, async () => {
    const context = await newContext(browser, origin);
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/react/if-you-are-worried/`);
      const problems = [];
      const hidden = await page.locator('.warning-text .visually-hidden').allTextContents();
      if (hidden.length < 1 || !hidden.every((t) => t === 'Warning: ')) problems.push(`hidden labels ${JSON.stringify(hidden)}`);
      const icon = await page.locator('.warning-text__icon').first().getAttribute('aria-hidden');
      if (icon !== 'true') problems.push('the "!" icon is not hidden from screen readers');
      await page.goto(tells);
      const border = await page.locator('.inset-text').first().evaluate((el) => getComputedStyle(el).borderLeftWidth);
      if (border !== '10px') problems.push(`inset text border ${border}`);
      return problems;
    } finally {
      await context.close();
    }
  });
  await check('components: the call-to-action button is a link that goes where it says', `${origin}/react/if-you-are-worried/`, async () => {
    const context = await newContext(browser, origin);
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/react/if-you-are-worried/`);
      const button = page.locator('.button-link a.button');
      if ((await button.count()) !== 1) return [`${await button.count()} call-to-action buttons, expected 1`];
      const box = await button.boundingBox();
      const problems = [];
      if (!box || box.height < 24 || box.width < 24) problems.push(`target ${JSON.stringify(box)} is under 24px`);
      await button.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${origin}/get-help/`);
      return problems;
    } finally {
      await context.close();
    }
  });
  await check('components: the video plays from this site with its captions on, and its transcript follows it in Tab order', tells, async () => {
    const context = await newContext(browser, origin);
    try {
      const page = await context.newPage();
      const requested = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(tells);
      const problems = [];
      const video = page.locator('figure.media video.media__player');
      if ((await video.count()) !== 1) return [`${await video.count()} videos, expected 1`];
      if (requested.some((url) => url.endsWith('.mp4'))) problems.push('the video was fetched before the visitor pressed play');
      const box = await video.boundingBox();
      if (!box || Math.abs(box.width / box.height - 16 / 9) > 0.02) problems.push(`the player is ${JSON.stringify(box)}, not 16:9 before it loads`);
      // The captions track loads (the policy allows media from this site)
      // and is showing without the visitor turning it on.
      const captions = await video.evaluate(async (el) => {
        const track = el.querySelector('track');
        for (let i = 0; i < 50 && track.readyState < 2; i += 1) await new Promise((r) => setTimeout(r, 100));
        return { state: track.readyState, mode: el.textTracks[0].mode, cues: el.textTracks[0].cues ? el.textTracks[0].cues.length : 0, lang: track.srclang };
      });
      if (captions.state !== 2 || captions.mode !== 'showing' || captions.cues < 1 || captions.lang !== 'en') {
        problems.push(`captions ${JSON.stringify(captions)}`);
      }
      const played = await video.evaluate(async (el) => {
        el.muted = true;
        try { await el.play(); } catch (error) { return `play failed: ${error}`; }
        for (let i = 0; i < 50 && el.currentTime < 0.3; i += 1) await new Promise((r) => setTimeout(r, 100));
        el.pause();
        return el.currentTime >= 0.3 ? 'played' : `stuck at ${el.currentTime}, error ${el.error && el.error.code}`;
      });
      if (played !== 'played') problems.push(played);
      // Keyboard: the player takes focus (then its own controls, inside
      // it), and the transcript link comes next.
      await video.focus();
      if (!(await page.evaluate(() => document.activeElement.matches('video.media__player')))) problems.push('the player does not take focus');
      for (let i = 0; i < 15 && (await page.evaluate(() => document.activeElement.matches('video'))); i += 1) {
        await page.keyboard.press('Tab');
      }
      const next = await page.evaluate(() => document.activeElement.closest('.media__transcript') ? document.activeElement.getAttribute('href') : document.activeElement.outerHTML.slice(0, 80));
      if (!String(next).endsWith('/react/what-to-say-transcript/')) problems.push(`Tab after the player reached ${next}`);
      return problems;
    } finally {
      await context.close();
    }
  });
}

// ---------- audit of every page ----------

async function auditSite(browser, site, htmlvalidate) {
  const { origin, outDir, quickExit } = site;
  const axeCtx = await newContext(browser, origin, { bypassCSP: true });
  const jsCtx = await newContext(browser, origin);
  const noJsCtx = await newContext(browser, origin, { javaScriptEnabled: false });

  const entries = htmlFiles(outDir).map((rel) => ({ rel, url: origin + urlPathOf(rel), status: 200 }));
  // What a visitor sees at an unknown, deep address: the 404 page, status 404.
  if (entries.some((e) => e.rel === '404.html')) {
    entries.push({ rel: '404.html', url: `${origin}/no/such/page/`, status: 404, duplicate: true });
  }

  const auditOne = async (entry, pages) => {
    const { url } = entry;
    pagesChecked += 1;
    const external = [];

    // html-validate on the file as written.
    if (!entry.duplicate) {
      await check('html-validate', url, async () => {
        const file = path.join(outDir, entry.rel);
        const report = await htmlvalidate.validateString(readFileSync(file, 'utf8'), file);
        const problems = [];
        for (const result of report.results) {
          for (const m of result.messages) {
            if (m.severity >= 2) problems.push(`${m.ruleId} at ${entry.rel}:${m.line}:${m.column}: ${m.message}`);
          }
        }
        violations += problems.length;
        return problems;
      });
    }

    // axe-core at desktop width, then at 320px. The page's CSP forbids the
    // inline script addScriptTag adds, so this context bypasses CSP (and only this one).
    {
      const { page, log } = pages.axe;
      log.reset();
      await page.setViewportSize(WIDE);
      try {
        await page.goto(url);
        await page.addScriptTag({ path: AXE_PATH });
        for (const [name, size] of [['axe', WIDE], ['axe at 320px', NARROW]]) {
          await page.setViewportSize(size);
          await check(name, url, async () => {
            const result = await page.evaluate(
              (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
              AXE_TAGS,
            );
            violations += result.violations.length;
            return result.violations.map((v) => {
              const targets = v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ');
              const more = v.nodes.length > 4 ? ` (+${v.nodes.length - 4} more)` : '';
              return `${v.id} [${v.impact}] ${v.help}: ${targets}${more}`;
            });
          });
        }
      } catch (error) {
        record('axe', url, [`error: ${error.message.split('\n')[0]}`]);
      } finally {
        external.push(...log.external);
      }
    }

    // With JavaScript and the page's own CSP: a desktop window, then 320px.
    {
      const { page, log } = pages.js;
      log.reset();
      await page.setViewportSize(WIDE);
      try {
        const response = await page.goto(url, { waitUntil: 'load' });
        await check('page loads cleanly', url, async () => {
          const problems = [];
          if (response.status() !== entry.status) problems.push(`HTTP ${response.status()}, expected ${entry.status}`);
          await page.waitForTimeout(50);
          // Chromium logs the document's own 404 status as a console error.
          const expected404 = entry.status === 404 ? /^Failed to load resource: the server responded with a status of 404/ : null;
          for (const text of log.consoleErrors) {
            if (expected404 && expected404.test(text) && log.failedResponses.length === 0) continue;
            problems.push(`console: ${text}`);
          }
          for (const text of log.failedResponses) problems.push(`subresource ${text}`);
          const sheets = await page.evaluate(() => [...document.styleSheets].filter((s) => s.href).length);
          const links = await page.locator('link[rel="stylesheet"]').count();
          if (sheets !== links) problems.push(`${links - sheets} of ${links} stylesheets did not load`);
          return problems;
        });
        await check('no layout shift on load (CLS 0)', url, async () => {
          // Every shift since navigation, buffered, once the scripts have run.
          const shift = await page.evaluate(() => new Promise((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
            }).observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => resolve(total), 300);
          }));
          return shift === 0 ? [] : [`cumulative layout shift ${shift.toFixed(4)}`];
        });
        await check('first Tab is the skip link', url, async () => {
          await page.keyboard.press('Tab');
          const el = await page.evaluate(() => {
            const a = document.activeElement;
            const box = a.getBoundingClientRect();
            return {
              ok: a.matches('a.skip-link[href="#main-content"]'),
              desc: `<${a.tagName.toLowerCase()} class="${a.className}" href="${a.getAttribute('href')}">`,
              visible: box.width > 1 && box.height > 1,
              target: !!document.getElementById('main-content'),
            };
          });
          const problems = [];
          if (!el.ok) problems.push(`first Tab lands on ${el.desc}`);
          else if (!el.visible) problems.push('the skip link is not visible when focused');
          if (!el.target) problems.push('no element with id="main-content"');
          return problems;
        });
        await check('no horizontal scroll at 320px', url, async () => {
          await page.evaluate(() => document.activeElement && document.activeElement.blur());
          await page.setViewportSize(NARROW);
          const widths = await page.evaluate(() => {
            const doc = document.documentElement;
            const wide = [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 0.5)
              .slice(0, 3)
              .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''}`);
            return { scroll: doc.scrollWidth, wide };
          });
          return widths.scroll <= NARROW.width ? [] : [`scrollWidth ${widths.scroll} > 320 (${widths.wide.join(', ')})`];
        });
        await check('focus not hidden by the sticky exit button', url, async () => {
          // WCAG 2.2 2.4.11: scroll each control to the top of the window (under
          // the sticky button), focus it, and see whether the button covers it.
          const problems = [];
          for (const size of [NARROW, WIDE]) {
            await page.setViewportSize(size);
            const hidden = await page.evaluate(() => {
              const button = document.querySelector('[data-quick-exit]');
              if (!button) return [];
              const found = [];
              const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter(
                (el) => el.tabIndex >= 0 && !el.closest('.quick-exit') && !el.classList.contains('skip-link') && el.getClientRects().length,
              );
              for (const el of controls) {
                window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 4);
                el.focus();
                const e = el.getBoundingClientRect();
                const b = button.getBoundingClientRect();
                const ix = Math.max(0, Math.min(e.right, b.right) - Math.max(e.left, b.left));
                const iy = Math.max(0, Math.min(e.bottom, b.bottom) - Math.max(e.top, b.top));
                if (ix * iy > 0.5 * e.width * e.height) {
                  found.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}" ${Math.round((100 * ix * iy) / (e.width * e.height))}% covered`);
                }
              }
              document.activeElement.blur();
              window.scrollTo(0, 0);
              return found;
            });
            for (const h of hidden) problems.push(`at ${size.width}px: ${h}`);
          }
          return problems;
        });
        await check('privacy: no cookies, storage or new windows', url, async () => {
          const problems = [];
          const storage = await page.evaluate(() => ({
            local: Object.keys(localStorage),
            session: Object.keys(sessionStorage),
          }));
          if (storage.local.length) problems.push(`localStorage: ${storage.local.join(', ')}`);
          if (storage.session.length) problems.push(`sessionStorage: ${storage.session.join(', ')}`);
          for (const context of [axeCtx, jsCtx, noJsCtx]) {
            const cookies = await context.cookies();
            if (cookies.length) problems.push(`cookies: ${cookies.map((c) => c.name).join(', ')}`);
          }
          const referrer = await page.evaluate(() => document.querySelector('meta[name="referrer"]')?.content);
          if (referrer !== 'no-referrer') problems.push(`meta referrer is "${referrer}"`);
          const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || '');
          if (!/default-src 'none'/.test(csp)) problems.push(`CSP meta is "${csp}"`);
          const blank = await page.locator('a[target="_blank"]').count();
          if (blank) problems.push(`${blank} links open a new window (target="_blank")`);
          return problems;
        });
      } catch (error) {
        record('page (JavaScript on)', url, [`error: ${error.message.split('\n')[0]}`]);
      } finally {
        external.push(...log.external);
      }
    }

    // Without JavaScript.
    {
      const { page, log } = pages.noJs;
      log.reset();
      await page.setViewportSize(WIDE);
      try {
        await page.goto(url);
        await check('without JavaScript: content and quick exit', url, async () => {
          const problems = [];
          const main = page.locator('main');
          if ((await main.count()) !== 1) return [`${await main.count()} <main> elements`];
          const text = ((await main.innerText()) || '').trim();
          if (!text) problems.push('<main> has no text');
          if (quickExit.enabled) {
            const button = page.locator('a[data-quick-exit]');
            if ((await button.count()) !== 1) problems.push(`${await button.count()} quick exit buttons`);
            else {
              if ((await button.getAttribute('href')) !== quickExit.url) problems.push(`quick exit goes to ${await button.getAttribute('href')}`);
              const rel = ((await button.getAttribute('rel')) || '').split(/\s+/);
              if (!rel.includes('nofollow') || !rel.includes('noreferrer')) problems.push(`quick exit rel="${rel.join(' ')}"`);
              if (!(await button.isVisible())) problems.push('quick exit button not visible');
            }
            if ((await page.locator('a[data-quick-exit-link]').count()) !== 1) problems.push('no exit skip link');
          }
          return problems;
        });
      } catch (error) {
        record('page (JavaScript off)', url, [`error: ${error.message.split('\n')[0]}`]);
      } finally {
        external.push(...log.external);
      }
    }

    await check('no request to another origin', url, async () => [...new Set(external)].map((u) => `request to ${u}`));
  };

  // A few pages at a time: each worker has a tab in each context and takes
  // the next page.
  let next = 0;
  const worker = async () => {
    const pages = {};
    for (const [key, context] of [['axe', axeCtx], ['js', jsCtx], ['noJs', noJsCtx]]) {
      const page = await context.newPage();
      pages[key] = { page, log: watchPage(page, origin) };
    }
    while (next < entries.length) await auditOne(entries[next++], pages);
  };
  await Promise.all(Array.from({ length: Math.max(1, WORKERS) }, worker));
  await Promise.all([axeCtx, jsCtx, noJsCtx].map((context) => context.close()));
  return entries.length;
}

// ---------- search ----------

/** The text of a page's <main>, as words (lower case, letters only). */
function mainWords(html) {
  const main = html.match(/<main[\s\S]*?<\/main>/);
  const text = (main ? main[0] : html)
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
  return text.toLowerCase().match(/\p{L}+/gu) || [];
}

/** HTML pages of one language (`prefix` '' or 'cy/') that the A–Z list
 *  and the index should hold: all but 404, the search page and the later
 *  pages of a listing. */
function listedPages(outDir, prefix) {
  return htmlFiles(outDir).filter((rel) => {
    if (prefix === '' && rel.startsWith('cy/')) return false;
    if (prefix !== '' && !rel.startsWith(prefix)) return false;
    const inside = rel.slice(prefix.length);
    return inside !== '404.html' && inside !== 'search/index.html' && !/(^|\/)page\/\d+\/index\.html$/.test(inside);
  });
}

/**
 * A word found on exactly one searchable page of a language, and that page:
 * at least six letters, and no word on any other page shares its first
 * letters (so Pagefind's stemming and prefix matching cannot find another).
 * The first such word in alphabetical order, so the test is repeatable.
 */
function uniqueWord(outDir, prefix) {
  const pages = listedPages(outDir, prefix).filter((rel) => !/get-help\/[^/]+\//.test(rel.slice(prefix.length)));
  const wordsOf = new Map(pages.map((rel) => [rel, new Set(mainWords(readFileSync(path.join(outDir, rel), 'utf8')))]));
  const candidates = new Map();
  for (const [rel, words] of wordsOf) {
    for (const word of words) {
      if (word.length < 6) continue;
      candidates.set(word, candidates.has(word) ? null : rel);
    }
  }
  const all = [...wordsOf.values()];
  for (const word of [...candidates.keys()].sort()) {
    const rel = candidates.get(word);
    if (!rel) continue;
    const stem = word.slice(0, word.length - 2);
    const elsewhere = [...wordsOf].some(([other, words]) => other !== rel && [...words].some((w) => w.startsWith(stem)));
    if (!elsewhere && all.length > 1) return { word, rel };
  }
  return null;
}

/** Types `word` into the search page's box, presses Enter, and waits for
 *  the status line to say how many pages match. */
async function searchFor(page, word) {
  await page.locator('[data-search-input]').fill(word);
  await page.locator('[data-search-input]').press('Enter');
  return waitFor(async () => {
    const text = ((await page.locator('[data-search-status]').textContent()) || '').trim();
    return text.includes(word) ? text : null;
  }, { timeout: 10000 });
}

async function searchTests(browser, site, htmlvalidate, prefix = '') {
  const { origin, outDir } = site;
  const searchUrl = `${origin}/${prefix}search/`;
  const found = uniqueWord(outDir, prefix);
  const expected = found ? urlPathOf(found.rel) : null;
  if (found) console.log(`   search: "${found.word}" is on one page, ${expected}`);
  await check('search: a word on exactly one page finds that page, under the page\'s CSP', searchUrl, async () => {
    if (!found) return ['no word appears on exactly one page'];
    const context = await newContext(browser, origin);
    try {
      const page = await context.newPage();
      const log = watchPage(page, origin);
      await page.goto(searchUrl);
      const status = await searchFor(page, found.word);
      const problems = [];
      if (!status) problems.push(`no result announced for "${found.word}"`);
      if ((await page.locator('[data-search-status]').getAttribute('role')) !== 'status') problems.push('the count is not in a status region');
      const links = await page.locator('.search-result__link').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
      if (links.length !== 1 || links[0] !== expected) problems.push(`"${found.word}" gave ${JSON.stringify(links)}, expected [${expected}]`);
      if (status && !/^1 /.test(status) && !/ 1 /.test(status)) problems.push(`status says "${status}"`);
      const excerpt = await page.locator('.search-result__excerpt mark').allTextContents();
      if (!excerpt.some((text) => text.toLowerCase().includes(found.word))) problems.push(`the excerpt does not mark "${found.word}": ${JSON.stringify(excerpt)}`);
      if (log.external.length) problems.push(`requests left the site: ${log.external.join(', ')}`);
      if (log.consoleErrors.length) problems.push(`console: ${log.consoleErrors.join(' | ')}`);
      if (log.failedResponses.length) problems.push(`failed: ${log.failedResponses.join(', ')}`);
      // Keyboard: Tab from the box reaches the button, then the result.
      await page.locator('[data-search-input]').focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement && new URL(document.activeElement.href || 'about:blank', location.href).pathname);
      if (focused !== expected) problems.push(`Tab from the box does not reach the result (focus on ${focused})`);
      return problems;
    } finally {
      await context.close();
    }
  });
  await check('search: the header box opens the results, and the words leave the address bar', `${origin}/${prefix}`, async () => {
    if (!found) return ['no word appears on exactly one page'];
    const context = await newContext(browser, origin);
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/${prefix}`);
      await page.locator('.site-search__input').fill(found.word);
      await page.locator('.site-search__input').press('Enter');
      await page.waitForURL((url) => url.pathname === `/${prefix}search/`);
      const problems = [];
      const links = await waitFor(async () => {
        const hrefs = await page.locator('.search-result__link').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
        return hrefs.length ? hrefs : null;
      }, { timeout: 10000 });
      if (!links || links[0] !== expected) problems.push(`results ${JSON.stringify(links)}, expected ${expected}`);
      if (new URL(page.url()).search !== '') problems.push(`the address still has the words: ${page.url()}`);
      if ((await page.locator('[data-search-input]').inputValue()) !== found.word) problems.push('the search box does not show the words');
      return problems;
    } finally {
      await context.close();
    }
  });
  await check('search: axe on the results', searchUrl, async () => {
    if (!found) return ['no word appears on exactly one page'];
    const context = await newContext(browser, origin, { bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.goto(searchUrl);
      if (!(await searchFor(page, found.word))) return ['no results to check'];
      await page.addScriptTag({ path: AXE_PATH });
      const result = await page.evaluate(async (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
      violations += result.violations.length;
      return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} node(s))`);
    } finally {
      await context.close();
    }
  });
  await check('search: without JavaScript the page lists every page', searchUrl, async () => {
    const context = await newContext(browser, origin, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${searchUrl}?q=anything`);
      const listed = new Set(await page.locator('.a-to-z a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname)));
      const missing = listedPages(outDir, prefix).map(urlPathOf).filter((url) => !listed.has(url));
      const problems = missing.map((url) => `${url} is not in the A–Z list`);
      if (!(await page.locator('noscript').count())) problems.push('no word on why search is off');
      return problems;
    } finally {
      await context.close();
    }
  });
}

// ---------- a search index split into bundles ----------

/** Words that appear on one marker page each and nowhere else. */
const MARKER_WORDS = ['quillamber', 'zephyrcoil', 'marblefinch', 'copperwren', 'lanternmoss', 'velvetkite', 'hollowpine', 'emberquartz'];

/** Adds `count` plain pages to a site's realise section, so its index is
 *  split into bundles, and one marker page per MARKER_WORDS word. */
function addBulkPages(siteDir, count) {
  const dir = path.join(siteDir, 'content', 'realise');
  mkdirSync(dir, { recursive: true });
  for (let n = 1; n <= count; n += 1) {
    const name = `bulk-${String(n).padStart(4, '0')}`;
    writeFileSync(path.join(dir, `${name}.md`), `---\ntitle: Bulk page ${n}\ndescription: One of many pages.\nrs: [realise]\n---\n\nThis page is one of many that say the same.\n`);
  }
  MARKER_WORDS.forEach((word, i) => {
    writeFileSync(path.join(dir, `marker-${i}.md`), `---\ntitle: Marker page ${i}\ndescription: A page with a word of its own.\nrs: [realise]\n---\n\nOnly this page says ${word}.\n`);
  });
}

/** URL path → the number of the bundle (under pagefind/<language>/) whose
 *  fragments hold it. */
function bundleOfPages(outDir, language) {
  const found = new Map();
  const root = path.join(outDir, 'pagefind', language);
  for (const bundle of readdirSync(root)) {
    const fragments = path.join(root, bundle, 'fragment');
    for (const name of readdirSync(fragments)) {
      const text = gunzipSync(readFileSync(path.join(fragments, name))).toString('utf8');
      const fragment = JSON.parse(text.replace(/^pagefind_dcd/, ''));
      found.set(new URL(fragment.url, 'http://x').pathname, bundle);
    }
  }
  return found;
}

async function bundleTests(browser, site) {
  const { origin, outDir } = site;
  const searchUrl = `${origin}/search/`;
  const onDisk = readdirSync(path.join(outDir, 'pagefind', 'en')).sort();
  await check('search bundles: a large index is split, and the search page loads every bundle', searchUrl, async () => {
    const problems = [];
    if (onDisk.length < 2) problems.push(`one bundle only: ${JSON.stringify(onDisk)}`);
    const html = readFileSync(path.join(outDir, 'search', 'index.html'), 'utf8');
    const named = ((html.match(/data-bundles="([^"]*)"/) || [])[1] || '').split(' ').filter(Boolean);
    const expected = onDisk.map((n) => `/pagefind/en/${n}/`);
    if (JSON.stringify(named) !== JSON.stringify(expected)) problems.push(`the page names ${JSON.stringify(named)}, the output has ${JSON.stringify(expected)}`);
    return problems;
  });
  const bundleOf = bundleOfPages(outDir, 'en');
  for (const bundle of onDisk) {
    const i = MARKER_WORDS.findIndex((_, j) => bundleOf.get(`/realise/marker-${j}/`) === bundle);
    await check(`search bundles: a word on one page of bundle ${bundle} finds that page`, searchUrl, async () => {
      if (i < 0) return [`no marker page is in bundle ${bundle}`];
      const context = await newContext(browser, origin);
      try {
        const page = await context.newPage();
        const log = watchPage(page, origin);
        await page.goto(searchUrl);
        const problems = [];
        if (!(await searchFor(page, MARKER_WORDS[i]))) problems.push(`no result announced for "${MARKER_WORDS[i]}"`);
        const links = await page.locator('.search-result__link').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
        if (JSON.stringify(links) !== JSON.stringify([`/realise/marker-${i}/`])) problems.push(`"${MARKER_WORDS[i]}" gave ${JSON.stringify(links)}`);
        if (log.consoleErrors.length) problems.push(`console: ${log.consoleErrors.join(' | ')}`);
        if (log.failedResponses.length) problems.push(`failed: ${log.failedResponses.join(', ')}`);
        return problems;
      } finally {
        await context.close();
      }
    });
  }
}

// ---------- the server itself ----------

async function serverChecks(site) {
  const { origin } = site;
  await check('server: unknown path answers 404 with 404.html', `${origin}/no-such-page`, async () => {
    const problems = [];
    const res = await fetch(`${origin}/no-such-page`);
    const body = await res.text();
    if (res.status !== 404) problems.push(`status ${res.status}`);
    if (!/^text\/html/.test(res.headers.get('content-type') || '')) problems.push(`content-type ${res.headers.get('content-type')}`);
    if (!/<h1>/.test(body)) problems.push('body is not the 404 page');
    return problems;
  });
  await check('server: content types', origin, async () => {
    const problems = [];
    for (const [p, type] of [['/', 'text/html'], ['/assets/beacon.css', 'text/css'], ['/assets/quick-exit.js', 'text/javascript'], ['/sitemap.xml', 'application/xml']]) {
      const res = await fetch(origin + p);
      await res.arrayBuffer();
      if (res.status !== 200) problems.push(`${p}: status ${res.status}`);
      else if (!(res.headers.get('content-type') || '').startsWith(type)) problems.push(`${p}: ${res.headers.get('content-type')}`);
    }
    return problems;
  });
}

// ---------- main ----------

async function main() {
  if (!existsSync(BIN)) {
    console.error(`no beacon binary at ${BIN}: run cargo build --release first`);
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`no Chromium at ${CHROMIUM}`);
    process.exit(2);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'beacon-browser-'));
  const htmlvalidate = new HtmlValidate(JSON.parse(readFileSync(path.join(HERE, '.htmlvalidate.json'), 'utf8')));

  const sites = [
    { name: 'example', siteDir: REPO, fixture: null, quickExitTests: false, searchTests: true, componentTests: true },
    { name: 'basic', fixture: 'basic', quickExitTests: true, searchTests: true },
    // One page to a page of each hub and audience page, so the numbered
    // pages and their navigation (with gaps) are audited too.
    // 1,200 pages: the index is split into bundles the search page merges.
    { name: 'basic-split', fixture: 'basic', quickExitTests: false, auditPages: false, bulkPages: 1200, bundleTests: true },
    { name: 'basic-paged', fixture: 'basic', quickExitTests: false, extraYaml: 'pagination: { page_size: 1 }\n' },
    { name: 'theme-override', fixture: 'theme-override', quickExitTests: true },
    { name: 'bilingual', fixture: 'bilingual', quickExitTests: true },
    { name: 'bilingual-cy', fixture: 'bilingual', quickExitTests: true, language: 'cy/', auditPages: false, searchTests: true },
    { name: 'council', fixture: 'council', quickExitTests: true },
    // A council's real-style safeguarding text: long lists, a table, a contact block.
    { name: 'council-text', fixture: 'council-text', quickExitTests: false },
    // Built on a day the conversation is open, so every page has its banner.
    { name: 'consultation', fixture: 'consultation', quickExitTests: true, buildArgs: ['--today', '2026-12-10'], bannerTests: true },
  ].filter((site) => !process.env.SITES || process.env.SITES.split(',').includes(site.name));

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: LAUNCH_ARGS,
    // Playwright turns the back/forward cache off by default; keep it on, as
    // a visitor's browser has it.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });

  try {
    for (const site of sites) {
      const server = await startServer({ extra: { [EXIT_PATH]: EXIT_TARGET } });
      site.server = server;
      site.origin = server.origin;
      site.outDir = path.join(work, site.name, 'public');
      try {
        if (site.fixture) {
          // Copy the fixture, and point its quick exit at a page on this server.
          site.siteDir = path.join(work, site.name, 'site');
          cpSync(path.join(REPO, 'tests', 'fixtures', site.fixture), site.siteDir, { recursive: true });
          const yamlPath = path.join(site.siteDir, 'site.yaml');
          let yaml = readFileSync(yamlPath, 'utf8');
          if (/^quick_exit:/m.test(yaml)) throw new Error(`${site.fixture}/site.yaml already has quick_exit: update run.mjs`);
          yaml += `\nquick_exit:\n  enabled: true\n  url: "${server.origin}${EXIT_PATH}"\n  text: "Exit this page"\n`;
          if (site.extraYaml) yaml += site.extraYaml;
          writeFileSync(yamlPath, yaml);
          if (site.bulkPages) addBulkPages(site.siteDir, site.bulkPages);
        }
        site.quickExit = quickExitOf(readFileSync(path.join(site.siteDir, 'site.yaml'), 'utf8'));
        build(site.siteDir, site.outDir, server.origin, site.buildArgs || []);
        server.setRoot(site.outDir);
        console.log(`== ${site.name}: ${htmlFiles(site.outDir).length} HTML files at ${server.origin}`);

        await serverChecks(site);
        if (site.name === 'basic') plainQuickExitBox = await quickExitBox(browser, server.origin);
        if (site.bannerTests) await bannerTests(browser, site);
        if (site.componentTests) await componentTests(browser, site);
        if (site.quickExitTests) await quickExitTests(browser, site);
        if (site.searchTests) await searchTests(browser, site, htmlvalidate, site.language || '');
        if (site.bundleTests) await bundleTests(browser, site);
        if (site.auditPages !== false) await auditSite(browser, site, htmlvalidate);
      } catch (error) {
        record(`site ${site.name}`, site.origin || '-', [`error: ${error.message}`]);
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
    if (process.env.KEEP_OUTPUT) console.log(`output kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }

  console.log(`audit: ${pagesChecked} pages checked, ${violations} violations`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log(`browser: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
