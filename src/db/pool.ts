// The only module that talks to the Postgres driver (`pg`). A DbPool runs one request's
// transaction (BEGIN, set_config of role and request settings, the statements, COMMIT) in
// one pipelined flight on one connection, with prepared statements named by their text.
import pg from 'pg';
import { createHash } from 'node:crypto';
import { quoteIdent, type SqlQuery } from '../query/sql.ts';
import { connectionError, isPgServerError, poolTimeout, type PgServerError } from '../errors/pg-error.ts';
import { DataApiError } from '../errors/data-api-error.ts';

// Results stay text: JSON is built in Postgres and passed through; counts are parsed by callers.
const textParser = (value: string): string => value;
const types = {
  getTypeParser: (_oid: number, format?: string) =>
    format === 'binary' ? (v: Buffer) => v : textParser,
} as unknown as pg.CustomTypesConfig;

export interface PoolOptions {
  readonly connectionString: string;
  readonly max?: number;
  /** Name statements so each connection prepares them once (PostgREST's db-prepared-statements). */
  readonly preparedStatements?: boolean;
  readonly application?: string;
  readonly acquireTimeoutMs?: number;
}

export type Row = Readonly<Record<string, string | null>>;

export interface StatementResult {
  readonly rows: readonly Row[];
  readonly rowCount: number;
  readonly command: string;
}

export type TxEnd = 'commit' | 'rollback';

export interface Transaction {
  readonly readOnly: boolean;
  /** GUCs set with set_config(name, value, true), `role` among them, in this order. */
  readonly settings: readonly (readonly [string, string])[];
  readonly statements: readonly SqlQuery[];
  /**
   * How the transaction ends. A function sees the results first (one more round trip) and may
   * return an error to roll back and throw. A fixed end keeps the whole transaction one flight.
   */
  readonly end: TxEnd | ((results: readonly StatementResult[]) => TxEnd | DataApiError);
}

/** Thrown for a Postgres error; `fromPgError` in errors/ gives it an HTTP status. */
export class PgQueryError extends Error {
  constructor(readonly pg: PgServerError) {
    super(pg.message);
  }
}

const SET_CONFIG =
  'select set_config(k, v, true) from unnest($1::text[], $2::text[]) with ordinality as s(k, v, n) order by n';

export interface DbPool {
  runTransaction(tx: Transaction): Promise<readonly StatementResult[]>;
  /** A plain query outside any request transaction (catalog queries, admin work). */
  query(query: SqlQuery): Promise<StatementResult>;
  /** Listens on a channel with a dedicated connection; resolves once listening. */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** Drops idle connections so new ones see fresh prepared statements after DDL. */
  recycle(): void;
  end(): Promise<void>;
}

const statementNames = new Map<string, string>();
const statementName = (text: string): string => {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `rg_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (statementNames.size > 10_000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
};

const toStatementResult = (r: pg.QueryResult): StatementResult => ({
  rows: r.rows as Row[],
  rowCount: r.rowCount ?? 0,
  command: r.command,
});

const wrapError = (e: unknown): Error => {
  if (isPgServerError(e)) return new PgQueryError(e);
  if (e instanceof DataApiError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/timeout exceeded when trying to connect/i.test(message)) return poolTimeout();
  return connectionError(message);
};

export const createPool = (options: PoolOptions): DbPool => {
  const prepared = options.preparedStatements ?? true;
  let generation = 0;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 10_000,
    application_name: options.application ?? 'rowgate',
    types,
    // Each request's statements go out together instead of one round trip each.
    pipeline: true,
  } as pg.PoolConfig);
  pool.on('error', () => {
    // An idle connection died (server restart); the pool replaces it on next use.
  });
  const born = new WeakMap<pg.PoolClient, number>();
  pool.on('connect', (client) => born.set(client, generation));

  const config = (q: SqlQuery): pg.QueryConfig => ({
    text: q.text,
    values: q.params as unknown[],
    ...(prepared && q.params.length > 0 ? { name: statementName(q.text) } : {}),
  });

  const runTransaction = async (tx: Transaction): Promise<readonly StatementResult[]> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      throw wrapError(e);
    }
    let broken: Error | undefined;
    try {
      const keys = tx.settings.map(([k]) => k);
      const values = tx.settings.map(([, v]) => v);
      const fixedEnd = typeof tx.end === 'string' ? tx.end : undefined;
      // Corked, the whole flight leaves in one write instead of one per statement.
      const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
      stream?.cork?.();
      const sent: Promise<pg.QueryResult>[] = [];
      try {
        sent.push(client.query(tx.readOnly ? 'BEGIN READ ONLY' : 'BEGIN'));
        sent.push(client.query({ text: SET_CONFIG, values: [keys, values], ...(prepared ? { name: 'rg_set_config' } : {}) }));
        for (const s of tx.statements) sent.push(client.query(config(s)));
        if (fixedEnd !== undefined) sent.push(client.query(fixedEnd === 'commit' ? 'COMMIT' : 'ROLLBACK'));
      } finally {
        stream?.uncork?.();
      }
      const settled = await Promise.allSettled(sent);
      const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failure) {
        // The rest of the flight failed as "transaction aborted"; end it before reuse.
        if (fixedEnd === undefined || settled.at(-1)?.status === 'rejected') await client.query('ROLLBACK');
        throw wrapError(failure.reason);
      }
      const results = settled
        .slice(2, 2 + tx.statements.length)
        .map((s) => toStatementResult((s as PromiseFulfilledResult<pg.QueryResult>).value));
      if (typeof tx.end === 'function') {
        const decision = tx.end(results);
        if (decision instanceof DataApiError) {
          await client.query('ROLLBACK');
          throw decision;
        }
        await client.query(decision === 'commit' ? 'COMMIT' : 'ROLLBACK');
      }
      return results;
    } catch (e) {
      if (!(e instanceof PgQueryError) && !(e instanceof DataApiError)) broken = e as Error;
      throw e instanceof PgQueryError || e instanceof DataApiError ? e : wrapError(e);
    } finally {
      const stale = (born.get(client) ?? generation) < generation;
      client.release(broken ?? stale);
    }
  };

  return {
    runTransaction,
    async query(q) {
      try {
        return toStatementResult(await pool.query(config(q)));
      } catch (e) {
        throw wrapError(e);
      }
    },
    async listen(channel, onNotify, onReconnect) {
      let stopped = false;
      let client: pg.Client | undefined;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: options.connectionString, application_name: 'rowgate-listener' });
        c.on('notification', (m) => {
          if (m.channel === channel) onNotify(m.payload ?? '');
        });
        c.on('error', () => {
          if (stopped) return;
          c.end().catch(() => undefined);
          setTimeout(() => {
            if (!stopped) connect().then(onReconnect, () => c.emit('error', new Error('reconnect failed')));
          }, 1000).unref();
        });
        await c.connect();
        await c.query(`LISTEN ${quoteIdent(channel)}`);
        client = c;
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => undefined);
      };
    },
    recycle() {
      generation++;
    },
    async end() {
      await pool.end();
    },
  };
};
