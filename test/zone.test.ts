import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, localToUtcIso, toUtcInstant, utcToLocal } from '../src/time/zone.js';

describe('time zones', () => {
  it('converts court-local wall clock to UTC on both sides of DST', () => {
    expect(localToUtcIso('2026-03-07', '10:00', 'America/New_York')).toBe('2026-03-07T15:00:00.000Z');
    expect(localToUtcIso('2026-03-09', '10:00', 'America/New_York')).toBe('2026-03-09T14:00:00.000Z');
    expect(localToUtcIso('2026-11-02', '09:30', 'America/Los_Angeles')).toBe('2026-11-02T17:30:00.000Z');
    expect(localToUtcIso('2026-07-01', '09:00', 'America/Phoenix')).toBe('2026-07-01T16:00:00.000Z');
  });

  it('maps a wall-clock time inside the spring-forward gap to the hour after', () => {
    expect(localToUtcIso('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(utcToLocal('2026-03-08T07:30:00.000Z', 'America/New_York')).toEqual({ date: '2026-03-08', time: '03:30' });
  });

  it('round-trips UTC to local', () => {
    expect(utcToLocal('2026-05-28T14:00:00Z', 'America/New_York')).toEqual({ date: '2026-05-28', time: '10:00' });
    expect(utcToLocal('2026-01-01T04:30:00Z', 'America/Chicago')).toEqual({ date: '2025-12-31', time: '22:30' });
  });

  it('normalises CourtListener timestamps to fixed-width UTC instants that compare as strings', () => {
    expect(toUtcInstant('2026-03-02T10:15:42.123456-08:00')).toBe('2026-03-02T18:15:42.123456Z');
    expect(toUtcInstant('2026-07-02T10:15:42-07:00')).toBe('2026-07-02T17:15:42.000000Z');
    expect(toUtcInstant('2026-07-02T17:15:42.5Z')).toBe('2026-07-02T17:15:42.500000Z');
    // Across the autumn change a later instant can have a smaller local string; instants still order.
    const a = toUtcInstant('2026-11-01T01:30:00.000000-07:00');
    const b = toUtcInstant('2026-11-01T01:10:00.000000-08:00');
    expect(a < b).toBe(true);
    expect(() => toUtcInstant('yesterday')).toThrow(/not a timestamp/);
  });

  it('does calendar arithmetic and validates dates', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-12-31')).toBe(true);
  });
});
