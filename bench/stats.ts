/** Small helpers shared by the benchmarks: percentiles over samples, formatted. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summary(samples: readonly number[], unit = 'ms', digits = 2): string {
  const f = (v: number) => v.toFixed(digits);
  return (
    `p50 ${f(percentile(samples, 50))} ${unit}, p95 ${f(percentile(samples, 95))} ${unit}, ` +
    `p99 ${f(percentile(samples, 99))} ${unit}, max ${f(Math.max(...samples))} ${unit} (n = ${samples.length})`
  );
}
