// Shared set-up of the write HTTP tests: a fresh database from write.sql served at `/` for
// the test file (as `anonymous`), `send()` returning status, headers and the raw body, and
// `rows()` reading the database as its owner to check what a request left behind.
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

export interface SendOptions {
  /** A string is sent as is (JSON unless a Content-Type says otherwise); anything else as JSON. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface WriteServer {
  send(method: string, path: string, options?: SendOptions): Promise<Reply>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  del(path: string, headers?: Record<string, string>): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  /** Rows of a query run as the database owner (RLS does not apply). */
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Another server on the same database with other settings (closed with this one). */
  withSettings(settings: Partial<DataApiSettings>): Promise<Pick<WriteServer, 'send' | 'post' | 'patch' | 'put' | 'del' | 'get'>>;
}

const parse = (text: string): unknown => {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

const client = (server: () => TestServer | undefined) => {
  const send = async (method: string, path: string, options: SendOptions = {}): Promise<Reply> => {
    const s = server();
    if (s === undefined) throw new Error('server not started');
    const body = options.body === undefined || typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers = { ...options.headers };
    // fetch() would label a string body text/plain; clients of the Data API send JSON.
    if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
    const res = await s.fetch(path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: parse(text) };
  };
  return {
    send,
    post: (path: string, body: unknown, headers?: Record<string, string>) => send('POST', path, { body, ...(headers ? { headers } : {}) }),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => send('PATCH', path, { body, ...(headers ? { headers } : {}) }),
    put: (path: string, body: unknown, headers?: Record<string, string>) => send('PUT', path, { body, ...(headers ? { headers } : {}) }),
    del: (path: string, headers?: Record<string, string>) => send('DELETE', path, headers ? { headers } : {}),
    get: (path: string, headers?: Record<string, string>) => send('GET', path, headers ? { headers } : {}),
  };
};

export const useWriteServer = (settings: Partial<DataApiSettings> = {}): WriteServer => {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  const others: TestServer[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(await fixture('write.sql'));
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
