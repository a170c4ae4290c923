import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';

let dir: string;
beforeAll(() => assertBuilt());
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('demo (offline, whole pipeline)', () => {
  it('extracts the bundled docket into a calendar with upcoming events, and re-runs quietly', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cc-demo-'));
    const r = await runCli(['demo', '--dir', 'd', '--json'], { cwd: dir, env: { COURTLISTENER_TOKEN: undefined, COURTLISTENER_BASE_URL: undefined } });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { icsPath: string; hearings: Array<{ status: string; localDate: string | null }>; deadlines: unknown[] };
    expect(out.icsPath).toBe(path.join(dir, 'd', 'out', 'demo.ics'));
    const today = new Date().toISOString().slice(0, 10);
    expect(out.hearings.some((h) => h.status === 'held')).toBe(true);
    expect(out.hearings.some((h) => h.status === 'cancelled')).toBe(true);
    expect(out.hearings.some((h) => h.status === 'scheduled' && (h.localDate ?? '') > today)).toBe(true);
    expect(out.deadlines.length).toBeGreaterThan(0);
    const events = parseIcs(readFileSync(out.icsPath, 'utf8'));
    expect(events.length).toBeGreaterThan(3);
    expect(events.every((e) => e.uid.startsWith('us-v-quill--'))).toBe(true);
    const again = await runCli(['demo', '--dir', 'd'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/processed=0 actions=0/);
    expect(again.stdout).toMatch(/calendars_written=0/);
  });
});
