// The only module that talks to the Postgres driver (`pg`). A DbPool runs one request's
// transaction (BEGIN, set_config of role and request settings, the statements, COMMIT) in
// one pipelined flight, with prepared statements named by their text. Whole flights share
// connections (connections.ts), so under load many requests' transactions leave in one write.
import pg from 'pg';
import { createHash } from 'node:crypto';
import type { SqlQuery } from '../query/sql.ts';
import { connectionError, isPgServerError, poolTimeout, type PgServerError } from '../errors/pg-error.ts';
import { AcquireTimeout, corkUntilTick, createConnectionSet, type Connection } from './connections.ts';
import { listenOn } from './listen.ts';
import { statementCacheOf, TxBatch, type BatchResults } from './tx-batch.ts';
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
  /** Prepared statements a connection may hold before it is replaced (default 2000). */
  readonly maxPreparedStatements?: number;
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

// `select set_config($1, $2, true), set_config($3, $4, true), ...`: names and values are plain
// parameters (no array literal to build and escape), one prepared text per count of settings.
const setConfigTexts: string[] = [];
const setConfigText = (count: number): string =>
  (setConfigTexts[count] ??= count === 0 ? 'select 1' : `select ${Array.from({ length: count }, (_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`);

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

// What the driver says when the connection itself failed (socket, server gone, pool closed).
const CONNECTION_FAILURE =
  /connect|connection|terminat|socket|ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|pool is closed|not queryable/i;

/**
 * A Postgres error keeps its SQLSTATE (errors/ maps it to a status); a failed connection is
 * 503 PGRST000; anything else is a bug and goes on as it is, to be logged and answered 500.
 */
export const toDbError = (e: unknown): Error => {
  if (isPgServerError(e)) return new PgQueryError(e);
  if (e instanceof DataApiError) return e;
  if (e instanceof AcquireTimeout) return poolTimeout();
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  if (CONNECTION_FAILURE.test(message) || (typeof code === 'string' && CONNECTION_FAILURE.test(code))) return connectionError(message);
  return e instanceof Error ? e : new Error(message);
};
const wrapError = toDbError;

// Whole transactions queued on one connection; past this a new request waits (or opens one).
const MAX_IN_FLIGHT = 8;
// Prepared statements one connection may hold before it is replaced by a fresh one.
const MAX_PREPARED = 2000;

