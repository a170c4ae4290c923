import { pino, type Logger } from 'pino';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Header and field names whose values must never reach a log line. */
const REDACT = [
  'token',
  'secret',
  'authorization',
  '*.token',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
];

/** Accepts pino names and the original's Python-style names (INFO, WARNING); unknown → info. */
export function normaliseLevel(level: string | undefined): (typeof LEVELS)[number] {
  const l = (level ?? 'info').trim().toLowerCase();
  if (l === 'warning') return 'warn';
  if (l === 'critical') return 'fatal';
  return (LEVELS as readonly string[]).includes(l) ? (l as (typeof LEVELS)[number]) : 'info';
}

let root: Logger | undefined;

/** JSON lines on stderr (stdout is for command output). */
export function createLogger(level?: string): Logger {
  root = pino(
    {
      level: normaliseLevel(level ?? process.env.LOG_LEVEL),
      base: { name: 'case-calendar' },
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: true }),
  );
  return root;
}

export function logger(): Logger {
  return root ?? createLogger();
}

/** Replaces any occurrence of the given secrets in a message (for errors built from URLs or bodies). */
export function scrub(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
