import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { Store } from '../../src/store/store.js';
import { assertBuilt, runCliStreaming } from '../helpers/cli.js';

const TOKEN = 'progress-token-4242';

let fake: FakeCourtListener;
let dir: string;

beforeAll(() => assertBuilt());
afterEach(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync progress while the pacer waits', () => {
  it('is never silent for more than 10 s, and --json keeps the heartbeat on stderr', async () => {
    fake = new FakeCourtListener({ token: TOKEN });
    fake.addDocket({ id: 6001, court_id: 'dcd', docket_number: '1:31-cr-06001', case_name: 'United States v. Elm' });
    fake.addEntry(6001, { date_filed: '2031-01-02', description: 'INDICTMENT as to ELM (1) count(s) 1.' });
    const origin = await fake.start();
    dir = mkdtempSync(path.join(tmpdir(), 'cc-progress-'));
    writeFileSync(
      path.join(dir, 'config.yaml'),
      `store_path: data/store.sqlite
ensure_docket_alerts: false
courtlistener: {max_requests_per_minute: 3}
calendars:
  main: {name: "Main", ics_path: out/main.ics}
cases:
  - {id: us-v-elm, name: "United States v. Elm", calendar: main, dockets: [6001]}
`,
    );
    // Another process spent the minute's three slots 48 s ago: the first request waits ~12 s,
    // then docket, court and entries go out together (a real wait, kept short).
    mkdirSync(path.join(dir, 'data'));
    const store = Store.open(path.join(dir, 'data', 'store.sqlite'));
    for (let i = 0; i < 3; i++) expect(store.takeRequestSlot(Date.now() - 48_000, 'dockets', 3, null).granted).toBe(true);
    store.close();

    const r = await runCliStreaming(['sync', '--json'], { cwd: dir, env: { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: origin } });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { requests: { total: number } }).requests.total).toBe(3); // stdout: one JSON document
    const waiting = r.stderr.split('\n').filter((l) => l.startsWith('waiting '));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const l of waiting) {
      // Planned: the docket and, never polled, its first entries page.
      expect(l).toMatch(/^waiting \d+ s for a CourtListener request slot \(3\/min tier; 0 of ≥2 requests done, ETA ≥\d+ s\) — next: docket 6001$/);
    }
    expect(r.stderr).not.toContain('\r'); // not a terminal: plain lines
    const times = [0, ...r.chunks.map((c) => c.at), r.ms];
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps), JSON.stringify(r.chunks.map((c) => [c.at, c.text.slice(0, 60)]))).toBeLessThanOrEqual(10_000);
    expect(r.ms).toBeGreaterThanOrEqual(8_000); // the wait was real
  }, 45_000);
});
