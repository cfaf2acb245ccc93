// Throughput and latency percentiles of one measured run, and the printed table.

export interface Measurement {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** Nearest-rank percentiles over every sample (no histogram rounding). */
export const summarise = (latencies: Float64Array, seconds: number): Measurement => {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return { requests: sorted.length, perSecond: sorted.length / seconds, p50: at(0.5), p99: at(0.99) };
};

export interface Row {
  readonly scenario: string;
  readonly http: Measurement;
  readonly direct: Measurement;
}

const num = (n: number | undefined, digits: number): string => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));

export const formatTable = (rows: readonly Row[]): string => {
  const header = ['scenario', 'HTTP req/s', 'p50 ms', 'p99 ms', 'direct req/s', 'p50 ms', 'p99 ms', 'HTTP/direct'];
  const body = rows.map((r) => [
    r.scenario,
    num(r.http.perSecond, 0),
    num(r.http.p50, 2),
    num(r.http.p99, 2),
    num(r.direct.perSecond, 0),
    num(r.direct.p50, 2),
    num(r.direct.p99, 2),
    num(r.http.perSecond / r.direct.perSecond, 2),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((b) => b[i]!.length)),
  );
  const line = (cells: readonly string[]): string =>
    cells.length === header.length
      ? cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!))).join('  ')
      : `${cells[0]!.padEnd(widths[0]!)}  ${cells[1]}`;
  return [line(header), ...body.map(line)].join('\n');
};
