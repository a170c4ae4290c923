#!/usr/bin/env node
// Puts every docket of bench/corpus/batches that is in neither split into one, by the fixed rule in
// split.json: test when the first 8 hex digits of sha256(path), read as a number, are 0, 1 or 2 mod 10.
//   node bench/corpus/assign-split.mjs        (prints what it assigned)
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const file = path.join(DIR, 'split.json');
const split = JSON.parse(readFileSync(file, 'utf8'));
const known = new Set([...split.test, ...split.dev]);
const paths = new Set();
for (const f of readdirSync(path.join(DIR, 'batches')).filter((f) => f.endsWith('.jsonl')))
  for (const line of readFileSync(path.join(DIR, 'batches', f), 'utf8').split('\n')) if (line.trim()) paths.add(JSON.parse(line).source.path);
export const isTest = (p) => parseInt(createHash('sha256').update(p).digest('hex').slice(0, 8), 16) % 10 < 3;
let added = 0;
for (const p of [...paths].sort()) {
  if (known.has(p)) continue;
  (isTest(p) ? split.test : split.dev).push(p);
  console.log(`${isTest(p) ? 'test' : 'dev '} ${p}`);
  added++;
}
split.test.sort();
split.dev.sort();
writeFileSync(file, `${JSON.stringify(split, null, 1)}\n`);
console.log(`${added} docket(s) assigned; test ${split.test.length}, dev ${split.dev.length}`);
