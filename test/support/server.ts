// Serves a test database PostgREST-style at `/` on a random port, as the real server does:
// connected as `authenticator`, requests run as `anonymous` unless settings say otherwise.
import type { AddressInfo } from 'node:net';
import { serveDataApi } from '../../src/app.ts';
import { defaultDataApiSettings, type DataApiSettings } from '../../src/config/data-api-settings.ts';
import { openDataApi, type DataApi } from '../../src/data-api/data-api.ts';
import { createRouter } from '../../src/http/router.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createLogger, silentLogger } from '../../src/observe/logger.ts';
import { authenticatorUrl, type TestDatabase } from './database.ts';

export interface TestServer {
  readonly url: string;
  readonly api: DataApi;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export const startTestServer = async (db: TestDatabase, settings: Partial<DataApiSettings> = {}): Promise<TestServer> => {
  const log = process.env.TEST_LOG ? createLogger('debug') : silentLogger;
  const api = await openDataApi({
    name: db.name,
    connectionString: authenticatorUrl(db),
    settings: { ...defaultDataApiSettings, dbAnonRole: 'anonymous', dbPoolSize: 4, ...settings },
    log,
  });
  const server = createHttpServer(
    createRouter({ root: api, serveDataApi: (a, raw) => serveDataApi(a, raw, log), ready: () => true }),
    log,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    api,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
    },
  };
};
