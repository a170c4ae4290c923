/** CourtListener's payloads nest about six levels deep; anything near this limit is not one of theirs. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when JSON text nests arrays/objects deeper than `limit`. One linear pass that skips string
 * contents (escapes included), so it is safe on any input: no parse, no recursion. Deep values
 * crash recursive code later (zod, JSON.stringify) with "Maximum call stack size exceeded".
 */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
