// Load generator for bench/webhook.mjs, in its own process so it does not share the receiver's
// event loop: POSTs N deliveries with bounded concurrency and prints latency figures as JSON.
import { Agent, request } from 'undici';

const [url, total, concurrency, relevantEvery] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
const agent = new Agent({ connections: concurrency, pipelining: 1 });
const latencies = [];
let next = 0;
let failures = 0;

function body(i) {
  const relevant = i % relevantEvery === 0;
  const description = relevant
    ? `Motion Hearing set for 6/${1 + (i % 28)}/2031 at 10:00 AM in Courtroom 5 re ${1000 + i} MOTION to Suppress.`
    : `NOTICE OF ATTORNEY APPEARANCE: counsel ${i} appearing for Defendant.`;
  return JSON.stringify({
    webhook: { version: 2, event_type: 1, date_created: new Date().toISOString(), deprecation_date: null },
    payload: { results: [{ id: 900000 + i, docket: 5001, entry_number: i + 1, recap_sequence_number: `2031.${String(i).padStart(6, '0')}`, date_filed: '2031-01-02', date_modified: '2031-01-02T10:00:00.000000-08:00', description, short_description: '', recap_documents: [] }] },
  });
}

async function workerLoop() {
  while (next < total) {
    const i = next++;
    const t = performance.now();
    try {
      const res = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${i}-${process.pid}` }, body: body(i) });
      await res.body.dump();
      if (res.statusCode !== 200) failures++;
    } catch {
      failures++;
    }
    latencies.push(performance.now() - t);
  }
}

// Warm-up (not measured): open the connections and let both processes' JITs settle, as a
// long-running receiver would be. Its deliveries use keys of their own.
const WARMUP = 100;
await Promise.all(
  Array.from({ length: concurrency }, async (_, c) => {
    for (let i = c; i < WARMUP; i += concurrency) {
      const res = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', 'idempotency-key': `warmup-${i}-${process.pid}` }, body: body(i + 1) });
      await res.body.dump();
    }
  }),
);
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, workerLoop));
const wall = performance.now() - started;
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
console.log(JSON.stringify({ n: latencies.length, failures, p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1], wallMs: wall }));
await agent.close();
