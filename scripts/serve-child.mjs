// The one way the build's warm-up and the benchmarks wait for a `serve` they spawned.

/**
 * Resolves with the origin a spawned `serve` prints once it listens ("listening on http://…");
 * rejects if it exits or fails to spawn first, or stays silent for `timeoutMs`. `stderrTail()`
 * says why, when it can.
 */
export function listeningOrigin(child, { timeoutMs = 15_000, stderrTail = () => '' } = {}) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not listen within ${timeoutMs} ms: ${stderrTail()}`)), timeoutMs);
    const done = (fn) => (value) => {
      clearTimeout(timer);
      fn(value);
    };
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) done(resolve)(m[1]);
    });
    child.on('error', done(reject));
    child.on('exit', (code) => done(reject)(new Error(`serve exited ${code} before listening: ${stderrTail()}`)));
  });
}
