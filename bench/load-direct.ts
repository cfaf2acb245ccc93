// The same transactions as the HTTP scenarios, sent straight to Postgres from Node: the SQL
// comes from the server's own stages (app.ts's planDataApiRequest: authenticate -> parse ->
// plan -> compile) run once on a representative request; then only the varying parameters
// change, through the same DbPool.runTransaction.
import type { RawRequest } from '../src/api-request/types.ts';
import { planDataApiRequest } from '../src/app.ts';
import type { DataApi } from '../src/data-api/data-api.ts';
import type { DbPool, StatementResult, Transaction } from '../src/db/pool.ts';
import type { SqlQuery, SqlValue } from '../src/query/sql.ts';
import type { MainRow } from '../src/query/types.ts';
import { fill } from './fill.ts';
import type { Scenario } from './scenarios.ts';
import { summarise, type Measurement } from './stats.ts';

// Stand-ins for the placeholders while compiling, found again among the parameters.
const ID = 918_273_645;
const N = 827_364_519;

export interface DirectTransactions {
  /** One transaction; `id` fixes `{id}` (for comparing with an HTTP answer). */
  once(n: number, id?: number): Promise<MainRow>;
  /** `inFlight` loops back to back for `seconds`. */
  measure(inFlight: number, seconds: number): Promise<Measurement>;
}

/** Compiles `scenario` as the server would for a request arriving on `host`. */
export const prepareDirect = (api: DataApi, pool: DbPool, scenario: Scenario, host: string, rows: number): DirectTransactions => {
  const withStandIns = (t: string): string => fill(t, { rows, n: N, id: ID });
  const target = withStandIns(scenario.path);
  const q = target.indexOf('?');
  const raw: RawRequest = {
    method: scenario.method,
    path: q === -1 ? target : target.slice(0, q),
    search: q === -1 ? '' : target.slice(q + 1),
    // What Node hands the server for autocannon's requests.
    headers: { host, connection: 'keep-alive', ...scenario.headers },
    body: Buffer.from(scenario.body === undefined ? '' : withStandIns(scenario.body)),
  };
  // The server's own function: the bench cannot drift from serveDataApi.
  const planned = planDataApiRequest(api, raw);
  if (planned.kind !== 'transaction') throw new Error(`${scenario.name}: not a query`);
  const base = planned.transaction;
  const statements = base.statements;

  // Parameters that carried a stand-in become templates again; the SQL text must not.
  const standIn = new RegExp(`${ID}|${N}`);
  for (const s of statements) if (standIn.test(s.text)) throw new Error(`${scenario.name}: a request value was inlined into the SQL`);
  const templates = statements.map((s) =>
    s.params.map((p) =>
      p !== null && typeof p !== 'boolean' && standIn.test(String(p)) ? String(p).replaceAll(String(ID), '{id}').replaceAll(String(N), '{n}') : undefined,
    ),
  );
  const statementsFor = (n: number, id?: number): readonly SqlQuery[] =>
    statements.map((s, i) => ({
      text: s.text,
      params: s.params.map((p, j): SqlValue => {
        const t = templates[i]![j];
        if (t === undefined) return p;
        const v = fill(t, { rows, n, ...(id === undefined ? {} : { id }) });
        return typeof p === 'number' ? Number(v) : v;
      }),
    }));

  const transaction = (n: number, id?: number): Transaction => ({ ...base, statements: statementsFor(n, id) });
  const mainRow = (results: readonly StatementResult[]): MainRow => results.at(-1)!.rows[0] as unknown as MainRow;

  return {
    async once(n, id) {
      return mainRow(await pool.runTransaction(transaction(n, id)));
    },
    async measure(inFlight, seconds) {
      const latencies: number[] = [];
      let n = 0;
      const started = performance.now();
      const until = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (performance.now() < until) {
            const t = performance.now();
            await pool.runTransaction(transaction(++n));
            latencies.push(performance.now() - t);
          }
        }),
      );
      return summarise(Float64Array.from(latencies), (performance.now() - started) / 1000);
    },
  };
};
