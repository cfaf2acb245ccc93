// Shared set-up of the function-call HTTP tests: a fresh database from rpc.sql served at `/`
// for the test file (as `anonymous`), `send()` returning status, headers and the raw body,
// `rows()` reading the database as its owner, and servers with other settings on demand.
import { afterAll, beforeAll } from 'vitest';
import type { DataApiSettings } from '../../src/config/data-api-settings.ts';
import { createTestDatabase, fixture, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined for an empty or non-JSON body). */
  readonly json: unknown;
}

export interface RpcClient {
  /** A string body is sent as is (JSON unless a Content-Type says otherwise); anything else as JSON. */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

export interface RpcServer extends RpcClient {
  /** Rows of a query run as the database owner (RLS does not apply). */
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Another server on the same database with other settings (closed with this one). */
  withSettings(settings: Partial<DataApiSettings>): Promise<RpcClient>;
}

const parse = (text: string): unknown => {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

const client = (server: () => TestServer | undefined): RpcClient => {
  const send = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Reply> => {
    const s = server();
    if (s === undefined) throw new Error('server not started');
    const text = body === undefined || typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const headers = { ...extra };
    // fetch() would label a string body text/plain; clients of the Data API send JSON.
    if (text !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
    const res = await s.fetch(path, { method, headers, ...(text === undefined ? {} : { body: text as string }) });
    const received = await res.text();
    return { status: res.status, headers: res.headers, text: received, json: parse(received) };
  };
  return {
    send,
    get: (path, headers) => send('GET', path, undefined, headers),
    post: (path, body, headers) => send('POST', path, body ?? '', headers),
  };
};

export const useRpcServer = (settings: Partial<DataApiSettings> = {}): RpcServer => {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  const others: TestServer[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(await fixture('rpc.sql'));
    server = await startTestServer(db, settings);
  });
  afterAll(async () => {
    for (const o of others) await o.close();
    await server?.close();
    await db?.drop();
  });
  return {
    ...client(() => server),
    async rows(sql, params) {
      if (db === undefined) throw new Error('database not created');
      return (await db.sql(sql, params)).rows as Record<string, unknown>[];
    },
    async withSettings(extra) {
      if (db === undefined) throw new Error('database not created');
      const other = await startTestServer(db, { ...settings, ...extra });
      others.push(other);
      return client(() => other);
    },
  };
};

/** The PostgREST error body. */
export const pgrstError = (code: string, message: string, details: unknown = null, hint: unknown = null) => ({
  code,
  message,
  details,
  hint,
});
