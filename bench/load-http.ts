// Drives a scenario over HTTP. On a small box the load generator competes with the server and
// Postgres for CPU, so wrk (C, its own process) is used when on PATH and autocannon (JavaScript,
// in this process) otherwise; BENCH_LOAD=wrk|autocannon picks one.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { loadAutocannon } from './load-autocannon.ts';
import { loadWrk } from './load-wrk.ts';
import type { Scenario } from './scenarios.ts';
import type { Measurement } from './stats.ts';

export interface HttpLoad {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly rows: number;
}

export interface LoadGenerator {
  /** For the printed header, e.g. "wrk (/usr/bin/wrk, its own process, 1 thread)". */
  readonly label: string;
  /** Runs the scenario for `seconds`; throws if any request failed or answered non-2xx. */
  run(scenario: Scenario, load: HttpLoad): Promise<Measurement>;
}

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};
const onPath = (command: string): string | undefined =>
  (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, command)).find(executable);

/** `wanted` is BENCH_LOAD: 'wrk', 'autocannon', or empty for wrk if on PATH. */
export const chooseLoadGenerator = (wanted: string | undefined): LoadGenerator => {
  if (wanted !== undefined && wanted !== '' && wanted !== 'wrk' && wanted !== 'autocannon') {
    throw new Error(`BENCH_LOAD must be wrk or autocannon, got ${JSON.stringify(wanted)}`);
  }
  const wrk = wanted === 'autocannon' ? undefined : onPath('wrk');
  if (wrk !== undefined) return { label: `wrk (${wrk}, its own process, 1 thread)`, run: loadWrk(wrk) };
  if (wanted === 'wrk') throw new Error('BENCH_LOAD=wrk but there is no wrk on PATH');
  return { label: 'autocannon (a worker thread of this process)', run: loadAutocannon };
};
