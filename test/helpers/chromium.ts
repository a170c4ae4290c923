import { existsSync } from 'node:fs';

/** Where Debian, Ubuntu and Google's packages put the browser; playwright-core never downloads one. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium', '/snap/bin/chromium', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

export const CHROMIUM_HINT = 'install it with `apt-get install chromium` (or set CHROMIUM_PATH to a Chromium executable)';

/** CHROMIUM_PATH when set (it must exist), else the first common install path found; null when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}
