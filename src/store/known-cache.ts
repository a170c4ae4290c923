import { addInto, digestOf, LANES, rowHash } from './known-digest.js';

/**
 * The known rows of each case, kept in memory between entries. A backfill reads them once per
 * relevant entry and changes one or two after it, so re-reading thousands of rows after every
 * write made a long docket quadratic. Writes made through this Store are applied here in place;
 * the Store drops the lot when another connection changed rows (see Store.checkKnown) or a
 * transaction rolled back, and the next read loads it again.
 *
 * Rows keep the order of the SQL they stand in for: dated rows first by instant, then undated,
 * ties by key. Rows and lists are frozen, so callers may memoise work per row object.
 */

interface Placed<T> {
  at: string | null; // starts_at_utc / due_at_utc
  key: string;
  row: T;
}

function before(a: { at: string | null; key: string }, b: { at: string | null; key: string }): boolean {
  if (a.at === null || b.at === null) return a.at === b.at ? a.key < b.key : b.at === null;
  return a.at === b.at ? a.key < b.key : a.at < b.at;
}

type Row = { docketId: number | null };

class OrderedRows<T extends Row> {
  private view: T[] | null = null;
  /** The rows alone, in step with `items`: a new view is one native copy of it. */
  private readonly plain: T[];
  /** Sum of the rows' hashes (known-digest.ts), kept as rows come and go. */
  readonly sum = new Uint32Array(LANES);
  /** How many rows each docket has (null: docket unknown), so a reader can tell at once whose rows these are. */
  readonly perDocket = new Map<number | null, number>();
  private readonly byKey = new Map<string, Placed<T>>();

  constructor(
    private readonly items: Placed<T>[],
    private readonly kind: 'h' | 'd',
  ) {
    this.plain = items.map((p) => p.row);
    for (const p of items) {
      this.byKey.set(p.key, p);
      this.count(p.row, 1);
    }
  }

  private count(row: T, sign: 1 | -1): void {
    addInto(this.sum, rowHash(row, this.kind), sign);
    const n = (this.perDocket.get(row.docketId) ?? 0) + sign;
    if (n === 0) this.perDocket.delete(row.docketId);
    else this.perDocket.set(row.docketId, n);
  }

  get length(): number {
    return this.items.length;
  }

  rows(): T[] {
    this.view ??= Object.freeze(this.plain.slice()) as T[];
    return this.view;
  }

  put(item: Placed<T>): void {
    this.remove(item.key);
    const at = this.positionOf(item);
    this.items.splice(at, 0, item);
    this.plain.splice(at, 0, item.row);
    this.byKey.set(item.key, item);
    this.count(item.row, 1);
    this.view = null;
  }

  remove(key: string): void {
    const old = this.byKey.get(key);
    if (!old) return;
    let i = this.positionOf(old);
    // Keys and instants are ASCII, where SQLite's order and ours agree; should one not be, look it up.
    if (this.items[i] !== old) i = this.items.indexOf(old);
    this.count(old.row, -1);
    this.items.splice(i, 1);
    this.plain.splice(i, 1);
    this.byKey.delete(key);
    this.view = null;
  }

  /** Where `item` is, or would go: the first place not before it (keys are unique, so exact). */
  private positionOf(item: { at: string | null; key: string }): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.items[mid]!, item)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface KnownLists<H, D> {
  hearings: H[];
  deadlines: D[];
  /** known-digest.ts's digest of these lists. */
  digest: string;
  /** The dockets the rows are on (null: unknown). */
  dockets: ReadonlySet<number | null>;
}

interface CaseRows<H extends Row, D extends Row> {
  hearings: OrderedRows<H>;
  deadlines: OrderedRows<D>;
  /** The lists as last handed out; dropped by a change (each entry reads them twice: to extract, then to check). */
  lists: KnownLists<H, D> | null;
}

function listsOf<H extends Row, D extends Row>(c: CaseRows<H, D>): KnownLists<H, D> {
  const sum = new Uint32Array(LANES);
  addInto(sum, c.hearings.sum);
  addInto(sum, c.deadlines.sum);
  const dockets = new Set([...c.hearings.perDocket.keys(), ...c.deadlines.perDocket.keys()]);
  return { hearings: c.hearings.rows(), deadlines: c.deadlines.rows(), digest: digestOf(c.hearings.length, c.deadlines.length, sum), dockets };
}

export class KnownRowsCache<H extends Row, D extends Row> {
  private readonly cases = new Map<string, CaseRows<H, D>>();

  get(caseId: string): KnownLists<H, D> | null {
    const hit = this.cases.get(caseId);
    if (!hit) return null;
    hit.lists ??= listsOf(hit);
    return hit.lists;
  }

  load(caseId: string, hearings: Placed<H>[], deadlines: Placed<D>[]): KnownLists<H, D> {
    const entry: CaseRows<H, D> = { hearings: new OrderedRows(hearings, 'h'), deadlines: new OrderedRows(deadlines, 'd'), lists: null };
    this.cases.set(caseId, entry);
    entry.lists = listsOf(entry);
    return entry.lists;
  }

  /** The case's rows, marked changed (null when the case is not loaded: nothing to keep in step). */
  private changing(caseId: string): CaseRows<H, D> | undefined {
    const c = this.cases.get(caseId);
    if (c) c.lists = null;
    return c;
  }

  putHearing(caseId: string, item: Placed<H>): void {
    this.changing(caseId)?.hearings.put(item);
  }

  putDeadline(caseId: string, item: Placed<D>): void {
    this.changing(caseId)?.deadlines.put(item);
  }

  deleteHearing(caseId: string, key: string): void {
    this.changing(caseId)?.hearings.remove(key);
  }

  deleteDeadline(caseId: string, key: string): void {
    this.changing(caseId)?.deadlines.remove(key);
  }

  clear(): void {
    this.cases.clear();
  }
}
