// Shared by the peer scripts: the due schedule and the figures, printed as one JSON line for bench/peers.sh.

/** N jobs due evenly over windowMs, the first leadMs from now. */
export function schedule(n, windowMs, leadMs) {
  const start = Date.now() + leadMs;
  return Array.from({ length: n }, (_, i) => ({ i, due: start + Math.floor((i * windowMs) / n) }));
}

export function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return sorted.length === 0 ? {} : { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/** Resolves once `done()` is true, or after timeoutMs. */
export async function until(done, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function report(name, jobs, runs, extra = {}) {
  const seen = new Map();
  for (const run of runs) seen.set(run.i, (seen.get(run.i) ?? 0) + 1);
  const firstRuns = new Map();
  for (const run of runs) if (!firstRuns.has(run.i)) firstRuns.set(run.i, run.lateness);
  const line = {
    name, n: jobs.length, ...percentiles([...firstRuns.values()]),
    lost: jobs.length - seen.size, duplicates: runs.length - seen.size, ...extra,
  };
  console.log(JSON.stringify(line));
}

export function args() {
  const out = {};
  for (const arg of process.argv.slice(2)) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    out[key] = value;
  }
  return out;
}
