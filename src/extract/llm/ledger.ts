import type { LlmResponse } from './types.js';

/** USD per million tokens: input, cache read, cache write, output (spec/llm-providers.md §7). */
const PRICES: Record<string, [number, number, number, number]> = {
  'claude-opus-4-7': [5, 0.5, 6.25, 25],
  'claude-opus-4-6': [5, 0.5, 6.25, 25],
  'claude-opus-4-5': [5, 0.5, 6.25, 25],
  'claude-opus-4-1': [15, 1.5, 18.75, 75],
  'claude-sonnet-4-6': [3, 0.3, 3.75, 15],
  'claude-sonnet-4-5': [3, 0.3, 3.75, 15],
  'claude-haiku-4-5': [1, 0.1, 1.25, 5],
  'gemini-3.5-flash': [1.5, 0.15, 0, 9],
  'gemini-3.1-pro-preview': [2, 0.2, 0, 12],
  'gemini-3.1-flash-lite': [0.25, 0.025, 0, 1.5],
  'gemini-2.5-pro': [1.25, 0.125, 0, 10],
  'gemini-2.5-flash': [0.3, 0.03, 0, 2.5],
  'gemini-2.5-flash-lite': [0.1, 0.01, 0, 0.4],
  'gpt-5.5': [5, 0.5, 0, 30],
  'gpt-5.5-pro': [30, 30, 0, 180],
  'gpt-5.4': [2.5, 0.25, 0, 15],
  'gpt-5.4-mini': [0.75, 0.075, 0, 4.5],
  'gpt-5.4-nano': [0.2, 0.02, 0, 1.25],
  'gpt-5.4-pro': [30, 30, 0, 180],
  'gpt-5.2': [1.75, 0.175, 0, 14],
  'gpt-5.2-pro': [21, 21, 0, 168],
  'gpt-5.1': [1.25, 0.125, 0, 10],
  'gpt-5': [1.25, 0.125, 0, 10],
  'gpt-5-mini': [0.25, 0.025, 0, 2],
  'gpt-5-nano': [0.05, 0.005, 0, 0.4],
  'gpt-5-pro': [15, 15, 0, 120],
};

function priceOf(model: string): [number, number, number, number] | null {
  if (PRICES[model]) return PRICES[model]!;
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '').replace(/-\d{3,8}$/, '');
  return PRICES[base] ?? null;
}

/** Estimated USD cost of one call; null when the model has no price entry. Local models cost 0. */
export function estimateCost(r: Pick<LlmResponse, 'provider' | 'model' | 'usage'>): number | null {
  if (r.provider === 'ollama') return 0;
  const p = priceOf(r.model);
  if (!p) return null;
  const u = r.usage;
  const fresh = Math.max(0, u.input - u.cached - u.cacheWrite);
  return (fresh * p[0] + u.cached * p[1] + u.cacheWrite * p[2] + u.output * p[3]) / 1e6;
}

export interface LedgerTotals {
  calls: number;
  input: number;
  output: number;
  cached: number;
  cacheWrite: number;
  thinking: number;
  costUsd: number;
  unpricedCalls: number;
}

/** Token and cost totals of a run, printed at the end of `sync` and logged per call. */
export class UsageLedger {
  readonly totals: LedgerTotals = { calls: 0, input: 0, output: 0, cached: 0, cacheWrite: 0, thinking: 0, costUsd: 0, unpricedCalls: 0 };

  record(r: Pick<LlmResponse, 'provider' | 'model' | 'usage'>): number | null {
    const t = this.totals;
    t.calls++;
    t.input += r.usage.input;
    t.output += r.usage.output;
    t.cached += r.usage.cached;
    t.cacheWrite += r.usage.cacheWrite;
    t.thinking += r.usage.thinking;
    const cost = estimateCost(r);
    if (cost === null) t.unpricedCalls++;
    else t.costUsd += cost;
    return cost;
  }

  summary(): string {
    const t = this.totals;
    return `llm calls=${t.calls} in=${t.input} out=${t.output} (thinking ${t.thinking}) cached=${t.cached} cache_write=${t.cacheWrite} cost_est=$${t.costUsd.toFixed(4)}${t.unpricedCalls ? ` (${t.unpricedCalls} call(s) had no price entry)` : ''}`;
  }
}
