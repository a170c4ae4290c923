import * as z from 'zod';
import { UserError, EXIT_USAGE } from '../errors.js';

export const DEFAULT_COURTLISTENER_ORIGIN = 'https://www.courtlistener.com';

const EnvSchema = z.object({
  COURTLISTENER_TOKEN: z
    .string()
    .trim()
    .transform((s) => (s === '' ? undefined : s))
    .optional(),
  COURTLISTENER_BASE_URL: z
    .string()
    .trim()
    .transform((s) => s.replace(/\/+$/, ''))
    .pipe(z.string().regex(/^https?:\/\/[^/\s]+(\/.*)?$/, 'must be an http(s) origin such as https://www.courtlistener.com'))
    .optional(),
  LOG_LEVEL: z.string().optional(),
});

export interface Env {
  courtListenerToken: string | undefined;
  courtListenerOrigin: string;
  courtListenerOriginFromEnv: boolean; // false: the default origin, COURTLISTENER_BASE_URL unset
  logLevel: string | undefined;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse({
    COURTLISTENER_TOKEN: env.COURTLISTENER_TOKEN,
    COURTLISTENER_BASE_URL: env.COURTLISTENER_BASE_URL || undefined,
    LOG_LEVEL: env.LOG_LEVEL,
  });
  if (!parsed.success) {
    const msgs = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new UserError(`environment: ${msgs.join('; ')}`, EXIT_USAGE);
  }
  return {
    courtListenerToken: parsed.data.COURTLISTENER_TOKEN,
    courtListenerOrigin: parsed.data.COURTLISTENER_BASE_URL ?? DEFAULT_COURTLISTENER_ORIGIN,
    courtListenerOriginFromEnv: parsed.data.COURTLISTENER_BASE_URL !== undefined,
    logLevel: parsed.data.LOG_LEVEL,
  };
}

export function requireToken(env: Env): string {
  if (!env.courtListenerToken) {
    throw new UserError(
      'COURTLISTENER_TOKEN is not set — create a token at https://www.courtlistener.com/profile/api/ and put COURTLISTENER_TOKEN=<token> in .env (see .env.example)',
      EXIT_USAGE,
    );
  }
  return env.courtListenerToken;
}
