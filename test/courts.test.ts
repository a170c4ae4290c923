import { describe, expect, it } from 'vitest';
import { COURT_TIME_ZONES, DEFAULT_COURT_TIME_ZONE, courtTimeZone } from '../src/render/courts.js';

describe('court time zone table', () => {
  it('has the 230 court ids of the spec, none listed twice', () => {
    expect(COURT_TIME_ZONES.size).toBe(230);
  });

  it('splits the ids over the zones as the spec does', () => {
    const perZone = new Map<string, number>();
    for (const zone of COURT_TIME_ZONES.values()) perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
    expect(Object.fromEntries(perZone)).toEqual({
      'America/New_York': 111,
      'America/Chicago': 72,
      'America/Los_Angeles': 18,
      'America/Denver': 14,
      'America/Phoenix': 2,
      'America/Anchorage': 2,
      'Pacific/Honolulu': 2,
      'America/Puerto_Rico': 2,
      'America/St_Thomas': 2,
      'Pacific/Guam': 4,
      'Pacific/Pago_Pago': 1,
    });
  });

  it('names only zones the runtime knows', () => {
    for (const zone of new Set(COURT_TIME_ZONES.values())) {
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone }), zone).not.toThrow();
    }
  });

  it.each([
    ['nysd', 'America/New_York'],
    ['dcd', 'America/New_York'],
    ['scotus', 'America/New_York'],
    ['uscgcoca', 'America/New_York'],
    ['ilnd', 'America/Chicago'],
    ['nebraskab', 'America/Chicago'],
    ['txsd', 'America/Chicago'],
    ['cand', 'America/Los_Angeles'],
    ['ca9', 'America/Los_Angeles'],
    ['cod', 'America/Denver'],
    ['azd', 'America/Phoenix'],
    ['arb', 'America/Phoenix'], // Arizona bankruptcy, not Arkansas
    ['areb', 'America/Chicago'],
    ['akd', 'America/Anchorage'],
    ['hid', 'Pacific/Honolulu'],
    ['prd', 'America/Puerto_Rico'],
    ['vib', 'America/St_Thomas'],
    ['nmid', 'Pacific/Guam'],
    ['asd', 'Pacific/Pago_Pago'],
  ])('%s → %s', (court, zone) => {
    expect(courtTimeZone(court)).toEqual({ zone, known: true });
  });

  it('matches ids regardless of case and surrounding spaces', () => {
    expect(courtTimeZone(' CAND ')).toEqual({ zone: 'America/Los_Angeles', known: true });
  });

  it.each([['xyzd'], [''], [null], [undefined]])('falls back to New York for %j, flagged unknown', (court) => {
    expect(courtTimeZone(court)).toEqual({ zone: DEFAULT_COURT_TIME_ZONE, known: false });
    expect(DEFAULT_COURT_TIME_ZONE).toBe('America/New_York');
  });
});
