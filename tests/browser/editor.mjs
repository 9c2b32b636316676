// Browser tests for the editor (`beacon serve --edit`), in headless Chromium
// (playwright) or, with BROWSER=firefox, headless Firefox (firefox.mjs),
// on a copy of the example campaign:
//
// - the dashboard opens from the printed address (the token becomes a
//   cookie and leaves the address bar);
// - with the keyboard alone: "Add a page" for Recognise × parents, a title,
//   a summary, create; then a bad link in the page text: the live check (a
//   moment after typing stops, nothing saved) shows it, and Save shows the
//   error summary, whose link moves focus to the inline message's field;
//   the link fixed, Draft cleared and saved, the built page and the
//   Recognise hub show the new page;
// - a save after an outside change to the same file is refused with the
//   difference, and the file keeps the outside change;
// - the preview frames show the unsaved page in the theme after a change;
// - the page text's toolbar, with the keyboard: a link to a page chosen
//   by title, an image refused until it has its description;
// - a picture uploaded beside the page: refused until it says what it
//   shows, then saved and its Markdown shown;
// - a help service's phone number changed to an Ofcom drama number is
//   refused with the error summary and the inline message; the number
//   typed again shows in the Get help preview, unsaved; with each
//   number and address ticked, "checked today" sets only its date; it
//   cannot be removed while pages feature it;
// - the Welsh translation of a page is edited, previewed unsaved in
//   Welsh, and saved;
// - on a council copy (tests/fixtures/council): a national page is
//   overridden, and an override's national version accepted; an empty
//   new help service is refused with each field to fill;
// - in Chromium, what its accessibility tree gives a screen reader for a
//   field with a problem (its name, hint and error, invalid) and for the
//   error summary (an alert);
// - axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing on every editor
//   screen (dashboard, new page with errors, page form with errors, saved,
//   conflict, translation) at 1280px and 390px.
//
// SHOTS=folder also saves each screen at both widths there. Prints
// `FAIL <check>: <problem>` per failure and `editor: N passed, M failed`;
// exits 1 on any failure. Environment as run.mjs (BEACON_BIN, CHROMIUM).
// The context bypasses CSP only so that axe can be injected; the editor's
// policy itself is checked by tests/editor.rs.

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { launchFirefox } from './firefox.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const BIN = process.env.BEACON_BIN || path.join(REPO, 'target', 'release', 'beacon');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_PATH = path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOTS = process.env.SHOTS;
/** `chromium` (playwright) or `firefox` (puppeteer over WebDriver BiDi, see firefox.mjs). */
const BROWSER = process.env.BROWSER || 'chromium';

let passed = 0;
let failed = 0;
function check(name, ok, problem) {
  if (ok) {
    passed += 1;
  } else {
    failed += 1;
    console.log(`FAIL ${name}: ${problem}`);
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'beacon-editor-'));
const site = path.join(work, 'site');
for (const part of ['site.yaml', 'content', 'assets']) {
  cpSync(path.join(REPO, part), path.join(site, part), { recursive: true });
}

/** `beacon serve --edit` on `dir`, and what it prints. */
function start(dir, out) {
  const child = spawn(BIN, ['serve', '--edit', '--port', '0', '--site', dir, '--out', out], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen = { preview: null, editor: null, builds: 0, child };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    for (const line of chunk.split('\n')) {
      const preview = line.match(/^Serving the preview at (\S+)/);
      const editor = line.match(/^Edit the site at (\S+)/);
      if (preview) seen.preview = preview[1];
      if (editor) seen.editor = editor[1];
      if (line.startsWith('Built') || line.startsWith('Rebuilt')) seen.builds += 1;
    }
  });
  return seen;
}

const printed = start(site, path.join(work, 'preview'));
const server = printed.child;
const council = path.join(work, 'council');
cpSync(path.join(REPO, 'tests', 'fixtures', 'council'), council, { recursive: true });
const councilServer = start(council, path.join(work, 'council-preview'));

