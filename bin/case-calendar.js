#!/usr/bin/env -S node --optimize-for-size
// The V8 flag above (size-over-speed heuristics) cuts a backfill's peak memory by about a quarter
// for some 10-15 % more CPU (bench/run.mjs measures both); systemd's ExecStart and the bench pass
// the same flag.
// Thin launcher: the CLI is compiled to dist/ and bundled to dist/bundle/ (by `npm ci` through the
// `prepare` script, or `npm run build`).
import('../dist/bundle/cli.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bundle')) {
    console.error('case-calendar: not built yet; run `npm run build` (or `npm ci`) first');
    process.exit(1);
  }
  throw err;
});
