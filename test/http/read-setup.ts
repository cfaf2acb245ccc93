// Shared set-up of the read-path HTTP tests: read.sql served for the test file, `get()` and
// `head()` returning status, headers and the raw body text, and `ids()` for filter tables.
import type { DataApiSettings } from '../../src/config/data-api-settings.ts';
import { sendTo, useFixtureServer, type Reply } from '../support/fixture-server.ts';

export type { Reply } from '../support/fixture-server.ts';

export interface ReadServer {
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  head(path: string, headers?: Record<string, string>): Promise<Reply>;
  /** The `id`s a read returns, failing the test on anything but 200. */
  ids(path: string): Promise<readonly number[]>;
}

export const useReadServer = (settings: Partial<DataApiSettings> = {}): ReadServer => {
  const fixture = useFixtureServer('read.sql', settings);
  const get = (path: string, headers?: Record<string, string>) => sendTo(fixture.server(), 'GET', path, undefined, headers);
  return {
    get,
    head: (path, headers) => sendTo(fixture.server(), 'HEAD', path, undefined, headers),
    async ids(path) {
      const r = await get(path);
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
      return (r.json as { id: number }[]).map((x) => x.id);
    },
  };
};
