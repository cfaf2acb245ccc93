// `npm run bench` (ARCHITECTURE.md section 8): the Data API over HTTP on 127.0.0.1 next to the
// same transactions sent straight to Postgres, on Neon's `posts` table with RLS. Env: BENCH_SECONDS
// (10), BENCH_CONNECTIONS (50), BENCH_ROWS (100000), BENCH_ONLY (name filter), BENCH_LOAD
// (wrk|autocannon; wrk if on PATH), DATABASE_URL.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { serveDataApi } from '../src/app.ts';
import { defaultDataApiSettings, type DataApiSettings } from '../src/config/data-api-settings.ts';
import { openDataApi, type DataApi } from '../src/data-api/data-api.ts';
import { createPool, type DbPool } from '../src/db/pool.ts';
import { createRouter } from '../src/http/router.ts';
import { createHttpServer } from '../src/http/server.ts';
import { silentLogger } from '../src/observe/logger.ts';
import { fill } from './fill.ts';
import { prepareDirect } from './load-direct.ts';
import { chooseLoadGenerator } from './load-http.ts';
import { scenarios, type Scenario } from './scenarios.ts';
import { setUpDatabase, type BenchDatabase } from './setup.ts';
import { formatTable, type Row } from './stats.ts';

const positive = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(raw)}`);
  return n;
};
const SECONDS = positive('BENCH_SECONDS', 10);
const CONNECTIONS = positive('BENCH_CONNECTIONS', 50);
const ROWS = positive('BENCH_ROWS', 100_000);
const WARMUP_SECONDS = 1;
const ONLY = process.env.BENCH_ONLY ?? '';
const HTTP_LOAD = chooseLoadGenerator(process.env.BENCH_LOAD);
const selected = scenarios.filter((s) => s.name.includes(ONLY));

// Who the requests run as. Until JWT verification lands: no token, role `anonymous`. To bench
// the guide's `authenticated` path, put a signed token's header here and the secret in settings.
const AUTH: { readonly label: string; readonly headers: Readonly<Record<string, string>>; readonly settings: Partial<DataApiSettings> } = {
  label: 'role anonymous, no JWT (policy "Bench: anonymous reads published posts" stands in for the guide\'s authenticated one)',
  headers: {},
  settings: { dbAnonRole: 'anonymous' },
};

const progress = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
const withAuth = (s: Scenario): Scenario => ({ ...s, headers: { ...s.headers, ...AUTH.headers } });
const PUBLISHED_ID = 2;

const listen = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

// Other work on the machine skews every figure; the load average says how much there was.
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const loadBefore = load();

const main = async (): Promise<{ rows: Row[]; postgresVersion: string }> => {
  progress(`${SECONDS} s per run, ${CONNECTIONS} connections, ${ROWS.toLocaleString('en')} rows; HTTP load: ${HTTP_LOAD.label}`);
  const db: BenchDatabase = await setUpDatabase(ROWS, progress);
  let api: DataApi | undefined;
  let server: Server | undefined;
  let direct: DbPool | undefined;
  const rows: Row[] = [];
  try {
    const settings: DataApiSettings = { ...defaultDataApiSettings, ...AUTH.settings };
    api = await openDataApi({ name: 'bench', connectionString: db.authenticatorUrl, settings, log: silentLogger, watch: false });
    const served = api;
    server = createHttpServer(createRouter({ root: served, serveDataApi: (a, raw) => serveDataApi(a, raw, silentLogger), ready: () => true }), silentLogger);
    const port = await listen(server);
    const url = `http://127.0.0.1:${port}`;
    progress(`serving the Data API on ${url} (pool of ${settings.dbPoolSize})`);
    // Same driver, same pool size, same settings as the server's pool.
    direct = createPool({ connectionString: db.authenticatorUrl, max: settings.dbPoolSize, preparedStatements: settings.dbPreparedStatements });

    for (const scenario of selected.map(withAuth)) {
      const probe = await fetch(url + fill(scenario.path, { rows: ROWS, n: 0, id: PUBLISHED_ID }), {
        method: scenario.method,
        headers: scenario.headers ?? {},
        ...(scenario.body === undefined ? {} : { body: fill(scenario.body, { rows: ROWS, n: 0 }) }),
      });
      const probeBody = await probe.text();
      if (!probe.ok) throw new Error(`${scenario.name}: HTTP ${probe.status} ${probeBody}`);
      const tx = prepareDirect(served, direct, scenario, `127.0.0.1:${port}`, ROWS);
      const same = await tx.once(0, PUBLISHED_ID);
      // Reads must give the very body HTTP gave: proof both sides run the same transaction.
      if (scenario.method === 'GET' && same.body !== probeBody) throw new Error(`${scenario.name}: the direct transaction's body differs from HTTP's`);

      progress(`${scenario.name}: HTTP ...`);
      await HTTP_LOAD.run(scenario, { url, connections: CONNECTIONS, seconds: WARMUP_SECONDS, rows: ROWS });
      const http = await HTTP_LOAD.run(scenario, { url, connections: CONNECTIONS, seconds: SECONDS, rows: ROWS });
      progress(`${scenario.name}: direct ...`);
      await tx.measure(CONNECTIONS, WARMUP_SECONDS);
      const measured = await tx.measure(CONNECTIONS, SECONDS);
      rows.push({ scenario: scenario.name, http, direct: measured });
    }
    return { rows, postgresVersion: db.postgresVersion };
  } finally {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await direct?.end();
    await api?.close();
    await db.close();
  }
};

try {
  const { rows, postgresVersion } = await main();
  const cpu = cpus();
  process.stdout.write(
    [
      '',
      `machine: ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown cpu'}, node ${process.version}, postgres ${postgresVersion}; load average ${loadBefore} before, ${load()} after`,
      `auth:    ${AUTH.label}`,
      `load:    ${CONNECTIONS} connections over HTTP, ${CONNECTIONS} transactions in flight direct; ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up`,
      `HTTP:    ${HTTP_LOAD.label}`,
      '',
      formatTable(rows),
      '',
    ].join('\n'),
  );
} catch (e) {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
}
