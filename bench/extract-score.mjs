// Scoring shared by `npm run bench:extract`: precision / recall / F1 of the rules extractor on a set
// of labelled entries. Matching follows the corpus README: within an entry, expected and emitted
// actions pair up on (kind, action, date); time, type, significance and defendant are then scored as
// attribute accuracy. An extra UPDATE_DETAILS at a known slot is neutral. Entries go through the
// prefilter first, as in the pipeline. Misses are split into those the unread net flags (visible to
// the operator) and silent ones.
import { isRelevant } from '../dist/extract/prefilter.js';
import { extractWithRules } from '../dist/extract/rules/index.js';
import { ActionSchema, HEARING_ACTION_TYPES } from '../dist/extract/actions.js';
import { StandaloneEntrySchema, inputFromStandalone } from '../dist/extract/standalone.js';
import { unreadReason } from '../dist/extract/unread.js';

const HEARING = new Set(HEARING_ACTION_TYPES);

export function scoreSet(records) {
  const counts = new Map(); // bucket → {tp, fp, fn}
  const bump = (bucket, field) => {
    if (!counts.has(bucket)) counts.set(bucket, { tp: 0, fp: 0, fn: 0 });
    counts.get(bucket)[field]++;
  };
  const attrs = { time: [0, 0], type: [0, 0], significance: [0, 0], defendant: [0, 0] };
  let invalid = 0;
  const started = performance.now();
  const inputs = records.map((r) => inputFromStandalone(StandaloneEntrySchema.parse(r)));
  const results = inputs.map((input) => (isRelevant(input.entry) ? extractWithRules(input) : [{ type: 'IGNORE' }]));
  const elapsed = performance.now() - started;
  let unread = 0;
  let missesVisible = 0;
  let misses = 0;

  records.forEach((r, i) => {
    const emitted = results[i].filter((a) => {
      if (!ActionSchema.safeParse(a).success) invalid++;
      return a.type !== 'IGNORE';
    });
    const flagged = unreadReason(inputs[i].entry, results[i], inputs[i]) !== null;
    if (flagged) unread++;
    const got = emitted.map((a) => ({ kind: HEARING.has(a.type) ? 'hearing' : 'deadline', action: a.type, date: a.local_date ?? null, a }));
    const used = new Set();
    for (const x of r.expected) {
      const buckets = ['overall', `kind:${x.kind}`, `action:${x.action}`, `confidence:${r.confidence}`, ...(x.conditional ? ['conditional deadlines'] : [])];
      const j = got.findIndex((g, k) => !used.has(k) && g.kind === x.kind && g.action === x.action && g.date === (x.date ?? null));
      if (j < 0) {
        buckets.forEach((b) => bump(b, 'fn'));
        misses++;
        if (flagged) missesVisible++;
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
  return { entries: records.length, counts, attrs, invalid, elapsedMs: elapsed, unread, misses, missesVisible };
}

const f = (n) => (Number.isNaN(n) ? '  n/a' : n.toFixed(3));
export const prf = (c) => {
  const p = c.tp / (c.tp + c.fp);
  const r = c.tp / (c.tp + c.fn);
  return { p, r, f1: (2 * p * r) / (p + r) };
};

export function printSet(title, s, { detail = true } = {}) {
  const line = (name, c) => {
    const { p, r, f1 } = prf(c);
    return `  ${name.padEnd(24)} P ${f(p)}  R ${f(r)}  F1 ${f(f1)}   (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})`;
  };
  console.log(`\n${title}: ${s.entries} labelled entries`);
  console.log(`  speed: ${Math.round(s.entries / (s.elapsedMs / 1000)).toLocaleString('en-US')} entries/s (prefilter + extraction, ${s.elapsedMs.toFixed(0)} ms)`);
  const keys = detail
    ? ['overall', 'kind:hearing', 'kind:deadline', ...[...s.counts.keys()].filter((k) => k.startsWith('action:')).sort(), 'confidence:high', 'confidence:medium', 'conditional deadlines']
    : ['overall', 'kind:hearing', 'kind:deadline'];
  for (const k of keys) if (s.counts.has(k)) console.log(line(k.replace(/^(kind|action|confidence):/, ''), s.counts.get(k)));
  const o = prf(s.counts.get('overall') ?? { tp: 0, fp: 0, fn: 0 });
  console.log(`  goals: precision ${f(o.p)} (≥ 0.95), recall ${f(o.r)} (≥ 0.90) over hearing and deadline actions`);
  console.log(
    `  unread entries: ${s.unread} (${((100 * s.unread) / Math.max(1, s.entries)).toFixed(1)} % of entries, goal ≤ 5 %); ` +
      `misses the unread net makes visible: ${s.missesVisible} of ${s.misses} (${s.misses ? ((100 * s.missesVisible) / s.misses).toFixed(0) : 'n/a'} %, goal ≥ 80 %)`,
  );
  if (detail) console.log(`  attribute accuracy on matched actions: ${Object.entries(s.attrs).map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', ')}`);
  console.log(`  invalid actions: ${s.invalid}`);
}
