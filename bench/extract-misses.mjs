// Lists what the rules got wrong on the DEV split only (the test split is never inspected):
//   node bench/extract-misses.mjs [filter-regex]
// One block per entry: the text, what was expected, what was emitted.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRelevant } from '../dist/extract/prefilter.js';
import { extractWithRules } from '../dist/extract/rules/index.js';
import { StandaloneEntrySchema, inputFromStandalone } from '../dist/extract/standalone.js';
import { unreadReason } from '../dist/extract/unread.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(ROOT, 'bench', 'corpus');
const test = new Set(JSON.parse(readFileSync(path.join(dir, 'split.json'), 'utf8')).test);
const filter = process.argv[2] ? new RegExp(process.argv[2], 'i') : null;
const records = readdirSync(path.join(dir, 'batches'))
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(path.join(dir, 'batches', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))
  .filter((r) => !test.has(r.source.path));
const show = (x) => `${x.action} ${x.key ?? ''} ${x.date ?? x.local_date ?? ''}${x.time ?? x.local_time ? ` ${x.time ?? x.local_time}` : ''}`;
let n = 0;
for (const r of records) {
  const input = inputFromStandalone(StandaloneEntrySchema.parse(r));
  const acts = isRelevant(input.entry) ? extractWithRules(input) : [{ type: 'IGNORE' }];
  const got = acts.filter((a) => a.type !== 'IGNORE').map((a) => ({ action: a.type, date: a.local_date ?? null, key: a.hearing_key ?? a.deadline_key, time: a.local_time }));
  const exp = r.expected.map((x) => ({ ...x, date: x.date ?? null }));
  const miss = exp.filter((x) => !got.some((g) => g.action === x.action && g.date === x.date));
  const extra = got.filter((g) => g.action !== 'UPDATE_DETAILS' && !exp.some((x) => g.action === x.action && g.date === x.date));
  if (!miss.length && !extra.length) continue;
  const text = r.description.replace(/\s+/g, ' ');
  if (filter && !filter.test(text) && !filter.test(r.id)) continue;
  n++;
  console.log(`--- ${r.id} (${r.date_filed}, ${r.confidence}) ${isRelevant(input.entry) ? '' : '[prefilter drop] '}${unreadReason(input.entry, acts) ? '[unread]' : ''}`);
  console.log(`  ${text.slice(0, 600)}`);
  if (r.context.known_hearings.length) console.log(`  known hearings: ${r.context.known_hearings.map((h) => `${h.key}@${h.date}/${h.status}`).join(', ')}`);
  for (const x of miss) console.log(`  MISS  ${show(x)}`);
  for (const g of extra) console.log(`  EXTRA ${show(g)}`);
}
console.log(`\n${n} dev entries with a miss or an extra`);
