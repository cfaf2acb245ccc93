// Shared set-up of the read-path HTTP tests: a fresh database from read.sql served at `/`
// for the test file, and `get()` returning status, headers and the raw body text so tests
// can assert exact bytes (bodies are built in Postgres and passed through).
import { afterAll, beforeAll } from 'vitest';
import type { DataApiSettings } from '../../src/config/data-api-settings.ts';
import { createTestDatabase, fixture, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined for an empty body). */
  readonly json: unknown;
}

export interface ReadServer {
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  head(path: string, headers?: Record<string, string>): Promise<Reply>;
}

export const useReadServer = (settings: Partial<DataApiSettings> = {}): ReadServer => {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(await fixture('read.sql'));
    server = await startTestServer(db, settings);
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });
  const send = async (method: string, path: string, headers: Record<string, string> = {}): Promise<Reply> => {
    if (server === undefined) throw new Error('server not started');
    const res = await server.fetch(path, { method, headers });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  return {
    get: (path, headers) => send('GET', path, headers),
    head: (path, headers) => send('HEAD', path, headers),
  };
};
