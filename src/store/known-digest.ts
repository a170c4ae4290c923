import { hash } from 'node:crypto';

/**
 * Identifies a list of known rows (what an entry was read against; refold compares it). Rows are
 * listed in an order that follows from their content, so a sum of per-row hashes identifies the
 * list, and the store can keep the sum up to date as rows change instead of hashing every row for
 * every entry.
 */
export const LANES = 5;

const memo = new WeakMap<object, Uint32Array>();

/** A row's hash: memoised for frozen rows (the store's), computed anew for rows that may change in place. */
export function rowHash(row: object, kind: 'h' | 'd'): Uint32Array {
  let h = memo.get(row);
  if (!h) {
    // One-shot hash(): a third of createHash()'s cost on inputs this small (no Hash object).
    const bytes = hash('sha1', kind + JSON.stringify(row), 'buffer');
    h = new Uint32Array(LANES);
    for (let i = 0; i < LANES; i++) h[i] = bytes.readUInt32BE(i * 4);
    if (Object.isFrozen(row)) memo.set(row, h);
  }
  return h;
}

export function addInto(sum: Uint32Array, h: Uint32Array, sign: 1 | -1 = 1): void {
  for (let i = 0; i < LANES; i++) sum[i] = (sum[i]! + sign * h[i]!) >>> 0;
}

export function digestOf(hearings: number, deadlines: number, sum: Uint32Array): string {
  return `${hearings}.${deadlines}.${Array.from(sum, (n) => n.toString(16).padStart(8, '0')).join('')}`;
}

/** The digest of rows listed outright (a view the store did not keep a sum for). */
export function knownDigestOf(known: { hearings: readonly object[]; deadlines: readonly object[] }): string {
  const sum = new Uint32Array(LANES);
  for (const h of known.hearings) addInto(sum, rowHash(h, 'h'));
  for (const d of known.deadlines) addInto(sum, rowHash(d, 'd'));
  return digestOf(known.hearings.length, known.deadlines.length, sum);
}
