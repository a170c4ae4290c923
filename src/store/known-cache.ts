/**
 * The known rows of each case, kept in memory between entries. A backfill reads them once per
 * relevant entry and changes one or two after it, so re-reading thousands of rows after every
 * write made a long docket quadratic. Writes made through this Store are applied here in place;
 * a commit by another process (SQLite's data_version moves) or a rolled-back transaction drops
 * the lot, and the next read loads it again.
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

class OrderedRows<T> {
  private view: T[] | null = null;

  constructor(private readonly items: Placed<T>[]) {}

  rows(): T[] {
    this.view ??= Object.freeze(this.items.map((p) => p.row)) as T[];
    return this.view;
  }

  put(item: Placed<T>): void {
    this.remove(item.key);
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.items[mid]!, item)) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
    this.view = null;
  }

  remove(key: string): void {
    const i = this.items.findIndex((p) => p.key === key);
    if (i >= 0) {
      this.items.splice(i, 1);
      this.view = null;
    }
  }
}

interface CaseRows<H, D> {
  dataVersion: number;
  hearings: OrderedRows<H>;
  deadlines: OrderedRows<D>;
}

export class KnownRowsCache<H, D> {
  private readonly cases = new Map<string, CaseRows<H, D>>();

  /** The case's rows if they were loaded while the store was at this data_version. */
  get(caseId: string, dataVersion: number): { hearings: H[]; deadlines: D[] } | null {
    const hit = this.cases.get(caseId);
    if (!hit) return null;
    if (hit.dataVersion !== dataVersion) {
      this.cases.clear(); // another process wrote: any case may have changed
      return null;
    }
    return { hearings: hit.hearings.rows(), deadlines: hit.deadlines.rows() };
  }

  load(caseId: string, dataVersion: number, hearings: Placed<H>[], deadlines: Placed<D>[]): { hearings: H[]; deadlines: D[] } {
    const entry = { dataVersion, hearings: new OrderedRows(hearings), deadlines: new OrderedRows(deadlines) };
    this.cases.set(caseId, entry);
    return { hearings: entry.hearings.rows(), deadlines: entry.deadlines.rows() };
  }

  putHearing(caseId: string, item: Placed<H>): void {
    this.cases.get(caseId)?.hearings.put(item);
  }

  putDeadline(caseId: string, item: Placed<D>): void {
    this.cases.get(caseId)?.deadlines.put(item);
  }

  deleteHearing(caseId: string, key: string): void {
    this.cases.get(caseId)?.hearings.remove(key);
  }

  deleteDeadline(caseId: string, key: string): void {
    this.cases.get(caseId)?.deadlines.remove(key);
  }

  clear(): void {
    this.cases.clear();
  }
}
