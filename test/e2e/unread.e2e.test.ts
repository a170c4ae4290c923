import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { SECRET, tearDown, startServe, type Served } from '../helpers/serve.js';

/** An entry the rules cannot read is never dropped in silence: sync counts it, show lists it, health counts it. */

const TOKEN = 'unread-token-31';
let fake: FakeCourtListener;
let dir: string;
let env: Record<string, string>;
let served: Served | null = null;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-unread-'));
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: data/store.sqlite
courtlistener: {backoff_base_ms: 10, max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: us-v-fern, name: "United States v. Fern", calendar: main, dockets: [4100]}]
`,
  );
  fake = new FakeCourtListener({ token: TOKEN });
  fake.addDocket({ id: 4100, court_id: 'ilnd', docket_number: '1:31-cr-00041', case_name: 'United States v. Fern' });
  env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: await fake.start() };
});
afterEach(async () => {
  await tearDown(served, fake, dir);
  served = null;
});

describe('unread entries', () => {
  it('sync reports them, show --unread lists them with a CourtListener link, and health counts them', async () => {
    const soon = new Date(Date.now() + 30 * 86_400_000);
    const mdy = `${soon.getUTCMonth() + 1}/${soon.getUTCDate()}/${soon.getUTCFullYear()}`;
    fake.addEntry(4100, { entry_number: 5, description: `Counsel and the defendant to appear in chambers ${mdy} 02:00 PM for a plea colloquy on the status of the case.` });
    fake.addEntry(4100, { entry_number: 6, description: 'NOTICE OF ATTORNEY APPEARANCE: Jo Park appearing for USA.' });
    const sync = await runCli(['sync'], { cwd: dir, env });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/unread=1 \(see: show --unread\)/);
    expect(sync.stdout).toMatch(/sync done: .* unread=1 /);

    const show = await runCli(['show', '--unread'], { cwd: dir, env });
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/us-v-fern .*\(1 unread\)/);
    expect(show.stdout).toMatch(/#5 {2}names \d{4}-\d{2}-\d{2} near "[a-z]+"/);
    expect(show.stdout).toMatch(/https:\/\/www\.courtlistener\.com\/docket\/4100\/[^\s]*#entry-5/);
    const json = JSON.parse((await runCli(['show', '--unread', '--json'], { cwd: dir, env })).stdout) as Array<{ unread: Array<{ entryNumber: number; reason: string }> }>;
    expect(json[0]!.unread.map((u) => u.entryNumber)).toEqual([5]);

    served = await startServe(dir, env, ['--no-worker']);
    const health = (await (await fetch(`${served.base}/webhooks/case-calendar/${SECRET}/health`)).json()) as { unreadEntries: number };
    expect(health.unreadEntries).toBe(1);
  });
});
