import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../api-request/types.ts';
import type { DataApi } from '../data-api/data-api.ts';
import { createRouter } from './router.ts';

const request = (path: string): RawRequest => ({ method: 'GET', path, search: '', headers: {}, body: Buffer.alloc(0) });

describe('router: branch and database in the path', () => {
  const looked: [string, string][] = [];
  const router = createRouter({
    lookup: (branch, database) => {
      looked.push([branch, database]);
      return undefined;
    },
    serveDataApi: () => Promise.reject(new Error('not reached')),
    ready: () => true,
  });

  it('decodes percent escapes of the branch and database', async () => {
    looked.length = 0;
    const res = await router(request('/my%20branch/n%C3%A9ondb/rest/v1/posts'));
    expect(looked).toEqual([['my branch', 'néondb']]);
    expect(res.status).toBe(404);
  });

  it.each(['/%E0%A4%A/neondb/rest/v1/posts', '/main/%zz/rest/v1/', '/main/%FF/rest/v1/'])(
    'answers a path with a bad escape (%s) with PGRST125, not a 500',
    async (path) => {
      const res = await router(request(path));
      expect(res.status).toBe(404);
      expect(JSON.parse(String(res.body))).toMatchObject({ code: 'PGRST125' });
    },
  );

  it('hands the rest of the path to the Data API found', async () => {
    const api = { settings: { serverCorsAllowedOrigins: undefined } } as unknown as DataApi;
    const seen: string[] = [];
    const serving = createRouter({
      lookup: () => api,
      serveDataApi: (_, raw) => {
        seen.push(raw.path);
        return Promise.resolve({ status: 200, headers: {}, body: '' });
      },
      ready: () => true,
    });
    await serving(request('/main/neondb/rest/v1/posts'));
    await serving(request('/main/neondb/rest/v1'));
    expect(seen).toEqual(['/posts', '/']);
  });
});