export const createPool = (options: PoolOptions): DbPool => {
  const prepared = options.preparedStatements ?? true;
  const maxPrepared = options.maxPreparedStatements ?? MAX_PREPARED;
  const connections = createConnectionSet({
    max: options.max ?? 10,
    maxInFlight: MAX_IN_FLIGHT,
    acquireTimeoutMs: options.acquireTimeoutMs ?? 10_000,
    connect: () =>
      new pg.Client({
        connectionString: options.connectionString,
        application_name: options.application ?? 'rowgate',
        types,
        // Statements go out back to back instead of one round trip each.
        pipeline: true,
      } as pg.ClientConfig),
  });

  const config = (q: SqlQuery): pg.QueryConfig => ({
    text: q.text,
    values: q.params as unknown[],
    ...(prepared && q.params.length > 0 ? { name: statementName(q.text) } : {}),
  });

  /** Sends BEGIN, the settings and the statements, without waiting. */
  const send = (c: Connection, tx: Transaction): Promise<pg.QueryResult>[] => {
    corkUntilTick(c);
    const { client } = c;
    return [
      client.query(tx.readOnly ? 'BEGIN READ ONLY' : 'BEGIN'),
      client.query({
        text: setConfigText(tx.settings.length),
        values: tx.settings.flat(),
        ...(prepared ? { name: `rg_set_config_${tx.settings.length}` } : {}),
      }),
      ...tx.statements.map((s) => client.query(config(s))),
    ];
  };

  // Clients choose the query text, so the statements a backend holds must be bounded: ours
  // (tx-batch.ts) and the ones pg prepared for two-flight transactions.
  const tooManyStatements = (client: pg.Client): boolean =>
    statementCacheOf(client).named.size +
      Object.keys((client as unknown as { connection: { parsedStatements: object } }).connection.parsedStatements).length >
    maxPrepared;

  const firstFailure = (settled: PromiseSettledResult<pg.QueryResult>[]): unknown =>
    settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')?.reason;

  const resultsOf = (settled: PromiseSettledResult<pg.QueryResult>[], count: number): StatementResult[] =>
    settled.slice(2, 2 + count).map((s) => toStatementResult((s as PromiseFulfilledResult<pg.QueryResult>).value));

  // One flight on a shared connection, as one implicit transaction (tx-batch.ts): an error
  // rolls it back and Postgres skips to its Sync, so the next transaction on the connection
  // starts clean. Read-only is a setting of that transaction like the others.
  const runWhole = async (tx: Transaction): Promise<readonly StatementResult[]> => {
    const c = await connections.acquire('shared');
    let broken = false;
    try {
      const settings: (readonly [string, string])[] = tx.readOnly ? [['transaction_read_only', 'on'], ...tx.settings] : [...tx.settings];
      const statements: SqlQuery[] = [{ text: setConfigText(settings.length), params: settings.flat() }, ...tx.statements];
      corkUntilTick(c);
      const results = await new Promise<BatchResults>((resolve, reject) => {
        c.client.query(new TxBatch(c.client, statements, prepared, (err, res) => (err ? reject(err) : resolve(res!))));
      });
      return results.slice(1).map(toStatementResult);
    } catch (e) {
      broken = !isPgServerError(e);
      throw wrapError(e);
    } finally {
      connections.release(c, 'shared', broken, tooManyStatements(c.client));
    }
  };

  // Two flights on a connection of its own: the statements, then COMMIT or ROLLBACK as the
  // results decide.
  const runChecked = async (
    tx: Transaction,
    decide: (results: readonly StatementResult[]) => TxEnd | DataApiError,
  ): Promise<readonly StatementResult[]> => {
    const c = await connections.acquire('exclusive');
    let broken = false;
    try {
      const settled = await Promise.allSettled(send(c, tx));
      const failure = firstFailure(settled);
      if (failure !== undefined) {
        broken = !isPgServerError(failure);
        if (!broken) await c.client.query('ROLLBACK');
        throw wrapError(failure);
      }
      const results = resultsOf(settled, tx.statements.length);
      const decision = decide(results);
      await c.client.query(decision === 'commit' ? 'COMMIT' : 'ROLLBACK');
      if (decision instanceof DataApiError) throw decision;
      return results;
    } catch (e) {
      if (!(e instanceof DataApiError) && !(e instanceof PgQueryError)) broken = true;
      throw e instanceof DataApiError || e instanceof PgQueryError ? e : wrapError(e);
    } finally {
      connections.release(c, 'exclusive', broken, tooManyStatements(c.client));
    }
  };

  return {
    async runTransaction(tx) {
      try {
        // Only a committing transaction can be one implicit transaction; one that ends in
        // ROLLBACK needs BEGIN, and so a connection to itself.
        if (tx.end === 'commit') return await runWhole(tx);
        const end = tx.end;
        return await runChecked(tx, typeof end === 'function' ? end : () => end);
      } catch (e) {
        throw e instanceof DataApiError || e instanceof PgQueryError ? e : wrapError(e);
      }
    },
    async query(q) {
      let c: Connection;
      try {
        c = await connections.acquire('exclusive');
      } catch (e) {
        throw wrapError(e);
      }
      let broken = false;
      try {
        return toStatementResult(await c.client.query(config(q)));
      } catch (e) {
        broken = !isPgServerError(e);
        throw wrapError(e);
      } finally {
        connections.release(c, 'exclusive', broken, tooManyStatements(c.client));
      }
    },
    listen: (channel, onNotify, onReconnect) => listenOn(options.connectionString, channel, onNotify, onReconnect),
    recycle: () => connections.recycle(),
    end: () => connections.end(),
  };
};
