import { describe, expect, it } from 'vitest';
import { estimateDailyRequests, planPolling, pollingLine, pollingSummary, type DocketPollInput, type PollPlanInput } from '../src/pipeline/poll-plan.js';

const NOW = new Date('2031-03-02T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

function plan(over: Partial<PollPlanInput> = {}) {
  return planPolling({ mode: 'webhook-first', catchAllHours: 24, now: NOW, serveAliveAt: ago(5 * MIN), dockets: [], ...over });
}
const docket = (docketId: number, alertState: DocketPollInput['alertState'], lastPolledAt: string | null): DocketPollInput => ({ docketId, alertState, lastPolledAt });
const decision = (p: ReturnType<typeof plan>, id: number) => p.decisions.find((d) => d.docketId === id)!;

describe('planPolling: which dockets a sync run polls', () => {
  const mixed = [
    docket(1, 'active', ago(2 * HOUR)), // covered, polled recently: skipped
    docket(2, 'active', ago(25 * HOUR)), // covered, catch-all due
    docket(3, 'active', null), // covered, never polled
    docket(4, 'disabled', ago(2 * HOUR)),
    docket(5, 'missing', ago(2 * HOUR)),
    docket(6, null, ago(2 * HOUR)), // never checked
  ];

  it('with a live serve, skips only the covered dockets polled within the catch-all, saying why for each', () => {
    const p = plan({ dockets: mixed });
    expect(p.serveAlive).toBe(true);
    expect(p.skipped).toEqual([1]);
    expect(p.toPoll).toEqual([2, 3, 4, 5, 6]);
    expect(p.decisions.map((d) => [d.docketId, d.reason, d.covered])).toEqual([
      [1, 'webhook-covered', true],
      [2, 'catch-all-due', true],
      [3, 'never-polled', true],
      [4, 'no-active-alert', false],
      [5, 'no-active-alert', false],
      [6, 'alert-unknown', false],
    ]);
    // Polled 2 h ago, due 23 h after that (an hour's slack for the length of a run).
    expect(decision(p, 1).nextPollAt).toBe(new Date(NOW.getTime() + 21 * HOUR).toISOString());
    expect(decision(p, 2).nextPollAt).toBeNull();
  });

  it('polls everything when serve was not seen within the hour, never ran, or stopped cleanly', () => {
    for (const serveAliveAt of [ago(HOUR + 1), null, '', 'not a date']) {
      const p = plan({ dockets: mixed, serveAliveAt });
      expect(p.serveAlive).toBe(false);
      expect(p.skipped).toEqual([]);
      expect(p.decisions.every((d) => d.reason === 'serve-not-alive' && !d.covered)).toBe(true);
    }
    expect(plan({ dockets: mixed, serveAliveAt: ago(HOUR) }).skipped).toEqual([1]); // exactly an hour: still alive
  });

  it("polls everything with poll: 'always', even with a live serve and active alerts", () => {
    const p = plan({ mode: 'always', dockets: mixed });
    expect(p.serveAlive).toBe(true);
    expect(p.toPoll).toEqual([1, 2, 3, 4, 5, 6]);
    expect(p.decisions.every((d) => d.reason === 'poll-always' && !d.covered)).toBe(true);
  });

  it('times the catch-all from the last poll, due a tenth early (at most an hour) so a daily cron does not slip to every other day', () => {
    const at = (lastPolledAt: string, catchAllHours: number) => decision(plan({ catchAllHours, dockets: [docket(7, 'active', lastPolledAt)] }), 7).poll;
    expect(at(ago(22 * HOUR + 59 * MIN), 24)).toBe(false);
    expect(at(ago(23 * HOUR), 24)).toBe(true);
    expect(at(ago(24 * HOUR - 5 * 1000), 24)).toBe(true); // yesterday's run polled it 5 s after today's run started
    expect(at(ago(5 * HOUR), 6)).toBe(false);
    expect(at(ago(5 * HOUR + 24 * MIN), 6)).toBe(true); // 6 h less 36 min
    expect(at(ago(53 * MIN), 1)).toBe(false);
    expect(at(ago(54 * MIN), 1)).toBe(true);
  });
});

describe('estimateDailyRequests', () => {
  const thirty = (covered: number) => Array.from({ length: 30 }, (_, i) => docket(i + 1, i < covered ? 'active' : 'missing', ago(HOUR)));

  it('charges every-run dockets per run and covered ones per catch-all, 2 requests a poll', () => {
    const p = plan({ dockets: thirty(12) });
    expect(estimateDailyRequests(p, 24)).toBe(18 * 24 * 2 + 12 * 1 * 2); // 888
    expect(estimateDailyRequests(plan({ catchAllHours: 6, dockets: thirty(12) }), 24)).toBe(18 * 24 * 2 + 12 * 4 * 2);
    expect(estimateDailyRequests(plan({ catchAllHours: 48, dockets: thirty(12) }), 24)).toBe(18 * 24 * 2 + 12 * 0.5 * 2);
  });

  it('counts a covered docket whose catch-all is due now as covered, not as polled every run', () => {
    const p = plan({ dockets: [docket(1, 'active', null), docket(2, 'active', ago(30 * HOUR))] });
    expect(p.toPoll).toEqual([1, 2]);
    expect(estimateDailyRequests(p, 24)).toBe(2 * 1 * 2);
  });

  it('never polls a covered docket more often than sync runs', () => {
    expect(estimateDailyRequests(plan({ catchAllHours: 1, dockets: thirty(30) }), 4)).toBe(30 * 4 * 2);
  });

  it('charges everything per run without coverage (always, or no live serve)', () => {
    expect(estimateDailyRequests(plan({ mode: 'always', dockets: thirty(12) }), 24)).toBe(30 * 24 * 2);
    expect(estimateDailyRequests(plan({ serveAliveAt: null, dockets: thirty(12) }), 24)).toBe(30 * 24 * 2);
  });

  it('rejects a run count that is not a positive number', () => {
    const p = plan({ dockets: thirty(1) });
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => estimateDailyRequests(p, bad)).toThrow(RangeError);
  });
});

