import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

const TOKEN = 'store-cmd-token-77';
const twoCases = `
store_path: data/store.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/main.ics}}
cases:
  - {id: us-v-ash, name: "United States v. Ash", calendar: main, dockets: [11]}
  - {id: us-v-birch, name: "United States v. Birch", calendar: main, dockets: [22]}
`;
let fake: FakeCourtListener;
let dir: string;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { cwd: dir, env });

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-store-cmd-'));
  writeFileSync(path.join(dir, 'config.yaml'), twoCases);
  fake = new FakeCourtListener({ token: TOKEN });
  fake.addDocket({ id: 11, court_id: 'mad', docket_number: '1:26-cr-10011', case_name: 'United States v. Ash' });
  fake.addDocket({ id: 22, court_id: 'mad', docket_number: '1:26-cr-10022', case_name: 'United States v. Birch' });
  fake.addEntry(11, { description: 'Status Conference set for 2/3/2031 02:00 PM in Courtroom 9 before Judge Denise J. Casper.' });
  fake.addEntry(22, { description: 'Jury Trial set for 3/3/2031 09:00 AM in Courtroom 9 before Judge Denise J. Casper.' });
  env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: await fake.start() };
});
afterEach(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('show and prune', () => {
  it('show prints each case with court-local times and keys', async () => {
    expect((await cli('sync')).code).toBe(0);
    const r = await cli('show', '--case', 'us-v-birch');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/=== us-v-birch — United States v\. Birch \(1 hearings, 0 deadlines\) ===/);
    expect(r.stdout).toMatch(/\[scheduled \] 2031-03-03 09:00 {2}Jury Trial/);
    expect(r.stdout).not.toMatch(/us-v-ash/);
  });

  it('prune lists dockets no case references, deletes only with --apply', async () => {
    expect((await cli('sync')).code).toBe(0);
    expect((await cli('prune')).stdout).toMatch(/No orphan dockets — store has 2 docket\(s\)/);
    writeFileSync(path.join(dir, 'config.yaml'), twoCases.replace(/ {2}- \{id: us-v-birch.*\n/, ''));
    const dry = await cli('prune');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/docket_id=22 {2}1:26-cr-10022 \(mad\) — United States v\. Birch: entries=1 hearings=1 deadlines=0/);
    expect(dry.stdout).toMatch(/Dry run — re-run with --apply to delete\./);
    const stillThere = JSON.parse((await cli('prune', '--json')).stdout) as { orphans: unknown[] };
    expect(stillThere.orphans).toHaveLength(1);
    const applied = await cli('prune', '--apply');
    expect(applied.stdout).toMatch(/Deleted 1 orphan docket\(s\)\./);
    expect((await cli('prune')).stdout).toMatch(/No orphan dockets — store has 1 docket\(s\)/);
    const show = JSON.parse((await cli('show', '--json')).stdout) as Array<{ id: string; hearings: unknown[] }>;
    expect(show.map((c) => c.id)).toEqual(['us-v-ash']);
    expect(show[0]!.hearings).toHaveLength(1);
  });

  it('prints usage help and exits 2 on an unknown command or flag', async () => {
    const r = await cli('synk');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'synk'/);
    const f = await cli('sync', '--bogus');
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/unknown option '--bogus'/);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const c of ['sync', 'emit', 'show', 'prune', 'demo']) expect(help.stdout).toContain(c);
  });
});
