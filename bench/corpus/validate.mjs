#!/usr/bin/env node
// Checks the project's labelled corpus (bench/corpus/batches/*.jsonl) and its split:
//   node bench/corpus/validate.mjs [--source=<juriscraper git dir>] [--no-split]
// Needs `npm run build` (court time zones come from dist/). With --source, every description, filing
// date and entry number is compared with the juriscraper fixture it cites. Exit 1 on any error.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { courtTimeZone } from '../../dist/render/courts.js';
import { DEADLINE_TYPES, HEARING_TYPES } from '../../dist/extract/actions.js';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const COMMIT = '8446197f3885164fd337624490cf466d8817d775';
const P = 'tests/examples/pacer/';
// The independent check of issue 12 (held out, never labelled here) and the shared corpus's fixtures.
const RESERVED = new Set(
  [
    'dockets_internet_archive/cand_287492.json', 'dockets/district/txsd_1.json', 'dockets/district/nyed.json', 'dockets/district/mowd.json',
    'dockets/district/hid.json', 'dockets_internet_archive/flmd_330522.json', 'dockets_internet_archive/nysd_476194.json',
    'dockets/district/njd_509180.json', 'dockets/district/utd.json',
    'dockets_internet_archive/almd_49523.json', 'dockets/district/ned.json', 'dockets/district/casd_4.json', 'dockets/district/nysd_4.json',
    'dockets/district/laed_127926.json', 'dockets/district/vaed.json', 'dockets_internet_archive/cand_194617.json', 'dockets/bankruptcy/ilnb_13.json',
    'dockets/bankruptcy/deb_12.json', 'dockets/appellate/ca6_1.json', 'dockets/appellate/ca5_212643.json', 'dockets/appellate/ca1_2.json', 'dockets/acms/ca9_22-21.json',
  ].map((p) => P + p),
);
const HEARING_ACTIONS = new Set(['ADD_HEARING', 'RESCHEDULE_HEARING', 'UPDATE_DETAILS', 'CANCEL_HEARING', 'MARK_HELD']);
const DEADLINE_ACTIONS = new Set(['ADD_DEADLINE', 'RESCHEDULE_DEADLINE', 'CANCEL_DEADLINE', 'MARK_FILED']);
const CATEGORIES = new Set(['district-criminal', 'district-civil', 'bankruptcy', 'appellate']);
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const noSplit = process.argv.includes('--no-split'); // while a batch is being labelled
const sourceArg = process.argv.find((a) => a.startsWith('--source='))?.slice('--source='.length);
const errors = [];
const err = (where, msg) => errors.push(`${where}: ${msg}`);

const split = JSON.parse(readFileSync(path.join(DIR, 'split.json'), 'utf8'));
const inTest = new Set(split.test);
const inDev = new Set(split.dev);
for (const p of inTest) if (inDev.has(p)) err('split.json', `${p} is in both splits`);

const records = [];
for (const f of readdirSync(path.join(DIR, 'batches')).filter((f) => f.endsWith('.jsonl')).sort()) {
  readFileSync(path.join(DIR, 'batches', f), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        records.push({ file: `${f}:${i + 1}`, r: JSON.parse(line) });
      } catch (e) {
        err(`${f}:${i + 1}`, `not JSON (${e.message})`);
      }
    });
}

const ids = new Set();
const byDocket = new Map(); // path → earlier labels' keys
const fixtures = new Map();
const fixture = (p) => {
  if (!fixtures.has(p)) fixtures.set(p, JSON.parse(execFileSync('git', ['-C', sourceArg, 'show', `${COMMIT}:${p}`], { encoding: 'utf8', maxBuffer: 1 << 28 })));
  return fixtures.get(p);
};

