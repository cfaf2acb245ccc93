// Shared set-up of the function-call HTTP tests: rpc.sql served for the test file, `send()`
// returning status, headers and the raw body, `rows()` reading the database as its owner,
// and servers with other settings on demand.
import type { DataApiSettings } from '../../src/config/data-api-settings.ts';
import type { TestServer } from '../support/server.ts';
import { sendTo, useFixtureClient, type Reply, type WithDatabase } from '../support/fixture-server.ts';

export { pgrstError, type Reply } from '../support/fixture-server.ts';

export interface RpcClient {
  /** A string body is sent as is (JSON unless a Content-Type says otherwise); anything else as JSON. */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

export type RpcServer = RpcClient & WithDatabase<RpcClient>;

const client = (server: () => TestServer): RpcClient => {
  const send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => sendTo(server(), method, path, body, headers);
  return {
    send,
    get: (path, headers) => send('GET', path, undefined, headers),
    post: (path, body, headers) => send('POST', path, body ?? '', headers),
  };
};

export const useRpcServer = (settings: Partial<DataApiSettings> = {}): RpcServer => useFixtureClient('rpc.sql', settings, client);
