/**
 * Progress while a run waits on CourtListener: at the free tier (5 a minute) a first sync spends
 * most of its time waiting, and a silent wait looks like a hang.
 */

/** Longest silence during a wait. */
export const HEARTBEAT_MS = 5_000;
/** Shorter waits are not reported: they cannot make a run look stuck, and would add a line per request. */
export const REPORTED_WAIT_MS = 1_000;

/** Sleeps `ms` in slices of at most `every`, calling `tick(remainingMs)` before each slice. */
export async function sleepWithHeartbeat(ms: number, sleep: (ms: number) => Promise<void>, tick: (remainingMs: number) => void, every = HEARTBEAT_MS): Promise<void> {
  if (ms < REPORTED_WAIT_MS) return sleep(ms);
  for (let left = ms; left > 0; ) {
    tick(left);
    const step = Math.min(left, every);
    await sleep(step);
    left -= step;
  }
}

/** What a request is for, in the words of the progress line; also the key of the plan. */
export const requestLabel = {
  docket: (id: number) => `docket ${id}`,
  entries: (docketId: number, page: number) => `entries of docket ${docketId} page ${page}`,
  entry: (id: number) => `docket entry ${id}`,
  court: (id: string) => `court ${id}`,
  alerts: (page: number) => `docket alerts page ${page}`,
  alert: (docketId: number) => `docket alert for docket ${docketId}`,
};

/**
 * The requests a run still expects, a lower bound: the caller names what it knows it will fetch
 * (each docket, the first entries page of a docket never fully polled) and the client adds a list's
 * next page when a page links to it. CourtListener's cursor pages carry no total (`count` is a
 * link that costs a request), and court lookups or alert creates are not foreseen.
 */
export class RequestPlan {
  private readonly expected = new Map<string, number | null>(); // label -> docket id
  private current: string | null = null;

  expect(label: string, docketId: number | null = null): void {
    this.expected.set(label, docketId);
  }

  /** A docket failed: what it still expected will not be fetched. */
  forgetDocket(docketId: number): void {
    for (const [label, id] of this.expected) if (id === docketId) this.expected.delete(label);
  }

  start(label: string): void {
    this.expected.delete(label);
    this.current = label;
  }

  finish(): void {
    this.current = null;
  }

  /** Requests still to send, the one in hand included. */
  remaining(): number {
    return this.expected.size + (this.current ? 1 : 0);
  }
}

export interface WaitReport {
  reason: 'slot' | 'retry-after' | 'backoff';
  waitMs: number;
  perMinute: number | null; // null without a pacer
  done: number; // requests answered so far
  remaining: number; // at least this many still to send, the waiting one included
  next: string;
}

function duration(ms: number): string {
  return ms < 90_000 ? `${Math.ceil(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/**
 * `waiting 41 s for a CourtListener request slot (5/min tier; 7 of ≥16 requests done, ETA ≥2 min) — next: …`.
 * "≥" because the plan is a lower bound; the ETA too: the minute being full now, no more than
 * perMinute requests fit in any later minute.
 */
export function waitLine(w: WaitReport): string {
  const what = w.reason === 'slot' ? 'for a CourtListener request slot' : w.reason === 'retry-after' ? 'as CourtListener asked (429 Retry-After)' : 'before retrying CourtListener';
  const later = w.perMinute ? Math.floor(Math.max(0, w.remaining - 1) / w.perMinute) * 60_000 : 0;
  const tier = w.perMinute ? `${w.perMinute}/min tier; ` : '';
  return `waiting ${Math.ceil(w.waitMs / 1000)} s ${what} (${tier}${w.done} of ≥${w.done + w.remaining} requests done, ETA ≥${duration(w.waitMs + later)}) — next: ${w.next}`;
}