for (const { file, r } of records) {
  const where = `${file} ${r.id ?? '?'}`;
  for (const k of ['id', 'court_id', 'timezone', 'docket_number', 'case_name', 'description', 'date_filed']) if (typeof r[k] !== 'string' || !r[k]) err(where, `${k} missing`);
  if (ids.has(r.id)) err(where, 'duplicate id');
  ids.add(r.id);
  if (r.date_filed && !ISO.test(r.date_filed)) err(where, `date_filed ${r.date_filed} is not YYYY-MM-DD`);
  if (!(r.entry_number === null || typeof r.entry_number === 'string')) err(where, 'entry_number must be a string or null');
  if (!['high', 'medium'].includes(r.confidence)) err(where, `confidence ${r.confidence}`);
  if (r.confidence === 'medium' && !r.note) err(where, 'medium confidence needs a note');
  if (!CATEGORIES.has(r.category)) err(where, `category ${r.category}`);
  const zone = courtTimeZone(r.court_id);
  if (zone.zone !== r.timezone) err(where, `timezone ${r.timezone}, but court ${r.court_id} is ${zone.zone} in src/render/courts.ts`);
  const s = r.source ?? {};
  if (s.repo !== 'freelawproject/juriscraper' || s.commit !== COMMIT) err(where, 'source must be freelawproject/juriscraper at the pinned commit');
  if (RESERVED.has(s.path)) err(where, `${s.path} is reserved (held-out check or the shared corpus)`);
  if (!noSplit && !inTest.has(s.path) && !inDev.has(s.path)) err(where, `docket ${s.path} is in neither split (bench/corpus/split.json)`);
  // Docket reports and history reports hold docket_entries; a notice of electronic filing holds dockets[].docket_entries.
  const m = /^(?:dockets\[(\d+)\]\.)?docket_entries\[(\d+)\]$/.exec(s.locator ?? '');
  if (!m) err(where, `locator ${s.locator}`);
  if (sourceArg && m) {
    const f = fixture(s.path);
    const e = (m[1] === undefined ? f : f.dockets?.[Number(m[1])])?.docket_entries?.[Number(m[2])];
    if (!e) err(where, `no ${s.locator} in ${s.path}`);
    else {
      if (e.description !== r.description) err(where, 'description differs from the fixture');
      if (String(e.date_filed ?? '').slice(0, 10) !== r.date_filed) err(where, `date_filed differs from the fixture (${e.date_filed})`);
      const num = e.document_number === null || e.document_number === undefined || e.document_number === '' ? null : String(e.document_number);
      if (num !== r.entry_number) err(where, `entry_number differs from the fixture (${num})`);
    }
  }
  // Context: exactly the keys earlier labels of this docket produced; targets must be known.
  const known = byDocket.get(s.path) ?? { hearings: new Set(), deadlines: new Set() };
  byDocket.set(s.path, known);
  const ctxH = new Set((r.context?.known_hearings ?? []).map((h) => h.key));
  const ctxD = new Set((r.context?.known_deadlines ?? []).map((d) => d.key));
  const same = (a, b) => a.size === b.size && [...a].every((k) => b.has(k));
  if (!same(ctxH, known.hearings)) err(where, 'context.known_hearings keys are not those earlier labels of this docket produced');
  if (!same(ctxD, known.deadlines)) err(where, 'context.known_deadlines keys are not those earlier labels of this docket produced');
  for (const [i, x] of (r.expected ?? []).entries()) {
    const w = `${where} expected[${i}]`;
    const hearing = HEARING_ACTIONS.has(x.action);
    if (!hearing && !DEADLINE_ACTIONS.has(x.action)) err(w, `action ${x.action}`);
    if (x.kind !== (hearing ? 'hearing' : 'deadline')) err(w, `kind ${x.kind} does not fit ${x.action}`);
    if (!(hearing ? HEARING_TYPES : DEADLINE_TYPES).includes(x.type)) err(w, `type ${x.type}`);
    if (!['major', 'minor'].includes(x.significance)) err(w, `significance ${x.significance}`);
    if (x.date !== null && !ISO.test(x.date ?? '')) err(w, `date ${x.date}`);
    if (x.date === null && !(x.conditional || x.action === 'MARK_FILED' || x.action === 'CANCEL_DEADLINE')) err(w, 'date may be null only for a conditional deadline (its ADD, MARK_FILED or CANCEL)');
    if (x.time != null && !HHMM.test(x.time)) err(w, `time ${x.time}`);
    if (typeof x.key !== 'string' || !x.key) err(w, 'key missing');
    const set = hearing ? known.hearings : known.deadlines;
    const targets = ['RESCHEDULE_HEARING', 'UPDATE_DETAILS', 'RESCHEDULE_DEADLINE', 'MARK_FILED'].includes(x.action);
    if (targets && !set.has(x.key)) err(w, `${x.action} of unknown key ${x.key}`);
  }
  for (const x of r.expected ?? []) (HEARING_ACTIONS.has(x.action) ? known.hearings : known.deadlines).add(x.key);
}
if (!noSplit) for (const p of [...inTest, ...inDev]) if (!byDocket.has(p)) err('split.json', `${p} has no entries`);

const count = (fn) => {
  const m = new Map();
  for (const { r } of records) for (const k of [fn(r)].flat()) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
};
const rs = records.map((x) => x.r);
console.log(`entries ${rs.length}, with actions ${rs.filter((r) => r.expected?.length).length}, actions ${rs.reduce((a, r) => a + (r.expected?.length ?? 0), 0)}`);
console.log(`dockets ${byDocket.size} (test ${inTest.size}, dev ${inDev.size}), courts ${new Set(rs.map((r) => r.court_id)).size}`);
console.log(`entries by split: test ${rs.filter((r) => inTest.has(r.source?.path)).length}, dev ${rs.filter((r) => inDev.has(r.source?.path)).length}`);
console.log(`by category: ${count((r) => r.category)}`);
console.log(`by action: ${count((r) => (r.expected ?? []).map((x) => x.action))}`);
console.log(`confidence: ${count((r) => r.confidence)}`);
if (errors.length) {
  for (const e of errors.slice(0, 200)) console.error(e);
  console.error(`${errors.length} error(s)`);
  process.exit(1);
}
console.log(`OK${sourceArg ? ' (descriptions, dates and numbers verified against juriscraper)' : ''}`);
