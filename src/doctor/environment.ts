import { readEnv, type Env } from '../config/env.js';
import type { Config } from '../config/types.js';
import { resolveExtractionProvider } from '../extract/llm/resolve.js';
import { parseSecrets } from '../notify/sign.js';
import { validateSecret } from '../server/secret.js';
import { resolveSummaryProvider } from '../summaries/provider.js';
import { fail, ok, warn, type CheckResult } from './types.js';

const TOKEN_FIX = 'create a token at https://www.courtlistener.com/profile/api/ and put COURTLISTENER_TOKEN=<token> in .env';
const LLM_KEY_FIX = 'set GEMINI_API_KEY, ANTHROPIC_API_KEY or OPENAI_API_KEY in .env (or LLM_PROVIDER=ollama for a local model)';

/** Whether the configuration asks for a language model at all. */
export function llmNeeded(config: Config): { extraction: boolean; summaries: boolean } {
  return { extraction: config.extractor === 'llm' || config.extractor === 'hybrid', summaries: config.summaries.enabled };
}

/**
 * Check 2: the variables the configuration needs. Values are never shown (only whether they are
 * set, and their length where that is the problem); the one exception is the CourtListener origin,
 * which is not a secret and says which server the next checks talk to.
 */
export function checkEnvironment(config: Config | null, processEnv: NodeJS.ProcessEnv): { results: CheckResult[]; env: Env | null } {
  const results: CheckResult[] = [];
  let env: Env | null = null;
  try {
    env = readEnv(processEnv);
  } catch (err) {
    results.push(fail('env COURTLISTENER_BASE_URL', (err as Error).message, 'set COURTLISTENER_BASE_URL to an origin such as https://www.courtlistener.com, or unset it'));
  }

  const token = processEnv.COURTLISTENER_TOKEN?.trim();
  results.push(token ? ok('env COURTLISTENER_TOKEN', 'set') : fail('env COURTLISTENER_TOKEN', 'not set: sync, serve and every CourtListener check need it', TOKEN_FIX));
  if (env?.courtListenerOriginFromEnv) results.push(ok('env COURTLISTENER_BASE_URL', `set: ${env.courtListenerOrigin}`));

  const secretName = 'env CASE_CALENDAR_WEBHOOK_SECRET';
  const raw = processEnv.CASE_CALENDAR_WEBHOOK_SECRET;
  const secret = validateSecret(raw);
  if (secret.ok) results.push(ok(secretName, `set (${secret.secret.length} characters)`));
  else if (!raw?.trim()) {
    // Cron-only set-ups need no receiver, so a missing secret is not a failure.
    const [what, how] = splitFix(secret.message);
    results.push(warn(secretName, `${what}: \`serve\` (the webhook receiver) will not start`, how));
  } else {
    // Set but unusable: someone meant to run the receiver, and it will refuse to start.
    const [what, how] = splitFix(secret.message);
    results.push(fail(secretName, `${what}: \`serve\` refuses to start`, how));
  }
  if (!config) return { results, env };

  const secretEnvs = new Map<string, string[]>();
  for (const n of config.notifications) if (n.secretEnv) secretEnvs.set(n.secretEnv, [...(secretEnvs.get(n.secretEnv) ?? []), n.id]);
  for (const [name, ids] of secretEnvs) {
    const of = `signing secret of notification endpoint${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`;
    const value = processEnv[name]?.trim();
    if (!value) {
      results.push(fail(`env ${name}`, `not set (the ${of}): nothing is sent to ${ids.length > 1 ? 'them' : 'it'}`, `put ${name}=<secret> in .env (\`case-calendar notify secret\` prints a new one)`));
      continue;
    }
    try {
      parseSecrets(value);
      results.push(ok(`env ${name}`, `set (the ${of})`));
    } catch (err) {
      results.push(fail(`env ${name}`, `not a usable secret (${(err as Error).message})`, `replace it with the output of \`case-calendar notify secret\` (and give the receiver the same value)`));
    }
  }

  const m365 = [...config.calendars.values()].filter((c) => c.m365CalendarId).map((c) => c.id);
  if (m365.length > 0) {
    results.push(
      config.push.m365ClientId
        ? ok('env M365_CLIENT_ID', `Microsoft 365 app id set (calendars ${m365.join(', ')})`)
        : fail('env M365_CLIENT_ID', `calendars ${m365.join(', ')} push to Microsoft 365, but no app id is set`, 'set m365_client_id in config.yaml or M365_CLIENT_ID in .env, then run `case-calendar setup m365`'),
    );
  }

  const need = llmNeeded(config);
  if (need.extraction) results.push(llmKeyCheck('env LLM key (extraction)', `extractor: ${config.extractor}`, () => resolveExtractionProvider(processEnv)?.provider ?? null));
  if (need.summaries) results.push(llmKeyCheck('env LLM key (summaries)', 'case_summaries.enabled', () => resolveSummaryProvider(config.summaries, processEnv)));
  return { results, env };
}

function llmKeyCheck(name: string, why: string, resolve: () => { name: string; model: string } | null): CheckResult {
  try {
    const p = resolve();
    if (!p) return fail(name, `${why} needs a language model, but no provider key is set`, LLM_KEY_FIX);
    return ok(name, `${p.name}/${p.model}${p.name === 'ollama' ? ' (local, no key needed)' : ' (key set)'}`);
  } catch (err) {
    // resolve's messages name the variables, never their values.
    return fail(name, (err as Error).message, `${LLM_KEY_FIX}; provider names are anthropic, gemini, openai, ollama`);
  }
}

/** validateSecret's messages end with "— generate one with: <command>": the fix part. */
function splitFix(message: string): [string, string] {
  const at = message.indexOf(' — ');
  const what = (at < 0 ? message : message.slice(0, at)).replace(/^CASE_CALENDAR_WEBHOOK_SECRET /, '');
  return [what, at < 0 ? 'set CASE_CALENDAR_WEBHOOK_SECRET in .env' : `${message.slice(at + 3)} and put it in .env as CASE_CALENDAR_WEBHOOK_SECRET`];
}
