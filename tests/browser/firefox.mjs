// Firefox for the editor's browser tests: Debian's firefox-esr driven by
// puppeteer-core over WebDriver BiDi (playwright can drive only its own
// patched Firefox, which this machine cannot download).
//
// `launchFirefox()` returns an object shaped like playwright's browser, and
// its pages have the part of playwright's page API that editor.mjs uses
// (textContent, fill, inputValue, locator(..).count(), setInputFiles,
// setViewportSize, key chords such as "Control+End"), so the same flows run
// unchanged in both browsers. Selectors are plain CSS: no `:text()`.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

/** Firefox's executable: FIREFOX, or Debian's firefox-esr. */
export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

/** Presses a playwright-style chord ("Control+Shift+End") with puppeteer. */
async function chord(keyboard, keys) {
  const parts = keys.split('+');
  const last = parts.pop().replace(/^Space$/, ' ');
  for (const modifier of parts) await keyboard.down(modifier);
  await keyboard.press(last);
  for (const modifier of parts.reverse()) await keyboard.up(modifier);
}

/** A puppeteer page with the playwright calls editor.mjs makes. */
function adapt(page) {
  const keyboard = {
    press: (keys) => chord(page.keyboard, keys),
    type: (text) => page.keyboard.type(text),
  };
  const uploads = mkdtempSync(path.join(tmpdir(), 'beacon-firefox-upload-'));
  return {
    keyboard,
    goto: (url) => page.goto(url),
    url: () => page.url(),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    focus: (selector) => page.focus(selector),
    click: (selector) => page.click(selector),
    screenshot: (options) => page.screenshot(options),
    waitForSelector: (selector, options) => page.waitForSelector(selector, options),
    waitForNavigation: () => page.waitForNavigation(),
    waitForFunction: (fn, arg, options = {}) => page.waitForFunction(fn, options, arg),
    setViewportSize: (size) => page.setViewport(size),
    /** Runs a script file in the page (evaluated, so the page's CSP does not apply). */
    addScriptTag: async ({ path: file }) => page.evaluate(await readFile(file, 'utf8')),
    textContent: (selector) => page.$eval(selector, (el) => el.textContent),
    inputValue: (selector) => page.$eval(selector, (el) => el.value),
    fill: async (selector, value) => {
      await page.$eval(selector, (el, text) => {
        el.value = text;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, value);
    },
    uncheck: async (selector) => {
      if (await page.$eval(selector, (el) => el.checked)) await page.click(selector);
    },
    setInputFiles: async (selector, { name, buffer }) => {
      const file = path.join(uploads, name);
      writeFileSync(file, buffer);
      const input = await page.$(selector);
      await input.uploadFile(file);
    },
    locator: (selector) => ({
      count: async () => (await page.$$(selector)).length,
      evaluate: (fn) => page.$eval(selector, fn),
    }),
  };
}

/** Launches headless Firefox; `newContext({viewport})` gives adapted pages. */
export async function launchFirefox() {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  return {
    newContext: async ({ viewport }) => ({
      newPage: async () => {
        const page = await browser.newPage();
        await page.setViewport(viewport);
        return adapt(page);
      },
    }),
    close: () => browser.close(),
  };
}
