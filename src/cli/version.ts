import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The package version, read once from the project's package.json: two folders up from dist/cli/
 * and from src/cli/, also reached from the bundle (dist/bundle/) by looking further up.
 */
export function version(): string {
  if (cached) return cached;
  cached = '0.0.0';
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'case-calendar' && pkg.version) {
        cached = pkg.version;
        break;
      }
    } catch {
      // not there: try the next place
    }
  }
  return cached;
}
