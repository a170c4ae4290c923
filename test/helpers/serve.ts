import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { BIN } from './cli.js';

export const SECRET = 'test-secret-Zx8Qp3Lm9Rt2Vw7Yb4Nc6Hd1Kf5Gj0Sa_-';

export interface Served {
  child: ChildProcess;
  base: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts the built CLI's `serve` on an ephemeral port and resolves once it listens. */
export function startServe(cwd: string, env: Record<string, string>, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...extra], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'info', CASE_CALENDAR_WEBHOOK_SECRET: SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 15_000);
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve({ child, base: m[1]!, stdout: () => out, stderr: () => err, exited });
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening:\n${err}`));
    });
  });
}

export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A delivery the way CourtListener sends it. */
export function post(base: string, body: unknown, opts: { key?: string; secret?: string; contentType?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
  if (opts.key) headers['idempotency-key'] = opts.key;
  return fetch(`${base}/webhooks/case-calendar/${opts.secret ?? SECRET}/`, { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) });
}

export function docketAlert(results: unknown[]) {
  return { webhook: { version: 2, event_type: 1, date_created: new Date().toISOString(), deprecation_date: null }, payload: { results } };
}

/** Ends a serve a test left running (SIGKILL: nothing to finish), and waits for it to go. */
export async function killServe(served: Served | null): Promise<void> {
  if (served && served.child.exitCode === null) {
    served.child.kill('SIGKILL');
    await served.exited;
  }
}

/** Stops serve the way systemd does (SIGTERM) and waits until it has exited. */
export async function stopServe(served: Served): Promise<void> {
  served.child.kill('SIGTERM');
  await served.exited;
}

/**
 * The usual start of a serve test: a work folder holding `config`, and a fake CourtListener that
 * knows docket 3001 (United States v. Vale), with the environment that points the CLI at it.
 */
export async function valeWorkspace(prefix: string, config: string, token: string): Promise<{ dir: string; fake: FakeCourtListener; env: Record<string, string> }> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(path.join(dir, 'config.yaml'), config);
  const fake = new FakeCourtListener({ token });
  fake.addDocket({ id: 3001, court_id: 'ilnd', docket_number: '1:30-cr-00300', case_name: 'United States v. Vale' });
  return { dir, fake, env: { COURTLISTENER_TOKEN: token, COURTLISTENER_BASE_URL: await fake.start() } };
}

/** The usual end of a serve test: serve gone, the fake CourtListener stopped, the work folder removed. */
export async function tearDown(served: Served | null, fake: { stop(): Promise<void> }, dir: string): Promise<void> {
  await killServe(served);
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
}