describe('pollingSummary and the line sync prints', () => {
  it('reports skipped, covered and the requests saved', () => {
    const s = pollingSummary(plan({ dockets: [docket(1, 'active', ago(HOUR)), docket(2, 'active', ago(HOUR)), docket(3, 'missing', ago(HOUR))] }));
    expect(s).toMatchObject({ mode: 'webhook-first', serveAlive: true, dockets: 3, covered: 2, skipped: 2, requestsSavedAtLeast: 2 });
    expect(s.skippedDockets.map((d) => d.docketId)).toEqual([1, 2]);
    expect(pollingLine(s)).toBe('webhook-first: 2 of 3 dockets covered by active alerts and a live serve; skipped until their daily catch-all (saved ≥ 2 requests)');
  });

  it('names the covered dockets that were polled anyway, and a catch-all other than daily', () => {
    const s = pollingSummary(plan({ catchAllHours: 6, dockets: [docket(1, 'active', ago(HOUR)), docket(2, 'active', null), docket(3, null, null)] }));
    expect(pollingLine(s)).toBe('webhook-first: 2 of 3 dockets covered by active alerts and a live serve; 1 skipped until their 6-hour catch-all (saved ≥ 1 request), 1 due and polled');
  });

  it('says why nothing was skipped', () => {
    const one = [docket(1, 'active', null)];
    expect(pollingLine(pollingSummary(plan({ dockets: one })))).toBe('webhook-first: 1 of 1 docket covered by active alerts and a live serve; all due for their daily catch-all (or never polled); polling all 1 docket');
    expect(pollingLine(pollingSummary(plan({ dockets: one, serveAliveAt: null })))).toBe('webhook-first: no serve seen in the last hour; polling all 1 docket');
    expect(pollingLine(pollingSummary(plan({ dockets: [docket(1, 'disabled', ago(HOUR))] })))).toBe('webhook-first: no docket has a known active alert (see `case-calendar alerts`); polling all 1 docket');
    expect(pollingLine(pollingSummary(plan({ mode: 'always', dockets: one })))).toBe('poll: always; polling all 1 docket');
  });
});
