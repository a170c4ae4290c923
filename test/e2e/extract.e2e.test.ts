import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, assertBuilt } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

const run = (input: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'extract', ...args], { input, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });

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
    expect(out[2]).toEqual({ id: 'noise', relevant: false, actions: [] });
  });

  it('reports bad lines on stderr with exit 1 and still processes the good ones', () => {
    const r = run(['not json', JSON.stringify({ descriptionx: 1 }), JSON.stringify({ description: 'Jury Trial set for 9/9/2031 09:00 AM.' })].join('\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line 1: not JSON/);
    expect(r.stderr).toMatch(/line 2: description/);
    expect(r.stdout).toMatch(/ADD_HEARING trial 2031-09-09 09:00/);
  });
});
