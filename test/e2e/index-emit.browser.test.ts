import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { chromium, type Browser } from 'playwright-core';
import { ROOT, assertBuilt, runCli } from '../helpers/cli.js';

/**
 * The whole path: the built CLI runs the demo sync, writes the feed and the index page; the page is
 * opened in real Chromium and its preview compared with the feed parsed by ical.js.
 */

let dir: string;
let out: string;
let server: http.Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
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
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
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

describe('index page written by the CLI', () => {
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
