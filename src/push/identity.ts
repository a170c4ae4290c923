import { createHash } from 'node:crypto';

/**
 * Remote event identity, as the Python original computes it, so a store carried over maps onto the
 * events it already created: sha1 of "<case_id>::<hearing key>" (deadlines: "deadline:<key>").
 */
export function rowDigest(rowRef: string): string {
  return createHash('sha1').update(rowRef, 'utf8').digest('hex');
}

/** Google event ids allow [a-v0-9]{5,1024}; "cc" + 40 hex digits fits. */
export function googleEventId(rowRef: string): string {
  return `cc${rowDigest(rowRef)}`;
}

/** The single-value extended property Graph events carry, found again with a $filter. */
export const GRAPH_KEY_PROPERTY = 'String {8a6ff1f8-2a8a-4a5f-9d3a-c5f0e9bb4cdb} Name CaseCalendarKey';

/** What was sent, so an unchanged event is not sent again. */
export function bodyHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body), 'utf8').digest('hex');
}
