/**
 * List pagination as DRF does it for CourtListener v4: keyset cursors for the orderings that allow
 * them (an opaque base64 token naming the last ordering value and the id that breaks ties, so pages
 * stay gap- and duplicate-free while rows are added), page numbers for the other orderings, and
 * `count=on` for a bare total.
 */
import { ApiError } from './errors.js';

export interface Identified {
  id: number;
}

export interface CursorToken {
  /** The order_by value the cursor was issued for, e.g. `-date_modified`. */
  ordering: string;
  key: number;
  id: number;
  reverse: boolean;
}

export function encodeCursor(token: CursorToken): string {
  const params = new URLSearchParams({ o: token.ordering, p: String(token.key), i: String(token.id) });
  if (token.reverse) params.set('r', '1');
  return Buffer.from(params.toString(), 'utf8').toString('base64');
}

export function decodeCursor(raw: string): CursorToken | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) return null;
  const params = new URLSearchParams(Buffer.from(raw, 'base64').toString('utf8'));
  const ordering = params.get('o');
  const key = params.get('p');
  const id = params.get('i');
  const reverse = params.get('r');
  if (!ordering || !key || !id || !/^-?\d+$/.test(key) || !/^-?\d+$/.test(id)) return null;
  if (reverse !== null && reverse !== '1') return null;
  return { ordering, key: Number(key), id: Number(id), reverse: reverse === '1' };
}

/** What a list endpoint offers: which orderings exist and how to get its rows in each. */
export interface ListSource<T extends Identified> {
  /** Orderings served with cursors; each key must be a safe integer. */
  cursorKeys: Record<string, (item: T) => number>;
  /** Orderings served with page numbers; comparators sort ascending and break ties themselves. */
  pageComparators: Record<string, (a: T, b: T) => number>;
  defaultOrdering: string;
  /** Rows sorted ascending by (cursorKeys[field], id). Called once per request. */
  sortedBy(field: string): readonly T[];
  /** Every row, any order (for page-number orderings and counts). */
  all(): readonly T[];
}

export interface PageSizes {
  default: number;
  max: number;
}

/** Query parameters to change for a neighbour link; null removes the parameter. */
export type LinkChanges = Record<string, string | null>;

export type ListOutcome<T> =
  | { kind: 'count'; count: number }
  | { kind: 'page'; items: T[]; next: LinkChanges | null; previous: LinkChanges | null };

const INVALID_CURSOR = () => new ApiError(404, { detail: 'Invalid cursor' });
const INVALID_PAGE = () => new ApiError(404, { detail: 'Invalid page.' });

/** DRF reads page_size leniently: anything but a positive integer means the default; too big means the cap. */
export function resolvePageSize(raw: string | null, sizes: PageSizes): number {
  if (raw === null || !/^\d+$/.test(raw.trim())) return sizes.default;
  const n = Number(raw.trim());
  if (n <= 0) return sizes.default;
  return Math.min(n, sizes.max);
}

export function runListQuery<T extends Identified>(
  source: ListSource<T>,
  params: URLSearchParams,
  matches: (item: T) => boolean,
  sizes: PageSizes,
): ListOutcome<T> {
  const ordering = params.get('order_by')?.trim() || source.defaultOrdering;
  const descending = ordering.startsWith('-');
  const field = descending ? ordering.slice(1) : ordering;
  const cursorKey = source.cursorKeys[field];
  const comparator = source.pageComparators[field];
  if (!cursorKey && !comparator) {
    const allowed = [...Object.keys(source.cursorKeys), ...Object.keys(source.pageComparators)]
      .flatMap((f) => [f, `-${f}`])
      .join(', ');
    throw new ApiError(400, {
      detail: `Invalid order_by value ${JSON.stringify(ordering)}. Choose one of: ${allowed}.`,
    });
  }

  if (params.get('count') === 'on') {
    let count = 0;
    for (const item of source.all()) if (matches(item)) count++;
    return { kind: 'count', count };
  }

  const size = resolvePageSize(params.get('page_size'), sizes);
  if (cursorKey) {
    const rawCursor = params.get('cursor');
    let cursor: CursorToken | null = null;
    if (rawCursor !== null) {
      cursor = decodeCursor(rawCursor);
      if (!cursor || cursor.ordering !== ordering) throw INVALID_CURSOR();
    }
    return cursorPage(source.sortedBy(field), cursorKey, ordering, descending, matches, cursor, size);
  }
  const sorted = source.all().filter(matches).sort(comparator!);
  if (descending) sorted.reverse();
  return numberedPage(sorted, params.get('page'), size);
}

