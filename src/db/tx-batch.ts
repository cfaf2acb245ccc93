// One request's transaction as ONE message group on the wire: Parse/Bind/Describe/Execute
// for each statement and a single Sync. Postgres runs statements up to a Sync as one
// implicit transaction (so set_config(..., true) holds until the end, and an error rolls
// it all back and skips the rest), and it answers and flushes once, where a Sync after each
// statement (BEGIN, set_config, main, COMMIT) would make four answers. To pg this is one
// query, which is what keeps its pipeline order intact; prepared statements are tracked
// here, per connection, by counting ParseComplete messages.
import pg from 'pg';
import type { SqlQuery, SqlValue } from '../query/sql.ts';

/** What pg's connection (an internal of pg.Client) lets a query send. */
interface WireConnection {
  parse(msg: { text: string; name: string; types?: unknown[] }): void;
  bind(msg: { portal: string; statement: string; values: readonly unknown[]; binary: boolean; valueMapper?: (v: unknown) => unknown }): void;
  describe(msg: { type: 'P' | 'S'; name: string }): void;
  execute(msg: { portal: string; rows: number }): void;
  sync(): void;
  on(event: 'parseComplete', listener: () => void): void;
}

/** Named statements a connection holds, keyed by text, and the batches waiting on answers. */
export interface StatementCache {
  readonly named: Map<string, string>;
  readonly inFlight: TxBatch[];
  next: number;
}

const caches = new WeakMap<pg.Client, StatementCache>();

const wireOf = (client: pg.Client): WireConnection => (client as unknown as { connection: WireConnection }).connection;

export const statementCacheOf = (client: pg.Client): StatementCache => {
  let cache = caches.get(client);
  if (cache === undefined) {
    const created: StatementCache = { named: new Map(), inFlight: [], next: 0 };
    // ParseCompletes answer the Parses of the oldest batch still waiting, in order.
    wireOf(client).on('parseComplete', () => created.inFlight[0]?.parsed());
    caches.set(client, created);
    cache = created;
  }
  return cache;
};

const toWire = (v: unknown): unknown => (v === null || v === undefined ? null : String(v as SqlValue));

/** Text results of each statement of the batch, in order. */
export type BatchResults = readonly pg.QueryResult[];

export class TxBatch extends pg.Query {
  readonly #statements: readonly SqlQuery[];
  readonly #cache: StatementCache;
  readonly #prepared: boolean;
  /** Names this batch sends a Parse for, in order; confirmed as ParseCompletes arrive. */
  readonly #parsing: { text: string; name: string }[] = [];
  #confirmed = 0;

  constructor(client: pg.Client, statements: readonly SqlQuery[], prepared: boolean, callback: (err: Error | null, results?: BatchResults) => void) {
    super({
      text: 'rowgate transaction batch',
      callback: (err: Error | null, res: pg.QueryResult | pg.QueryResult[]) => {
        this.#done();
        if (err) callback(err);
        else callback(null, Array.isArray(res) ? res : [res]);
      },
    } as unknown as pg.QueryConfig);
    this.#statements = statements;
    this.#cache = statementCacheOf(client);
    this.#prepared = prepared;
  }

  parsed(): void {
    const p = this.#parsing[this.#confirmed++];
    if (p !== undefined && p.name !== '') this.#cache.named.set(p.text, p.name);
  }

  #done(): void {
    const i = this.#cache.inFlight.indexOf(this);
    if (i >= 0) this.#cache.inFlight.splice(i, 1);
  }

  // pg calls this to put the query on the wire.
  override submit = (pgConnection: pg.Connection): void => {
    const connection = pgConnection as unknown as WireConnection;
    this.#cache.inFlight.push(this);
    for (const s of this.#statements) {
      let name = this.#prepared ? this.#cache.named.get(s.text) : '';
      if (name === undefined) {
        // A fresh name even if another batch in flight parses the same text: only confirmed
        // statements are reused, so no batch depends on a Parse that may yet fail.
        name = `rb_${this.#cache.next++}`;
      }
      if (name === '' || !this.#cache.named.has(s.text)) {
        this.#parsing.push({ text: s.text, name });
        connection.parse({ text: s.text, name });
      }
      connection.bind({ portal: '', statement: name, values: s.params, binary: false, valueMapper: toWire });
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '', rows: 0 });
    }
    connection.sync();
  };
}
