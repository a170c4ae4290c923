#!/usr/bin/env -S node --optimize-for-size --max-opt=1
// The launcher's earlier name, kept so systemd units and crontabs written for it keep working.
// bin/case-calendar.cjs is the launcher: as CommonJS it starts ~10 ms sooner than this ESM file.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./load-bundle.cjs').runCli(process.argv);