function numberedPage<T>(rows: T[], rawPage: string | null, size: number): ListOutcome<T> {
  let page = 1;
  if (rawPage !== null && rawPage !== 'last') {
    if (!/^\d+$/.test(rawPage) || Number(rawPage) < 1) throw INVALID_PAGE();
    page = Number(rawPage);
  }
  const pageCount = Math.max(1, Math.ceil(rows.length / size));
  if (rawPage === 'last') page = pageCount;
  if (page > pageCount) throw INVALID_PAGE();
  const items = rows.slice((page - 1) * size, page * size);
  return {
    kind: 'page',
    items,
    next: page < pageCount ? { page: String(page + 1) } : null,
    // Like DRF, the link back to page 1 drops the parameter instead of saying page=1.
    previous: page > 1 ? { page: page === 2 ? null : String(page - 1) } : null,
  };
}

function cursorPage<T extends Identified>(
  sortedAsc: readonly T[],
  keyOf: (item: T) => number,
  ordering: string,
  descending: boolean,
  matches: (item: T) => boolean,
  cursor: CursorToken | null,
  size: number,
): ListOutcome<T> {
  const n = sortedAsc.length;
  // Walk in "logical" order: index 0 is the first row the client sees on the first page.
  const at = (i: number): T => sortedAsc[descending ? n - 1 - i : i]!;
  const anyMatch = (from: number, step: 1 | -1): boolean => {
    for (let i = from; i >= 0 && i < n; i += step) if (matches(at(i))) return true;
    return false;
  };
  const tokenAt = (item: T, reverse: boolean): LinkChanges => ({
    cursor: encodeCursor({ ordering, key: keyOf(item), id: item.id, reverse }),
  });
  const tokenAtCursor = (c: CursorToken, reverse: boolean): LinkChanges => ({
    cursor: encodeCursor({ ...c, reverse }),
  });

  const compare = (item: T, c: CursorToken): number => {
    const k = keyOf(item);
    if (k !== c.key) return k < c.key ? -1 : 1;
    return item.id === c.id ? 0 : item.id < c.id ? -1 : 1;
  };
  const lowerBound = (c: CursorToken): number => bisect(n, (i) => compare(sortedAsc[i]!, c) >= 0);
  const upperBound = (c: CursorToken): number => bisect(n, (i) => compare(sortedAsc[i]!, c) > 0);

  if (!cursor || !cursor.reverse) {
    const start = cursor ? (descending ? n - lowerBound(cursor) : upperBound(cursor)) : 0;
    const items: T[] = [];
    let i = start;
    for (; i < n && items.length < size; i++) {
      const item = at(i);
      if (matches(item)) items.push(item);
    }
    const last = items[items.length - 1];
    const first = items[0];
    const hasPrevious = cursor !== null && anyMatch(start - 1, -1);
    return {
      kind: 'page',
      items,
      next: last && anyMatch(i, 1) ? tokenAt(last, false) : null,
      previous: hasPrevious ? (first ? tokenAt(first, true) : tokenAtCursor(cursor, true)) : null,
    };
  }

  // Reverse page: the `size` matching rows just before the cursor, shown in normal order.
  const end = descending ? n - 1 - upperBound(cursor) : lowerBound(cursor) - 1;
  const backwards: T[] = [];
  let i = end;
  for (; i >= 0 && backwards.length < size; i--) {
    const item = at(i);
    if (matches(item)) backwards.push(item);
  }
  const items = backwards.reverse();
  const first = items[0];
  const last = items[items.length - 1];
  return {
    kind: 'page',
    items,
    next: last && anyMatch(end + 1, 1) ? tokenAt(last, false) : null,
    previous: first && anyMatch(i, -1) ? tokenAt(first, true) : null,
  };
}

/** First index in [0, n) for which the monotone predicate holds (n when none does). */
function bisect(n: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** An absolute link to the same list with some parameters changed, keys sorted as DRF writes them. */
export function linkWith(baseUrl: string, params: URLSearchParams, changes: LinkChanges): string {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  next.sort();
  const query = next.toString();
  return query ? `${baseUrl}?${query}` : baseUrl;
}
