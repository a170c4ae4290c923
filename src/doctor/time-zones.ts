import { zoneTableState } from '../time/zone-file.js';
import { ok, warn, type CheckResult } from './types.js';

/**
 * Whether runs read the courts' time zones from the build's table (dist/zones.json) or through
 * Intl. Times are right either way; the table saves each run ICU's data (~8 MB of memory), and a
 * Node upgraded after the build (other tz data) quietly loses it until the next build.
 */
export function checkTimeZones(): CheckResult {
  const state = zoneTableState();
  if (state.inUse) {
    return ok('time zones', `the build's table (tz data ${state.tz}, ${state.zones} zones, ${state.fromYear}–${state.toYear}): runs do not load ICU's time-zone data`);
  }
  return warn('time zones', `${state.why}: times are still right, read through Intl, but each run loads ICU's data (~8 MB more memory)`, 'run `npm run build` with the Node that runs case-calendar');
}
