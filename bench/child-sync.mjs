// Runs the real CLI in this process and reports its peak RSS, so the benchmark measures the
// shipped code path (the bundle, through the launcher's loader and code cache) in a process of its
// own, without the fake server's memory.
import { createRequire } from 'node:module';

const { loadBundle } = createRequire(import.meta.url)('../bin/load-bundle.cjs');
await loadBundle().main(process.argv);
const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage(); // kilobytes, microseconds
process.stderr.write(`\nBENCH_MAX_RSS_KB=${maxRSS}\nBENCH_CPU_US=${userCPUTime + systemCPUTime}\n`);
