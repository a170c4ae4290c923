import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Store } from '../../src/store/store.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

let dir: string;
const DEPTH = 100_000;
const deepBody = `{"webhook": {"event_type": 1}, "payload": {"results": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}`;

/** Rows as an older receiver (or a hand edit) may have left them: written straight into the table. */
function legacyRows(file: string): void {
  Store.open(file).close(); // creates the schema
  const db = new Database(file);
  const insert = db.prepare(
    `INSERT INTO inbox (idempotency_key, key_source, event_type, body, received_at, status, result) VALUES (?, 'header', 1, ?, '2026-03-01T12:00:00.000Z', 'done', ?)`,
  );
  insert.run('deep', deepBody, '{"eventType": 1, "entries": 0}');
  insert.run('broken', '{"webhook": {"event_type": 1}, "payload": ', 'not json either');
  insert.run('fine', JSON.stringify({ webhook: { event_type: 1 }, payload: { results: [] } }), null);
  db.close();
}

beforeAll(() => assertBuilt());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-inbox-'));
  writeFileSync(path.join(dir, 'config.yaml'), 'store_path: data/s.sqlite\ncalendars: {main: {ics_path: out/main.ics}}\ncases: [{id: a, name: A, calendar: main, dockets: [1]}]\n');
  legacyRows(path.join(dir, 'data', 's.sqlite'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const show = (key: string) => runCli(['inbox', 'show', key], { cwd: dir });

describe('inbox show on anything stored', () => {
  it('prints a body nested 100,000 levels deep as raw text with a note instead of crashing', async () => {
    const r = await show('deep');
    expect(r.stderr).not.toMatch(/Maximum call stack|unexpected error/);
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ idempotencyKey: 'deep', status: 'done', result: { eventType: 1, entries: 0 }, bodyNote: 'nests deeper than 64 levels; shown as raw text' });
    expect(shown.body).toBe(deepBody);
    expect(r.stderr).toContain('note: the stored body nests deeper than 64 levels; shown as raw text');
  });

  it('prints invalid JSON as raw text with a note, and valid bodies as JSON', async () => {
    const broken = await show('broken');
    expect(broken.code).toBe(0);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      body: '{"webhook": {"event_type": 1}, "payload": ',
      bodyNote: 'not valid JSON; shown as raw text',
      result: 'not json either',
      resultNote: 'not valid JSON; shown as raw text',
    });
    const fine = await show('fine');
    expect(fine.code).toBe(0);
    const parsed = JSON.parse(fine.stdout) as Record<string, unknown>;
    expect(parsed.body).toEqual({ webhook: { event_type: 1 }, payload: { results: [] } });
    expect(parsed).not.toHaveProperty('bodyNote');
    const list = await runCli(['inbox', 'list', '--json'], { cwd: dir });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { deliveries: unknown[] }).deliveries).toHaveLength(3);
  });
});
