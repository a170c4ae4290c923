/** How long a server asks to be left alone: retry-after (delta seconds or HTTP date) or retry-after-ms; null when absent. */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | null {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const ms = first(headers['retry-after-ms']);
  if (typeof ms === 'string' && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const v = first(headers['retry-after']);
  if (typeof v !== 'string') return null;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
