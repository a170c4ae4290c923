// Child of bench/run.mjs: imports the given modules one after another in this fresh process and
// prints, as JSON, what each one added to load time and RSS (on top of those before it).
const out = [];
const rss = () => process.memoryUsage().rss;
for (const spec of process.argv.slice(2)) {
  const before = rss();
  const t = performance.now();
  await import(spec);
  out.push({ spec, ms: performance.now() - t, mb: (rss() - before) / 1048576 });
}
process.stdout.write(JSON.stringify(out));
