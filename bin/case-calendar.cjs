#!/usr/bin/env -S node --optimize-for-size --max-opt=1
// The V8 flags above, for batch runs (sync, emit, cron): --optimize-for-size (size-over-speed heap
// heuristics) cuts a backfill's peak memory by about a quarter; --max-opt=1 stops at V8's baseline
// compiler, so a run never starts TurboFan, whose compiles and their memory cost a backfill more
// than the faster code gives back (bench/run.mjs measures both). The systemd unit runs serve with
// --optimize-for-size alone: a receiver acknowledging for hours does want optimised code. Any flag
// also makes Node compile its own modules from source (its built-in code cache is keyed by the
// flags), which is one more reason the bundle loads only what a run uses.
'use strict';
// CommonJS, not ESM: an ESM entry point starts Node's ESM loader first (~10 ms each start).
require('./load-bundle.cjs').runCli(process.argv);
