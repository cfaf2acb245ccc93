// Shared set-up of the write HTTP tests: write.sql served for the test file, one helper per
// method returning status, headers and the raw body, and `rows()` reading the database as its
// owner to check what a request left behind.
import type { DataApiSettings } from '../../src/config/data-api-settings.ts';
import type { TestServer } from '../support/server.ts';
import { sendTo, useFixtureClient, type Reply, type WithDatabase } from '../support/fixture-server.ts';

export { pgrstError, type Reply } from '../support/fixture-server.ts';

export interface SendOptions {
  /** A string is sent as is (JSON unless a Content-Type says otherwise); anything else as JSON. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface WriteClient {
  send(method: string, path: string, options?: SendOptions): Promise<Reply>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  del(path: string, headers?: Record<string, string>): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
}

export type WriteServer = WriteClient & WithDatabase<WriteClient>;

const client = (server: () => TestServer): WriteClient => {
  const send = (method: string, path: string, options: SendOptions = {}) => sendTo(server(), method, path, options.body, options.headers);
  return {
    send,
    post: (path, body, headers) => send('POST', path, { body, ...(headers ? { headers } : {}) }),
    patch: (path, body, headers) => send('PATCH', path, { body, ...(headers ? { headers } : {}) }),
    put: (path, body, headers) => send('PUT', path, { body, ...(headers ? { headers } : {}) }),
    del: (path, headers) => send('DELETE', path, headers ? { headers } : {}),
    get: (path, headers) => send('GET', path, headers ? { headers } : {}),
  };
};

export const useWriteServer = (settings: Partial<DataApiSettings> = {}): WriteServer => useFixtureClient('write.sql', settings, client);
