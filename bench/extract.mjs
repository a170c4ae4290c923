// `npm run bench:extract`: precision / recall / F1 of the rules extractor on the labelled corpus,
// read at run time from ../shared/corpus (never copied into this repository). Matching follows the
// corpus README: within an entry, expected and emitted actions pair up on (kind, action, date);
// time, type, significance and defendant are then scored as attribute accuracy. An extra
// UPDATE_DETAILS at a known slot is neutral. Entries go through the prefilter first, as in the pipeline.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRelevant } from '../dist/extract/prefilter.js';
import { extractWithRules } from '../dist/extract/rules/index.js';
import { ActionSchema, HEARING_ACTION_TYPES } from '../dist/extract/actions.js';
import { StandaloneEntrySchema, inputFromStandalone } from '../dist/extract/standalone.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = process.env.CORPUS ?? path.resolve(ROOT, '../shared/corpus/docket-entries.jsonl');
if (!existsSync(file)) {
  console.error(`corpus not found at ${file} (set CORPUS=/path/to/docket-entries.jsonl)`);
  process.exit(1);
}
const records = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const HEARING = new Set(HEARING_ACTION_TYPES);

const counts = new Map(); // bucket → {tp, fp, fn}
const bump = (bucket, field) => {
  if (!counts.has(bucket)) counts.set(bucket, { tp: 0, fp: 0, fn: 0 });
  counts.get(bucket)[field]++;
};
const attrs = { time: [0, 0], type: [0, 0], significance: [0, 0], defendant: [0, 0] };
let invalid = 0;

const started = performance.now();
const results = records.map((r) => {
  const input = inputFromStandalone(StandaloneEntrySchema.parse(r));
  return isRelevant(input.entry) ? extractWithRules(input) : [{ type: 'IGNORE' }];
});
const elapsed = performance.now() - started;

records.forEach((r, i) => {
  const emitted = results[i].filter((a) => {
    if (!ActionSchema.safeParse(a).success) invalid++;
    return a.type !== 'IGNORE';
  });
  const got = emitted.map((a) => ({ kind: HEARING.has(a.type) ? 'hearing' : 'deadline', action: a.type, date: a.local_date ?? null, a }));
  const used = new Set();
  for (const x of r.expected) {
    const buckets = ['overall', `kind:${x.kind}`, `action:${x.action}`, `confidence:${r.confidence}`, ...(x.conditional ? ['conditional deadlines'] : [])];
    const j = got.findIndex((g, k) => !used.has(k) && g.kind === x.kind && g.action === x.action && g.date === (x.date ?? null));
    if (j < 0) {
      buckets.forEach((b) => bump(b, 'fn'));
      continue;
    }
    used.add(j);
    buckets.forEach((b) => bump(b, 'tp'));
    const a = got[j].a;
    if (!['MARK_HELD', 'MARK_FILED', 'CANCEL_HEARING', 'CANCEL_DEADLINE'].includes(x.action)) {
      attrs.time[1]++;
      if ((a.local_time ?? null) === (x.time ?? null)) attrs.time[0]++;
    }
    attrs.type[1]++;
    if ((a.hearing_type ?? a.deadline_type ?? null) === x.type) attrs.type[0]++;
    attrs.significance[1]++;
    if ((a.significance ?? 'major') === x.significance) attrs.significance[0]++;
    attrs.defendant[1]++;
    if ((a.defendant ?? '').toLowerCase() === (x.defendant ?? '').toLowerCase()) attrs.defendant[0]++;
  }
  got.forEach((g, k) => {
    if (used.has(k) || g.action === 'UPDATE_DETAILS') return;
    for (const b of ['overall', `kind:${g.kind}`, `action:${g.action}`, `confidence:${r.confidence}`]) bump(b, 'fp');
  });
});

const f = (n) => (Number.isNaN(n) ? '  n/a' : n.toFixed(3));
const line = (name, c) => {
  const p = c.tp / (c.tp + c.fp);
  const rc = c.tp / (c.tp + c.fn);
  const f1 = (2 * p * rc) / (p + rc);
  return `  ${name.padEnd(24)} P ${f(p)}  R ${f(rc)}  F1 ${f(f1)}   (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})`;
};
console.log(`rules extractor on ${records.length} labelled entries (${path.relative(ROOT, file)})`);
console.log(`  speed: ${Math.round(records.length / (elapsed / 1000)).toLocaleString('en-US')} entries/s (prefilter + extraction, ${elapsed.toFixed(0)} ms)`);
const order = ['overall', 'kind:hearing', 'kind:deadline', ...[...counts.keys()].filter((k) => k.startsWith('action:')).sort(), 'confidence:high', 'confidence:medium', 'conditional deadlines'];
for (const k of order) if (counts.has(k)) console.log(line(k.replace(/^(kind|action|confidence):/, ''), counts.get(k)));
const h = counts.get('kind:hearing') ?? { tp: 0, fp: 0, fn: 0 };
const d = counts.get('kind:deadline') ?? { tp: 0, fp: 0, fn: 0 };
console.log(`  goals: hearing precision ${f(h.tp / (h.tp + h.fp))} (≥ 0.95), hearing recall ${f(h.tp / (h.tp + h.fn))} (≥ 0.85), deadline precision ${f(d.tp / (d.tp + d.fp))} (≥ 0.90)`);
console.log(`  attribute accuracy on matched actions: ${Object.entries(attrs).map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', ')}`);
console.log(`  invalid actions: ${invalid}`);
console.log('  note: the rules were developed while looking at this corpus; expect lower figures on unseen dockets');
