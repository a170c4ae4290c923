import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActionSchema } from '../../src/extract/actions.js';
import { BIN, ROOT, assertBuilt } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

const run = (input: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'extract', ...args], { input, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, maxBuffer: 64 * 1024 * 1024 });

describe('extract (operator tool: entries on stdin, actions out, no store)', () => {
  it('prints the actions of each entry as JSON lines, using the known rows it is given', () => {
    const lines = [
      { id: 'set', description: 'Sentencing set for 5/28/2031 10:00 AM in Courtroom 3 before Judge Ada Lin.', court_id: 'dcd', date_filed: '2031-01-05' },
      {
        id: 'reset',
        description: 'Sentencing reset for 6/30/2031 02:00 PM in Courtroom 3 before Judge Ada Lin.',
        court_id: 'dcd',
        context: { known_hearings: [{ key: 'sentencing', type: 'sentencing', date: '2031-05-28', time: '10:00', status: 'scheduled' }] },
      },
      { id: 'noise', description: 'NOTICE OF ATTORNEY APPEARANCE: Jo Park appearing for USA.' },
    ];
    const r = run(lines.map((l) => JSON.stringify(l)).join('\n'), '--json');
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; relevant: boolean; actions: Array<Record<string, unknown>> });
    expect(out.map((o) => o.id)).toEqual(['set', 'reset', 'noise']);
    expect(out[0]!.actions[0]).toMatchObject({ type: 'ADD_HEARING', hearing_type: 'sentencing', local_date: '2031-05-28', local_time: '10:00' });
    expect(out[1]!.actions[0]).toMatchObject({ type: 'RESCHEDULE_HEARING', hearing_key: 'sentencing', local_date: '2031-06-30', local_time: '14:00' });
    expect(out[2]).toEqual({ id: 'noise', relevant: false, actions: [], unread: null });
  });

  it('says why an entry gave nothing (prefilter, nothing event-like, or UNREAD with the date), and accepts key-less known rows and "filed" deadlines', () => {
    const lines = [
      {
        id: 'plea',
        description: 'Counsel and the defendant to appear in chambers 5/3/2031 02:00 PM for a plea colloquy on the status of the case.',
        date_filed: '2031-04-01',
        court_id: 'ilnd',
        context: { known_hearings: [{ type: 'sentencing', date: '2031-04-20', status: 'scheduled' }], known_deadlines: [{ type: 'response', date: '2031-04-10', status: 'filed' }] },
      },
      { id: 'appearance', description: 'NOTICE OF ATTORNEY APPEARANCE: Jo Park appearing for USA.' },
      { id: 'talk', description: 'The Court will confer with counsel about the status of discovery in due course.', date_filed: '2031-04-01' },
    ];
    const r = run(lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[plea\][^\n]*\n\s+IGNORE\s+— UNREAD: names 2031-05-03 near/);
    expect(r.stdout).toMatch(/\[appearance\] \(dropped by the prefilter: no hearing or deadline words\)/);
    expect(r.stdout).toMatch(/\[talk\][^\n]*\n\s+IGNORE\s+— nothing in it looks like a setting or a due date/);
  });

  it('--explain names the recogniser and the clause behind each action, and where an entry that gave nothing stopped', () => {
    const lines = [
      { id: 'minutes', description: 'Minute Entry for proceedings held before Judge Ida Park: Status Conference held on 4/2/2031. Jury Trial set for 6/1/2031 09:00 AM in Courtroom 4. Motions due by 5/1/2031.', date_filed: '2031-04-02', court_id: 'ilnd' },
      { id: 'past', description: 'ORDER: the status conference of 1/5/2031 is noted. Signed by Judge Ida Park.', date_filed: '2031-04-02', court_id: 'ilnd' },
    ];
    const r = run(lines.map((l) => JSON.stringify(l)).join('\n'), '--explain');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/MARK_HELD status-conf 2031-04-02[^\n]*\n\s+← held record of "Status Conference": "[^"]*held on 4\/2\/2031\."/);
    expect(r.stdout).toMatch(/ADD_HEARING trial 2031-06-01 09:00[^\n]*\n\s+← setting of "Jury Trial": "Jury Trial set for 6\/1\/2031/);
    expect(r.stdout).toMatch(/ADD_DEADLINE motion 2031-05-01[^\n]*\n\s+← "… due <date>": "Motions due by 5\/1\/2031\."/);
    expect(r.stdout).toMatch(/\[past\][^\n]*\n\s+IGNORE\s+— no date on or after the filing date/);
    const json = run(JSON.stringify(lines[0]), '--json', '--explain');
    const out = JSON.parse(json.stdout) as { explain: Array<{ recogniser: string; clause: string }>; why: string | null };
    expect(out.explain.map((x) => x.recogniser)).toEqual(['held record of "Status Conference"', 'setting of "Jury Trial"', '"… due <date>"']);
    expect(out.why).toBeNull();
  });

  it('reports bad lines on stderr with exit 1 and still processes the good ones', () => {
    const r = run(['not json', JSON.stringify({ descriptionx: 1 }), JSON.stringify({ description: 'Jury Trial set for 9/9/2031 09:00 AM.' })].join('\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line 1: not JSON/);
    expect(r.stderr).toMatch(/line 2: description/);
    expect(r.stdout).toMatch(/ADD_HEARING trial 2031-09-09 09:00/);
  });
});

