/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_HINT, findChromium } from '../helpers/chromium.js';
import { ROOT, assertBuilt, runCli } from '../helpers/cli.js';
import { renderIndexPage, type IndexCase } from '../../src/render/index-html.js';

/**
 * The whole path: the built CLI runs the demo sync, writes the feed and the index page; the page is
 * opened in real Chromium and its preview compared with the feed parsed by ical.js.
 */

let dir: string;
let out: string;
let server: http.Server;
let origin: string;
let browser: Browser;

// A fresh machine without Chromium skips these (saying how to run them); CI must run them.
const executablePath = findChromium();
const skip = !executablePath;
if (skip && process.env.CI !== 'true') console.warn(`browser tests skipped: no Chromium found; to run them, ${CHROMIUM_HINT}`);

if (skip && process.env.CI === 'true') {
  it('finds Chromium (CI=true requires the browser tests to run)', () => {
    throw new Error(`CI=true but no Chromium found${process.env.CHROMIUM_PATH ? ` at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : ''}: ${CHROMIUM_HINT}`);
  });
}

beforeAll(async () => {
  if (skip) return;
  assertBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'cc-index-'));
  const demo = await runCli(['demo', '--dir', 'd', '--json'], { cwd: dir, env: { COURTLISTENER_TOKEN: undefined, COURTLISTENER_BASE_URL: undefined } });
  expect(demo.code).toBe(0);
  out = path.join(dir, 'd', 'out');
  server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html';
    try {
      const body = readFileSync(path.join(out, name));
      res.writeHead(200, { 'content-type': name.endsWith('.ics') ? 'text/calendar; charset=utf-8' : 'text/html; charset=utf-8' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: executablePath ?? undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function feedUids(ics: string, today: string): string[] {
  const root = new ICAL.Component(ICAL.parse(ics));
  return root
    .getAllSubcomponents('vevent')
    .map((c) => new ICAL.Event(c))
    .filter((e) => e.startDate.toString().slice(0, 10) >= today)
    .map((e) => e.uid)
    .sort();
}

describe.skipIf(skip)('index page written by the CLI', () => {
  it('previews exactly the upcoming events the feed holds, with relative subscribe links and no console errors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => !r.url().startsWith(origin) && foreign.push(r.url()));
    await page.goto(`${origin}/index.html`);
    const today = new Date().toISOString().slice(0, 10);
    const shown = (await page.locator('[data-uid]').evaluateAll((els) => els.map((e) => e.getAttribute('data-uid') ?? ''))).sort();
    const ics = readFileSync(path.join(out, 'demo.ics'), 'utf8');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(feedUids(ics, today));
    expect(await page.getByRole('link', { name: /subscribe/i }).first().getAttribute('href')).toBe('demo.ics');
    expect(await page.title()).toBe('case-calendar demo');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-output', 'index-demo.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('offers webcal:// and https:// links once public_base_url is set, and leaves an unchanged page alone', async () => {
    appendFileSync(path.join(dir, 'd', 'config.yaml'), 'public_base_url: https://cal.example.org/feeds/\n');
    const first = await runCli(['emit', '--json'], { cwd: path.join(dir, 'd') });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).index.written).toBe(true);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('href="webcal://cal.example.org/feeds/demo.ics"');
    expect(html).toContain('https://cal.example.org/feeds/demo.ics');
    const mtime = statSync(path.join(out, 'index.html')).mtimeMs;
    const again = await runCli(['emit', '--json'], { cwd: path.join(dir, 'd') });
    expect(JSON.parse(again.stdout).index.written).toBe(false);
    expect(statSync(path.join(out, 'index.html')).mtimeMs).toBe(mtime);
  }, 60_000);
});

/** A page with two calendars and cases whose name, next-event and last-filing orders all differ. */
function fixturePage(): string {
  const today = '2026-03-10';
  const ev = (caseId: string, n: number, day: number, status: 'scheduled' | 'cancelled' = 'scheduled') => ({
    uid: `${caseId}--ev-${n}@case-calendar`,
    kind: n % 2 ? ('deadline' as const) : ('hearing' as const),
    title: `Event ${n} of ${caseId}`,
    status,
    localDate: `2026-03-${String(day).padStart(2, '0')}`,
    localTime: n % 2 ? null : '09:30',
    zoneAbbrev: n % 2 ? null : 'EDT',
    startMs: Date.parse(`2026-03-${String(day).padStart(2, '0')}T13:30:00Z`),
  });
  const c = (caseId: string, caseName: string, lastFilingDate: string | null, events: IndexCase['events']): IndexCase => ({
    caseId,
    caseName,
    tags: ['tag-one', 'a considerably longer tag'],
    dockets: [{ docketId: 9, docketNumber: '1:26-cr-00009-ABC-DEF', courtCitation: 'S.D.N.Y.', url: 'https://www.courtlistener.com/docket/9/x/' }],
    lastFilingDate,
    events,
  });
  return renderIndexPage({
    siteTitle: 'Fixture calendars',
    siteDescription: 'A page to exercise in a browser.',
    today,
    updated: '2026-03-09',
    calendars: [
      {
        calendarId: 'criminal',
        name: 'Criminal',
        feedHref: 'https://cal.example.org/criminal.ics',
        webcalHref: 'webcal://cal.example.org/criminal.ics',
        cases: [
          c('zed', 'Zed v. United States', '2026-02-01', [ev('zed', 0, 12), ev('zed', 1, 13), ev('zed', 2, 14), ev('zed', 3, 15), ev('zed', 4, 16), ev('zed', 5, 17, 'cancelled')]),
          c('able', 'Able v. Baker', '2026-03-05', [ev('able', 0, 20)]),
          c('moss', 'United States v. Moss, a case with a very long caption that has to wrap on a phone', null, []),
        ],
      },
      { calendarId: 'civil', name: 'Civil', feedHref: 'civil.ics', webcalHref: null, cases: [] },
    ],
  });
}

describe.skipIf(skip)('index page in the browser', () => {
  it('sorts, expands, copies, follows dark mode and fits a phone', async () => {
    writeFileSync(path.join(out, 'fixture.html'), fixturePage());
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/fixture.html`);
    const names = () => page.locator('#cases-criminal > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));

    expect(await names()).toEqual(['zed v. united states', 'able v. baker', 'united states v. moss, a case with a very long caption that has to wrap on a phone']);
    const sort = page.getByLabel('Sort by');
    await sort.selectOption('name');
    expect(await names()).toEqual(['able v. baker', 'united states v. moss, a case with a very long caption that has to wrap on a phone', 'zed v. united states']);
    await sort.selectOption('filing');
    expect(await names()).toEqual(['able v. baker', 'zed v. united states', 'united states v. moss, a case with a very long caption that has to wrap on a phone']);
    // By keyboard too.
    await sort.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await sort.inputValue()).toBe('next');
    expect((await names())[0]).toBe('zed v. united states');
    // The page clears the live region and writes it 30 ms later so screen readers re-read it: wait for it.
    await page.waitForFunction(() => document.getElementById('announce')?.textContent === 'Sorted by Next event');

    const more = page.locator('details summary', { hasText: '+3 more' });
    expect(await page.locator('details [data-uid="zed--ev-5@case-calendar"]').isVisible()).toBe(false);
    await more.click();
    expect(await page.locator('details [data-uid="zed--ev-5@case-calendar"]').isVisible()).toBe(true);
    expect(await page.locator('[data-uid="zed--ev-5@case-calendar"] .title').evaluate((e) => getComputedStyle(e).textDecorationLine)).toBe('line-through');

    expect(await page.getByRole('link', { name: 'Subscribe' }).first().getAttribute('href')).toBe('webcal://cal.example.org/criminal.ics');
    await page.getByRole('button', { name: 'Copy link' }).first().click();
    await page.waitForFunction(() => document.getElementById('announce')?.textContent === 'Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('https://cal.example.org/criminal.ics');
    // The calendar without public_base_url links its file relatively.
    expect(await page.locator('section[aria-labelledby="cal-civil"] a.button').getAttribute('href')).toBe('civil.ics');
    expect(await page.locator('section[aria-labelledby="cal-civil"]').textContent()).toContain('No cases yet.');

    mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-output', 'index-page.png'), fullPage: true });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).toBe('rgb(18, 20, 23)');
    await page.screenshot({ path: path.join(ROOT, 'test-output', 'index-page-dark.png'), fullPage: true });

    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(ROOT, 'test-output', 'index-page-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
