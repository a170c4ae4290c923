// `npm run bench:extract`: the rules extractor scored on three labelled sets, reported apart:
//   dev    — the project's own corpus (bench/corpus), dockets in the dev split: rule work looks here;
//   test   — the same corpus, dockets in the test split: reported, never tuned against;
//   shared — ../shared/corpus, read at run time (never copied here); the rules were written on it.
// Scoring is in extract-score.mjs.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSet, scoreSet } from './extract-score.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJsonl = (file) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

const corpusDir = path.join(ROOT, 'bench', 'corpus');
const split = JSON.parse(readFileSync(path.join(corpusDir, 'split.json'), 'utf8'));
const testDockets = new Set(split.test);
const own = readdirSync(path.join(corpusDir, 'batches'))
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) => readJsonl(path.join(corpusDir, 'batches', f)));
const dev = own.filter((r) => !testDockets.has(r.source.path));
const test = own.filter((r) => testDockets.has(r.source.path));

console.log('rules extractor, labelled docket entries (action, date and kind must match)');
const only = process.env.SET; // dev | test | shared: one set only
if (!only || only === 'dev') printSet(`dev split (bench/corpus, ${new Set(dev.map((r) => r.source.path)).size} dockets)`, scoreSet(dev));
if (!only || only === 'test') printSet(`test split (bench/corpus, ${new Set(test.map((r) => r.source.path)).size} dockets; never tuned against)`, scoreSet(test));
const shared = process.env.CORPUS ?? path.resolve(ROOT, '../shared/corpus/docket-entries.jsonl');
if (!only || only === 'shared') {
  if (existsSync(shared)) printSet(`shared corpus (${path.relative(ROOT, shared)}; the rules were written on it)`, scoreSet(readJsonl(shared)));
  else console.log(`\nshared corpus not found at ${shared} (set CORPUS=/path/to/docket-entries.jsonl)`);
}
