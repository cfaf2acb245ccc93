// Media types of reads: JSON, CSV (built in Postgres), the singular object, nulls=stripped,
// Accept negotiation (PGRST107), Content-Profile for a negotiated schema, and the status
// and headers set through the response.status / response.headers GUCs.
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer({ dbSchemas: ['public', 'v2'] });

describe('JSON', () => {
  it('answers JSON for no Accept, */* and application/json', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'application/vnd.pgrst.array+json']) {
      const r = await api.get('/clients?id=eq.1', accept === undefined ? {} : { Accept: accept });
      expect([r.status, r.headers.get('content-type'), r.text]).toEqual([200, 'application/json; charset=utf-8', '[{"id":1,"name":"Microsoft"}]']);
    }
  });
  it('picks the first acceptable type by preference', async () => {
    const r = await api.get('/clients?id=eq.1', { Accept: 'text/html, text/csv;q=0.9, application/json;q=0.5' });
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });
  it('strips nulls on request', async () => {
    const r = await api.get('/items?select=id,name,flag&id=in.(1,4)&order=id', { Accept: 'application/vnd.pgrst.array+json;nulls=stripped' });
    expect([r.headers.get('content-type'), r.json]).toEqual([
      'application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8',
      [{ id: 1, name: 'one', flag: true }, { id: 4 }],
    ]);
  });
  it('refuses media types it cannot produce', async () => {
    const r = await api.get('/clients', { Accept: 'text/html, application/xml' });
    expect([r.status, r.json]).toEqual([
      406,
      { code: 'PGRST107', message: 'None of these media types are available: text/html, application/xml', details: null, hint: null },
    ]);
  });
});

describe('CSV', () => {
  const csv = { Accept: 'text/csv' };
  it('writes a header line and the rows', async () => {
    const r = await api.get('/clients?order=id', csv);
    expect([r.status, r.headers.get('content-type'), r.text]).toEqual([200, 'text/csv; charset=utf-8', 'id,name\n1,Microsoft\n2,Apple']);
  });
  it('quotes commas and quotes, writes nulls as nothing and booleans as t/f', async () => {
    expect((await api.get('/posts?select=id,content&id=in.(3,4)&order=id', csv)).text).toBe('id,content\n3,"Bob says hi"\n4,"Carol, ""quoted"""');
    expect((await api.get('/items?select=id,name,flag&id=in.(2,4)&order=id', csv)).text).toBe('id,name,flag\n2,two,f\n4,,');
  });
  it('writes embeds as their JSON', async () => {
    expect((await api.get('/projects?select=id,clients(id)&id=eq.1', csv)).text).toBe('id,clients\n1,"{""id"": 1}"');
  });
  it('writes just a newline for no rows', async () => {
    expect((await api.get('/clients?id=eq.0', csv)).text).toBe('\n');
  });
});

describe('singular object', () => {
  const object = { Accept: 'application/vnd.pgrst.object+json' };
  it('answers the one row as an object', async () => {
    const r = await api.get('/clients?id=eq.1', object);
    expect([r.status, r.headers.get('content-type'), r.text]).toEqual([200, 'application/vnd.pgrst.object+json; charset=utf-8', '{"id":1,"name":"Microsoft"}']);
  });
  it('refuses more or fewer rows with 406 PGRST116', async () => {
    for (const [path, rows] of [
      ['/clients', 2],
      ['/clients?id=eq.0', 0],
    ] as const) {
      const r = await api.get(path, object);
      expect([r.status, r.json]).toEqual([
        406,
        { code: 'PGRST116', message: 'Cannot coerce the result to a single JSON object', details: `The result contains ${rows} rows`, hint: null },
      ]);
    }
  });
  it('strips nulls on request', async () => {
    const r = await api.get('/items?select=id,name&id=eq.4', { Accept: 'application/vnd.pgrst.object+json;nulls=stripped' });
    expect([r.headers.get('content-type'), r.text]).toEqual(['application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8', '{"id":4}']);
  });
});

describe('schemas', () => {
  it('reads the schema named by Accept-Profile and says so in Content-Profile', async () => {
    const r = await api.get('/clients', { 'Accept-Profile': 'v2' });
    expect([r.status, r.headers.get('content-profile'), r.json]).toEqual([200, 'v2', [{ id: 1, name: 'Schema two client' }]]);
  });
  it('names the default schema too when several are exposed, as PostgREST does', async () => {
    expect((await api.get('/clients?id=eq.1')).headers.get('content-profile')).toBe('public');
  });
});

describe('response GUCs', () => {
  it('takes the status from response.status', async () => {
    const r = await api.get('/teapot');
    expect([r.status, r.json]).toEqual([418, [{ id: 1, s: '418' }]]);
  });
  it('adds the headers of response.headers', async () => {
    const r = await api.get('/custom_headers');
    expect([r.status, r.headers.get('x-custom'), r.headers.get('cache-control')]).toEqual([200, 'yes', 'no-store']);
  });
  it('refuses a malformed response.status (PGRST112) or response.headers (PGRST111)', async () => {
    const status = await api.get('/bad_status');
    expect([status.status, status.json]).toEqual([500, { code: 'PGRST112', message: 'response.status guc must be a valid status code', details: null, hint: null }]);
    const headers = await api.get('/bad_headers');
    expect([headers.status, (headers.json as { code: string }).code]).toEqual([500, 'PGRST111']);
  });
});
