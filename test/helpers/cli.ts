import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'case-calendar.cjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  }
}

/** Runs the built CLI as a child process, the way cron or an operator would. */
export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  const started = Date.now();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, LOG_LEVEL: 'warn', ...opts.env })) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

export interface CliChunk {
  at: number; // ms since spawn
  stream: 'stdout' | 'stderr';
  text: string;
}

/** runCli, plus every output chunk with its arrival time: for "never silent for more than N s". */
export function runCliStreaming(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult & { chunks: CliChunk[] }> {
  const started = Date.now();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, LOG_LEVEL: 'warn', ...opts.env })) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: CliChunk[] = [];
    const on = (stream: CliChunk['stream']) => (d: Buffer) => chunks.push({ at: Date.now() - started, stream, text: d.toString() });
    child.stdout.on('data', on('stdout'));
    child.stderr.on('data', on('stderr'));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = (s: CliChunk['stream']) => chunks.filter((c) => c.stream === s).map((c) => c.text).join('');
      resolve({ code, stdout: text('stdout'), stderr: text('stderr'), ms: Date.now() - started, chunks });
    });
  });
}
