// The harness behind the HTTP feature tests: a fresh database from a fixture served at `/`
// for one test file (as `anonymous`), requests that return status, headers and the raw body
// (bodies are built in Postgres, so tests can assert exact bytes), owner-side queries to
// check what a request left behind, and servers with other settings on the same database.
import { afterAll, beforeAll } from 'vitest';
import type { DataApiSettings } from '../../src/config/data-api-settings.ts';
import { createTestDatabase, fixture, type TestDatabase } from './database.ts';
import { startTestServer, type TestServer } from './server.ts';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined for an empty or non-JSON body). */
  readonly json: unknown;
}

const parse = (text: string): unknown => {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** A string or Buffer body is sent as is (JSON unless a Content-Type says otherwise); anything else as JSON. */
export const sendTo = async (
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Reply> => {
  const payload = body === undefined || typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers = { ...extraHeaders };
  // fetch() would label a string body text/plain; clients of the Data API send JSON.
  if (payload !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'application/json';
  const res = await server.fetch(path, { method, headers, ...(payload === undefined ? {} : { body: payload as string }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: parse(text) };
};

export interface FixtureServer {
  /** The file's server (throws before beforeAll has run). */
  server(): TestServer;
  /** Rows of a query run as the database owner (RLS does not apply). */
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Another server on the same database with other settings (closed with this one). */
  withSettings(settings: Partial<DataApiSettings>): Promise<TestServer>;
}

export const useFixtureServer = (fixtureName: string, settings: Partial<DataApiSettings> = {}): FixtureServer => {
  let db: TestDatabase | undefined;
  let main: TestServer | undefined;
  const others: TestServer[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(await fixture(fixtureName));
    main = await startTestServer(db, settings);
  });
  afterAll(async () => {
    for (const o of others) await o.close();
    await main?.close();
    await db?.drop();
  });
  const database = (): TestDatabase => {
    if (db === undefined) throw new Error('database not created');
    return db;
  };
  return {
    server() {
      if (main === undefined) throw new Error('server not started');
      return main;
    },
    async rows(sql, params) {
      return (await database().sql(sql, params)).rows as Record<string, unknown>[];
    },
    async withSettings(extra) {
      const other = await startTestServer(database(), { ...settings, ...extra });
      others.push(other);
      return other;
    },
  };
};

export interface WithDatabase<C> {
  /** Rows of a query run as the database owner (RLS does not apply). */
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** The same client for another server on the same database with other settings. */
  withSettings(settings: Partial<DataApiSettings>): Promise<C>;
}

/** A feature's request client over the file's server, with owner queries and other settings. */
export const useFixtureClient = <C extends object>(
  fixtureName: string,
  settings: Partial<DataApiSettings>,
  makeClient: (server: () => TestServer) => C,
): C & WithDatabase<C> => {
  const fixture = useFixtureServer(fixtureName, settings);
  return {
    ...makeClient(() => fixture.server()),
    rows: fixture.rows,
    async withSettings(extra) {
      const other = await fixture.withSettings(extra);
      return makeClient(() => other);
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