async function until(what, done, ms = 60000) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function axe(page, name) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.addScriptTag({ path: AXE_PATH });
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
    check(`axe on ${name} at ${width}px`, found.length === 0, found.join('; '));
    if (SHOTS) {
      await page.screenshot({ path: path.join(SHOTS, `${BROWSER}-${name.replace(/\W+/g, '-')}-${width}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Presses Tab until the focused element matches `test` (at most 200 times). */
async function tabTo(page, what, test) {
  for (let i = 0; i < 200; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(test)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

const focusedText = () => (document.activeElement?.textContent || '').trim();

/**
 * What a screen reader is given for the element at `selector`: the role,
 * name, description and invalid state Chromium's accessibility tree
 * computes (the data screen readers read). Null outside Chromium.
 */
async function spoken(page, selector) {
  if (BROWSER !== 'chromium') return null;
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
  await cdp.detach();
  const node = nodes[0] || {};
  const property = (name) => node.properties?.find((p) => p.name === name)?.value?.value;
  return { role: node.role?.value, name: node.name?.value || '', description: node.description?.value || '', invalid: property('invalid') };
}

async function run() {
  await until('the editor address', () => printed.editor && printed.builds > 0);
  const browser = BROWSER === 'firefox'
    ? await launchFirefox()
    : await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  try {
    // The dashboard, from the printed address.
    await page.goto(printed.editor);
    check('the token leaves the address bar', !page.url().includes('token='), page.url());
    check('the dashboard opens', (await page.textContent('h1')) === 'Your site', await page.textContent('h1'));
    await axe(page, 'dashboard');

    // Add a page for Recognise × parents with the keyboard alone.
    await page.goto(printed.editor.split('?')[0]);
    await tabTo(page, 'the empty cell or "Add a page"', () => /^Add a page/.test((document.activeElement?.textContent || '').trim()));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Add a page');
    await page.keyboard.press('Tab');
    // Submitting empty shows the error summary.
    await tabTo(page, 'Create the page', () => (document.activeElement?.textContent || '').trim() === 'Create the page');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.error-summary');
    check('an empty new page is refused with each problem', (await page.locator('.error-summary li').count()) === 3, await page.textContent('.error-summary'));
    await axe(page, 'new page with errors');
    await page.focus('#field-title');
    await page.keyboard.type('Signs at the school gate');
    await page.keyboard.press('Tab');
    await page.keyboard.type('What parents may notice when they collect their child from school.');
    await tabTo(page, 'the Recognise radio', () => document.activeElement?.id === 'field-r-0');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'the parents checkbox', () => document.activeElement?.value === 'parents');
    await page.keyboard.press('Space');
    await tabTo(page, 'Create the page', () => (document.activeElement?.textContent || '').trim() === 'Create the page');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.notice');
    const created = path.join(site, 'content', 'recognise', 'signs-at-the-school-gate.md');
    const createdText = readFileSync(created, 'utf8');
    check('the page is created as a draft for Recognise and parents', createdText.includes('rs: [recognise]\naudiences: [parents]') && createdText.includes('draft: true'), createdText);
    const formUrl = page.url().split('?')[0];

    // A bad link: refused, with the summary linking to the field.
    await page.focus('#field-body');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nSee [the full list of signs](no-such-page.md).\n');
    // The live check, a moment after typing stops, before any save.
    await page.waitForFunction(() => (document.querySelector('#results .error-summary')?.textContent || '').includes('no-such-page.md'), null, { timeout: 15000 });
    const status = await page.textContent('#live-status');
    check('the live check finds the bad link and says so', status.startsWith('Checked: 1 problem'), status);
    check('the live check saves nothing', !readFileSync(created, 'utf8').includes('no-such-page.md'), 'written');
    const liveInline = await page.evaluate(() => { const body = document.getElementById('field-body'); return { bar: body.closest('.field').classList.contains('field--error'), message: document.getElementById('field-body-error')?.textContent || '', invalid: body.getAttribute('aria-invalid'), described: body.getAttribute('aria-describedby') }; });
    check('the live check puts its message on the page text too', liveInline.bar && liveInline.message.includes('no-such-page.md') && liveInline.invalid === 'true' && liveInline.described === 'field-body-hint field-body-error', JSON.stringify(liveInline));
    await page.uncheck('#field-draft');
    await tabTo(page, 'Save', () => (document.activeElement?.textContent || '').trim() === 'Save');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.error-summary');
    const summary = await page.textContent('.error-summary');
    check('a bad link shows the error summary', summary.includes('There is a problem') && summary.includes('no-such-page.md'), summary);
    const inline = await page.locator('#field-body').evaluate((el) => el.closest('.field').querySelector('.error-message')?.textContent || '');
    check('a bad link shows the inline message on the page text', inline.includes('no-such-page.md'), inline);
    check('the refused page is not written', !readFileSync(created, 'utf8').includes('no-such-page.md'), 'written');
    await axe(page, 'page form with errors');
    const told = await spoken(page, '#field-body');
    if (told) {
      check('a screen reader is told the page text field\'s name, its error and its hint', told.role === 'textbox' && told.name === 'Page text' && told.description.includes('Error: Line 4 of the page text: broken link') && told.description.includes('Markdown') && told.invalid === 'true', JSON.stringify(told));
      const summary = await spoken(page, '.error-summary');
      check('the error summary is an alert, announced on arrival', summary.role === 'alert', JSON.stringify(summary));
    }
    await page.focus('.error-summary a');
    await page.keyboard.press('Enter');
    check('the summary link moves focus to the field', await page.evaluate(() => document.activeElement?.id === 'field-body'), await page.evaluate(() => document.activeElement?.id));

    // Fixed and saved: the built page and the hub show it.
    const body = await page.inputValue('#field-body');
    await page.fill('#field-body', body.replace('no-such-page.md', 'signs.md'));
    await page.focus('#field-body');
    await tabTo(page, 'Save', () => (document.activeElement?.textContent || '').trim() === 'Save');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.notice');
    check('the fixed page saves', (await page.textContent('.notice')).startsWith('Saved'), await page.textContent('.notice'));
    await axe(page, 'page saved');
    const saved = readFileSync(created, 'utf8');
    check('the saved file keeps its keys and loses draft', saved.startsWith('---\ntitle: Signs at the school gate\n') && !saved.includes('draft') && saved.includes('(signs.md)'), saved);
    const built = new URL('recognise/signs-at-the-school-gate/', printed.preview).href;
    const hub = new URL('recognise/', printed.preview).href;
    await until('the built page', async () => (await fetch(built)).ok, 30000);
    await until('the hub to list the page', async () => (await (await fetch(hub)).text()).includes('Signs at the school gate'), 30000);
    check('the built page and the hub show the page', true, '');

    // An outside change since the form opened: refused with the diff.
    await page.goto(formUrl);
    writeFileSync(created, readFileSync(created, 'utf8').replace('What parents may notice', 'What a parent may notice'));
    await page.fill('#field-title', 'Signs at the school gates');
    await Promise.all([page.waitForNavigation(), page.click('button[value="save"]')]);
    await page.waitForSelector('#conflict');
    const diff = await page.textContent('.diff');
    check('a save after an outside change is refused with the diff', diff.includes('-title: Signs at the school gate') && diff.includes('+title: Signs at the school gates'), diff);
    check('the outside change is kept', readFileSync(created, 'utf8').includes('What a parent may notice') && !readFileSync(created, 'utf8').includes('gates'), 'overwritten');
    await axe(page, 'conflict');

    // The page text's toolbar, with the keyboard: a link to another page
    // chosen by its title, and an image that needs its description.
    await page.goto(formUrl);
    await page.focus('#field-body');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+Tab');
    check('the toolbar is one tab stop before the page text', await page.evaluate(() => document.activeElement?.dataset.tool === 'heading'), await page.evaluate(() => document.activeElement?.outerHTML));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#tool-link[open]');
    check('the link dialog opens on its page list', await page.evaluate(() => document.activeElement?.id === 'tool-link-page'), await page.evaluate(() => document.activeElement?.id));
    await page.keyboard.press('ArrowDown');
    const chosen = await page.evaluate(() => document.getElementById('tool-link-page').value);
    await page.keyboard.press('Tab');
    await page.keyboard.type('the other page');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.getElementById('tool-link').open && document.getElementById('field-body').value.includes('[the other page]'), null, { timeout: 5000 }).catch(() => {});
    const linked = await page.inputValue('#field-body');
    check('the link is written as Markdown at the cursor', linked.endsWith(`[the other page](${chosen})`) && chosen.endsWith('.md'), linked.slice(-80));
    await page.waitForFunction(() => (document.querySelector('iframe.preview')?.srcdoc || '').includes('the other page'), null, { timeout: 15000 }).catch(() => {});
    const previewed = await page.evaluate(() => ({ srcdoc: document.querySelector('iframe.preview')?.srcdoc || '', heading: document.getElementById('preview-heading')?.textContent }));
    check('the preview shows the unsaved change in the theme', previewed.srcdoc.includes('the other page') && previewed.srcdoc.includes('Exit this page') && previewed.heading === 'Preview of your changes', previewed.heading);
    // The theme's styles load in the frame (Firefox takes 'self' in a srcdoc frame as no origin).
    await page.waitForFunction(() => { const doc = document.querySelector('iframe.preview')?.contentDocument; const exit = doc?.querySelector('.quick-exit'); return exit && getComputedStyle(exit).position === 'sticky'; }, null, { timeout: 10000 }).catch(() => {});
    const styled = await page.evaluate(() => { const exit = document.querySelector('iframe.preview')?.contentDocument?.querySelector('.quick-exit'); return exit ? getComputedStyle(exit).position : 'no bar'; });
    check('the preview frame loads the theme\'s styles', styled === 'sticky', styled);
    check('the preview writes nothing', !readFileSync(created, 'utf8').includes('the other page'), 'written');
    await axe(page, 'page form with the toolbar');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('End');
    check('End moves along the toolbar to Image', await page.evaluate(() => document.activeElement?.dataset.tool === 'image'), await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120)));
    await page.keyboard.press('Enter');
    await page.waitForSelector('#tool-image[open]');
    await page.keyboard.type('images/poster.png');
    await page.keyboard.press('Enter');
    check('an image without its description is not added', await page.evaluate(() => document.getElementById('tool-image').open && !document.getElementById('tool-image-alt-error').hidden && document.activeElement?.id === 'tool-image-alt'), 'it closed or said nothing');
    await axe(page, 'image dialog with an error');
    await page.keyboard.type('A poster with the helpline number');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.getElementById('tool-image').open && document.getElementById('field-body').value.includes('![A poster'), null, { timeout: 5000 }).catch(() => {});
    check('the image is written with its description', (await page.inputValue('#field-body')).endsWith('![A poster with the helpline number](images/poster.png)\n\n'), (await page.inputValue('#field-body')).slice(-80));

    // Uploading a picture: refused until it says what it shows.
    await page.goto(formUrl);
    await tabTo(page, 'Add a picture or document', () => (document.activeElement?.textContent || '').trim() === 'Add a picture or document');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await axe(page, 'upload form');
    const pictureBytes = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a0a50000000049454e44ae426082', 'hex');
    await page.setInputFiles('#field-file', { name: 'School gate poster.png', mimeType: 'image/png', buffer: pictureBytes });
    await tabTo(page, 'Upload', () => (document.activeElement?.textContent || '').trim() === 'Upload');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.error-summary');
    check('a picture without its description is refused', (await page.textContent('.error-summary')).includes('Say what the picture shows'), await page.textContent('.error-summary'));
    await axe(page, 'upload with errors');
    await page.setInputFiles('#field-file', { name: 'School gate poster.png', mimeType: 'image/png', buffer: pictureBytes });
    await page.focus('#field-alt');
    await page.keyboard.type('A poster at a school gate');
    await tabTo(page, 'Upload', () => (document.activeElement?.textContent || '').trim() === 'Upload');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.notice');
    check('the picture is saved beside the page and its Markdown shown', readFileSync(path.join(site, 'content', 'recognise', 'school-gate-poster.png')).equals(pictureBytes) && (await page.textContent('pre')).includes('![A poster at a school gate](school-gate-poster.png)'), await page.textContent('main'));
    await axe(page, 'uploaded');

    // A help service: a drama number is refused; "checked today" needs
    // every number and address ticked. Keyboard only.
    const services = path.join(site, 'content', '_signposts', 'national.yaml');
    const servicesBefore = readFileSync(services, 'utf8');
    await page.goto(printed.editor.split('?')[0]);
    await tabTo(page, 'the NSPCC Helpline link', () => (document.activeElement?.textContent || '').trim() === 'NSPCC Helpline');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('#field-phone');
    await tabTo(page, 'the phone field', () => document.activeElement?.id === 'field-phone');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('01632 960999');
    await tabTo(page, 'Save', () => (document.activeElement?.textContent || '').trim() === 'Save');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.error-summary');
    const drama = await page.textContent('.error-summary');
    check('a drama number is refused in the error summary', drama.includes('01632 960999 is an Ofcom drama number'), drama);
    const dramaInline = await page.textContent('#field-phone-error').catch(() => '');
    check('a drama number has its inline message on the phone field', dramaInline.includes('Ofcom drama number'), dramaInline);
    check('a refused service is not written', readFileSync(services, 'utf8') === servicesBefore, 'written');
    await axe(page, 'service form with errors');
    await page.focus('.error-summary a');
    await page.keyboard.press('Enter');
    check('the summary link moves focus to the phone field', await page.evaluate(() => document.activeElement?.id === 'field-phone'), await page.evaluate(() => document.activeElement?.id));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0808 800 5000');
    await page.waitForFunction(() => (document.querySelector('iframe.preview')?.srcdoc || '').includes('tel:+448088005000'), null, { timeout: 15000 }).catch(() => {});
    const helpPreview = await page.evaluate(() => ({ srcdoc: document.querySelector('iframe.preview')?.srcdoc || '', heading: document.getElementById('preview-heading')?.textContent }));
    check('the service form previews the Get help page with the typed number', helpPreview.srcdoc.includes('tel:+448088005000') && helpPreview.heading === 'Preview of your changes', helpPreview.heading);
    const phoneInline = await page.evaluate(() => { const phone = document.getElementById('field-phone'); return { bar: phone.closest('.field').classList.contains('field--error'), message: Boolean(document.getElementById('field-phone-error')), invalid: phone.getAttribute('aria-invalid') }; });
    check('once the number is right, the live check takes the phone field\'s message away', !phoneInline.bar && !phoneInline.message && phoneInline.invalid === null, JSON.stringify(phoneInline));
    await axe(page, 'service form with its preview');
    const confirmations = await page.locator('input[name="confirm"]').count();
    for (let i = 0; i < confirmations; i += 1) {
      await tabTo(page, `confirmation ${i + 1}`, () => document.activeElement?.name === 'confirm' && !document.activeElement.checked);
      await page.keyboard.press('Space');
    }
    await tabTo(page, 'Save and mark as checked today', () => (document.activeElement?.textContent || '').trim() === 'Save and mark as checked today');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.notice');
    check('checked today saves', (await page.textContent('.notice')).includes('marked as checked today'), await page.textContent('.notice'));
    const servicesAfter = readFileSync(services, 'utf8');
    const changedLines = servicesAfter.split('\n').filter((line, i) => line !== servicesBefore.split('\n')[i]);
    check('checked today changes only the service\'s verified date', changedLines.length === 1 && /^  verified: \d{4}-\d{2}-\d{2}$/.test(changedLines[0]), changedLines.join(' | '));
    await axe(page, 'service checked today');
    await tabTo(page, 'the Remove this service summary', () => document.activeElement?.tagName === 'SUMMARY' && (document.activeElement.textContent || '').trim() === 'Remove this service');
    await page.keyboard.press('Enter');
    await tabTo(page, 'the Remove this service button', () => document.activeElement?.tagName === 'BUTTON' && (document.activeElement.textContent || '').trim() === 'Remove this service');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.notice');
    check('a service that pages feature is not removed', (await page.textContent('.notice')).includes('still feature it') && readFileSync(services, 'utf8') === servicesAfter, await page.textContent('.notice'));
    await axe(page, 'service not removed');

    // The Welsh translation of a page.
    await page.goto(printed.editor.split('?')[0]);
    await Promise.all([page.waitForNavigation(), page.evaluate(() => [...document.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Adnabod').click())]);
    await page.waitForSelector('#field-title');
    check('a translation\'s form has no Rs', (await page.locator('#field-rs').count()) === 0, 'it has');
    await page.fill('#field-title', 'Adnabod yr arwyddion');
    await page.waitForFunction(() => (document.querySelector('iframe.preview')?.srcdoc || '').includes('Adnabod yr arwyddion'), null, { timeout: 15000 }).catch(() => {});
    const welshPreview = await page.evaluate(() => document.querySelector('iframe.preview')?.srcdoc || '');
    check('a translation previews its unsaved text in Welsh', welshPreview.includes('<html lang="cy"') && welshPreview.includes('Adnabod yr arwyddion'), welshPreview.slice(0, 120));
    await axe(page, 'translation previewed');
    await Promise.all([page.waitForNavigation(), page.click('button[value="save"]')]);
    await page.waitForSelector('.notice');
    const welsh = readFileSync(path.join(site, 'content', 'recognise', '_index.cy.md'), 'utf8');
    check('the Welsh translation is saved', welsh.startsWith('---\ntitle: Adnabod yr arwyddion\nslug: adnabod\n'), welsh);
    await axe(page, 'translation');
    check('no other file in content/ was touched', readdirSync(path.join(site, 'content', 'recognise')).every((name) => !name.startsWith('.')), 'a temporary file was left');

    // A council copy: override a national page, accept a national change.
    await until('the council editor', () => councilServer.editor && councilServer.builds > 0);
    await page.goto(councilServer.editor);
    await tabTo(page, 'the national page', () => (document.activeElement?.textContent || '').trim() === 'Myths and facts');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await axe(page, 'national page');
    await tabTo(page, 'Override this page', () => (document.activeElement?.textContent || '').trim() === 'Override this page');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.notice');
    const copy = readFileSync(path.join(council, 'content', 'realise', 'myths.md'), 'utf8');
    check('overriding copies the national page into the council\'s content', copy === readFileSync(path.join(council, 'national', 'content', 'realise', 'myths.md'), 'utf8'), copy.slice(0, 80));
    check('the override has a form', (await page.locator('#field-title').count()) === 1, 'no form');
    await axe(page, 'override saved');
    await page.goto(councilServer.editor.split('?')[0]);
    await tabTo(page, 'the overridden Signs page', () => (document.activeElement?.textContent || '').trim() === 'Signs');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('#national-change');
    await axe(page, 'override to review');
    await tabTo(page, 'Accept the national version', () => (document.activeElement?.textContent || '').trim() === 'Accept the national version');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.notice');
    check('accepting records the national page in upstream.lock', readFileSync(path.join(council, 'upstream.lock'), 'utf8').includes('recognise/signs.md'), 'not recorded');
    check('after accepting, nothing is left to review', (await page.locator('#national-change').count()) === 0, 'still shown');
    await page.goto(councilServer.editor.split('?')[0]);
    await tabTo(page, 'Add a help service', () => (document.activeElement?.textContent || '').trim() === 'Add a help service');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await axe(page, 'new service');
    await tabTo(page, 'Add the service', () => (document.activeElement?.textContent || '').trim() === 'Add the service');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('.error-summary');
    check('an empty new service names each field to fill', (await page.locator('.error-summary li').count()) === 6, await page.textContent('.error-summary'));
    await axe(page, 'new service with errors');
  } catch (error) {
    check('the editor flow', false, `${error.message.split('\n')[0]} (at ${page.url()})`);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}

try {
  await run();
} finally {
  server.kill();
  councilServer.child.kill();
  if (!process.env.KEEP_OUTPUT) rmSync(work, { recursive: true, force: true });
}
console.log(`editor (${BROWSER}): ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
