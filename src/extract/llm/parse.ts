import * as z from 'zod';
import { ActionSchema, type Action } from '../actions.js';

const ReplySchema = z.object({ actions: z.array(z.unknown()) });

export class ReplyFormatError extends Error {
  override readonly name = 'ReplyFormatError';
}

/** The first complete JSON value starting at the first `{` (models sometimes add prose after it). */
function firstJsonObject(text: string): string | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

/** Light repair for common slips: trailing commas, smart quotes around keys and strings. */
function repair(json: string): string {
  return json.replace(/[\u201c\u201d]/g, '"').replace(/,\s*([}\]])/g, '$1');
}

/** The first JSON object in a model's reply (code fences, prose and small slips tolerated). */
export function readJsonObject(text: string): unknown {
  const body = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/```\s*$/, '');
  const candidate = firstJsonObject(body);
  if (!candidate) throw new ReplyFormatError('the reply contains no JSON object');
  try {
    return JSON.parse(candidate);
  } catch {
    try {
      return JSON.parse(repair(candidate));
    } catch (err) {
      throw new ReplyFormatError(`the reply is not valid JSON: ${(err as Error).message}`);
    }
  }
}

/**
 * Reads a model's reply into validated actions. Invalid individual actions are dropped (and
 * reported); a reply that is not an `{actions: [...]}` object throws, so the caller can ask again.
 */
export function parseActions(text: string): { actions: Action[]; dropped: string[] } {
  const value = readJsonObject(text);
  const reply = ReplySchema.safeParse(value);
  if (!reply.success) throw new ReplyFormatError('the reply is not an object with an "actions" list');
  const actions: Action[] = [];
  const dropped: string[] = [];
  for (const raw of reply.data.actions) {
    // Models send "null" strings and upper/lower-case types; normalise before validating.
    const cleaned =
      raw && typeof raw === 'object'
        ? Object.fromEntries(
            Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, v === 'null' || v === '' ? null : k === 'type' && typeof v === 'string' ? v.toUpperCase() : v]),
          )
        : raw;
    const a = ActionSchema.safeParse(cleaned);
    if (a.success) actions.push(a.data);
    else dropped.push(a.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  if (actions.length === 0) actions.push({ type: 'IGNORE' });
  return { actions, dropped };
}
