// The fallback load generator (load-http.ts): autocannon in its own worker thread, so it does
// not share the server's event loop; latencies come back exactly through a SharedArrayBuffer
// (worker/record-latency.cjs).
import autocannon from 'autocannon';
import { fileURLToPath } from 'node:url';
import type { HttpLoad } from './load-http.ts';
import type { Scenario } from './scenarios.ts';
import { summarise, type Measurement } from './stats.ts';

const worker = (file: string): string => fileURLToPath(new URL(`./worker/${file}`, import.meta.url));

/** Runs the scenario for `seconds`; throws if any request failed or answered non-2xx. */
export const loadAutocannon = async (scenario: Scenario, load: HttpLoad): Promise<Measurement> => {
  // Room for 100k responses a second; more would only be dropped from the percentiles.
  const capacity = Math.max(1, load.seconds) * 100_000;
  const recorder = { latencies: new SharedArrayBuffer(capacity * 8), count: new SharedArrayBuffer(4) };
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    duration: load.seconds,
    workers: 1,
    setupClient: worker('record-latency.cjs'),
    benchRecorder: recorder,
    requests: [
      {
        method: scenario.method,
        path: scenario.path,
        headers: scenario.headers ?? {},
        ...(scenario.body === undefined ? {} : { body: scenario.body, bodyTemplate: scenario.body }),
        pathTemplate: scenario.path,
        rows: load.rows,
        setupRequest: worker('fill-request.cjs'),
      },
    ],
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    const codes = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}: ${count}`).join(', ');
    throw new Error(`${scenario.name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx (${codes})`);
  }
  const count = Math.min(new Int32Array(recorder.count)[0]!, capacity);
  return summarise(new Float64Array(recorder.latencies, 0, count), result.duration);
};
