/** Helpers shared by the hosted adapters. */
import { errorMessage, type JsonReply } from '../http.js';

/*
 * Some models reject an explicit `temperature`. We learn that from the first 400, retry once
 * without it, and remember the model for the rest of the process so later calls skip the field.
 */
const REJECTION_PHRASES = ['not supported', 'unsupported', 'does not support', 'not permitted', 'not accepted'];

const rejectingModels = new Set<string>();

export function isTemperatureRejection(message: string): boolean {
  const m = message.toLowerCase();
  return m.includes('temperature') && REJECTION_PHRASES.some((p) => m.includes(p));
}

export function rejectsTemperature(provider: string, model: string): boolean {
  return rejectingModels.has(`${provider}\u0000${model}`);
}

export function rememberTemperatureRejection(provider: string, model: string): void {
  rejectingModels.add(`${provider}\u0000${model}`);
}

/**
 * Sends with `temperature` unless this model is known to refuse it; when a 4xx says the field is
 * not supported, remembers the model and sends once more without it.
 */
export async function sendWithTemperatureFallback(provider: string, model: string, send: (withTemperature: boolean) => Promise<JsonReply>): Promise<JsonReply> {
  const withTemperature = !rejectsTemperature(provider, model);
  const reply = await send(withTemperature);
  if (!withTemperature || reply.status < 400 || reply.status >= 500 || !isTemperatureRejection(errorMessage(reply.body))) return reply;
  rememberTemperatureRejection(provider, model);
  return send(false);
}

/** Non-negative integer count from a vendor usage field; anything else counts as 0. */
export function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/** A vendor JSON value as an object to read optional fields from ({} when it is not one). */
export function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
