// Driver shoot-out behind the choice in src/db/: the same request transaction (BEGIN READ
// ONLY; set_config of role and claims; one indexed read; COMMIT) sent by `pg` in pipeline
// mode (what Rowgate uses), by `pg` one statement per round trip, and by postgres.js on a
// reserved connection with all four statements written at once. Run: npx tsx bench/drivers.ts
import pg from 'pg';
import postgres from 'postgres';
import { cpus } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCluster } from '../src/db/embedded-cluster.ts';
import { createPool } from '../src/db/pool.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 50;
const POOL = 10;

const dir = await mkdtemp(join(tmpdir(), 'rowgate-drivers-'));
const cluster = process.env.DATABASE_URL ? undefined : await startEmbeddedCluster({ dataDir: dir, persistent: false });
const url = process.env.DATABASE_URL ?? cluster!.url('postgres');
const setup = new pg.Client({ connectionString: url });
await setup.connect();
await setup.query(`drop table if exists bench_items; create table bench_items (id int primary key, body text);
  insert into bench_items select i, md5(i::text) from generate_series(1, 100000) i;`);
await setup.end();

const MAIN = `select coalesce(json_agg(t), '[]')::text as body from (select * from bench_items where id = $1) t`;
const SET = `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`;
const randomId = (): number => 1 + Math.floor(Math.random() * 100000);

const measure = async (name: string, once: () => Promise<void>): Promise<void> => {
  const until = performance.now() + SECONDS * 1000;
  let done = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await once();
        latencies.push(performance.now() - t);
        done++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const p = (q: number): string => latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(2);
  console.log(`${name.padEnd(44)} ${String(Math.round(done / SECONDS)).padStart(7)} tx/s   p50 ${p(0.5)} ms   p99 ${p(0.99)} ms`);
};

console.log(`${cpus().length} cpus, node ${process.version}, ${SECONDS} s each, ${CONCURRENCY} in flight, pool ${POOL}`);

const ours = createPool({ connectionString: url, max: POOL });
await measure('pg pipeline (src/db/pool.ts runTransaction)', async () => {
  await ours.runTransaction({
    readOnly: true,
    settings: [['role', 'postgres'], ['request.jwt.claims', '{}']],
    statements: [{ text: MAIN, params: [String(randomId())] }],
    end: 'commit',
  });
});
await ours.end();

const plain = new pg.Pool({ connectionString: url, max: POOL });
await measure('pg, one round trip per statement', async () => {
  const c = await plain.connect();
  try {
    await c.query('BEGIN READ ONLY');
    await c.query({ name: 'set', text: SET, values: ['postgres', '{}'] });
    await c.query({ name: 'main', text: MAIN, values: [String(randomId())] });
    await c.query('COMMIT');
  } finally {
    c.release();
  }
});
await plain.end();

const pjs = postgres(url, { max: POOL, prepare: true });
await measure('postgres.js sql.begin', async () => {
  await pjs.begin(async (s) => {
    await s.unsafe(SET, ['postgres', '{}'], { prepare: true });
    await s.unsafe(MAIN, [String(randomId())], { prepare: true });
  });
});
await measure('postgres.js reserved, four statements at once', async () => {
  const r = await pjs.reserve();
  try {
    await Promise.all([
      r.unsafe('BEGIN READ ONLY'),
      r.unsafe(SET, ['postgres', '{}'], { prepare: true }),
      r.unsafe(MAIN, [String(randomId())], { prepare: true }),
      r.unsafe('COMMIT'),
    ]);
  } finally {
    r.release();
  }
});
await pjs.end();
await cluster?.stop();
await rm(dir, { recursive: true, force: true });
