#!/usr/bin/env -S node --optimize-for-size
// The V8 flag above (size-over-speed heuristics) cuts a backfill's peak memory by about a quarter
// for some 10-15 % more CPU (bench/run.mjs measures both); systemd's ExecStart and the bench pass
// the same flag. It also makes Node compile its own modules from source (its built-in code cache
// is keyed by the flags), which is one more reason the bundle loads only what a run uses.
'use strict';
// CommonJS, not ESM: an ESM entry point starts Node's ESM loader first (~10 ms each start).
require('./load-bundle.cjs').runCli(process.argv);
