// Drives a scenario over HTTP with wrk in a separate process (-t1, a Lua script from
// wrk-script.ts), and reads requests/s, p50 and p99 and the failures from its --latency report.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { HttpLoad } from './load-http.ts';
import type { Scenario } from './scenarios.ts';
import type { Measurement } from './stats.ts';
import { wrkScript } from './wrk-script.ts';

const run = promisify(execFile);

// wrk prints times as e.g. 812.00us, 1.52ms, 2.01s, 1.00m.
const US_PER: Readonly<Record<string, number>> = { us: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6 };
const toMs = (time: string): number => {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(time);
  if (!m) throw new Error(`wrk: unreadable time ${JSON.stringify(time)}`);
  return (Number(m[1]) * US_PER[m[2]!]!) / 1000;
};

/** The figures of a `wrk --latency` report; throws on socket errors or non-2xx answers. */
export const readWrkReport = (name: string, report: string): Measurement => {
  const find = (pattern: RegExp, what: string): RegExpExecArray => {
    const m = pattern.exec(report);
    if (!m) throw new Error(`${name}: no ${what} in wrk's report:\n${report}`);
    return m;
  };
  // wrk prints these two lines only when something failed.
  const failures = [/Socket errors: .*/.exec(report)?.[0], /Non-2xx or 3xx responses: .*/.exec(report)?.[0]];
  if (failures.some((line) => line !== undefined)) throw new Error(`${name}: ${failures.filter(Boolean).join('; ')} (wrk)`);
  return {
    requests: Number(find(/^\s*(\d+) requests in /m, 'request count')[1]),
    perSecond: Number(find(/^Requests\/sec:\s*(\d+(?:\.\d+)?)\s*$/m, 'Requests/sec')[1]),
    p50: toMs(find(/^\s*50%\s+(\S+)\s*$/m, '50% latency')[1]!),
    p99: toMs(find(/^\s*99%\s+(\S+)\s*$/m, '99% latency')[1]!),
  };
};

export const loadWrk =
  (wrk: string) =>
  async (scenario: Scenario, load: HttpLoad): Promise<Measurement> => {
    const dir = await mkdtemp(join(tmpdir(), 'rowgate-wrk-'));
    try {
      const script = join(dir, 'scenario.lua');
      await writeFile(script, wrkScript(scenario, load.rows));
      const args = ['-t1', `-c${load.connections}`, `-d${load.seconds}s`, '--latency', '-s', script, load.url];
      const { stdout } = await run(wrk, args);
      return readWrkReport(scenario.name, stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