describe('the bundle reads text exactly as the compiled modules do', () => {
  /** The project's own corpus, dev split, each text also with curly quotes and en dashes: the characters the build writes as \u escapes. */
  function corpusLines(): string[] {
    const dir = path.join(ROOT, 'bench', 'corpus');
    const testDockets = new Set((JSON.parse(readFileSync(path.join(dir, 'split.json'), 'utf8')) as { test: string[] }).test);
    const lines: string[] = [];
    for (const file of readdirSync(path.join(dir, 'batches')).filter((f) => f.endsWith('.jsonl'))) {
      for (const raw of readFileSync(path.join(dir, 'batches', file), 'utf8').split('\n')) {
        if (!raw.trim()) continue;
        const row = JSON.parse(raw) as { id: string; description: string; source?: { path?: string }; expected?: unknown; [k: string]: unknown };
        if (testDockets.has(row.source?.path ?? '')) continue;
        const { expected: _expected, ...entry } = row;
        lines.push(JSON.stringify(entry));
        const curly = row.description.replace(/'/g, '\u2019').replace(/"([^"]*)"/g, '\u201c$1\u201d').replace(/ - /g, ' \u2013 ');
        if (curly !== row.description) lines.push(JSON.stringify({ ...entry, id: `${row.id}/curly`, description: curly }));
      }
    }
    return lines;
  }

  it('the same actions for every dev-split text of bench/corpus, plain and with curly punctuation', () => {
    const input = corpusLines().join('\n');
    expect(input).toContain('\u2019'); // the curly variants are there
    const bundled = run(input, '--json', '--explain');
    const compiled = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'cli', 'index.js')).href)}); await m.main(['node', 'case-calendar', 'extract', '--json', '--explain']);`],
      { input, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(compiled.status, compiled.stderr).toBe(0);
    const a = bundled.stdout.split('\n');
    const b = compiled.stdout.split('\n');
    expect(a.length).toBeGreaterThan(1000);
    // Line by line, so a difference names its entry.
    for (let i = 0; i < Math.max(a.length, b.length); i++) expect(a[i], `line ${i + 1}`).toBe(b[i]);
    // The rules build their actions in code and nothing re-checks them before the pipeline's
    // validActions (which drops, with a warning, what fails): every one of them passes the schema.
    let actions = 0;
    for (const line of a.filter(Boolean)) {
      const row = JSON.parse(line) as { id: string; actions: unknown[] };
      for (const action of row.actions) {
        actions++;
        const parsed = ActionSchema.safeParse(action);
        expect(parsed.success, `${row.id}: ${JSON.stringify(action)} ${parsed.error?.message ?? ''}`).toBe(true);
      }
    }
    expect(actions).toBeGreaterThan(1000);
  });
});
