import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './helpers/cli.js';

describe('the labelled corpus in bench/corpus', () => {
  it('passes its validator: schema, reserved fixtures excluded, context keys replayed, every docket in one split', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'corpus', 'validate.mjs')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^entries \d{4,}/m);
    expect(r.stdout).toMatch(/courts (4\d|[5-9]\d|[1-9]\d\d)/);
    expect(Number(/^entries (\d+)/m.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(1500);
    expect(Number(/^dockets (\d+)/m.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(60);
  });
});
