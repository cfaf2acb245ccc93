// Hostile and malformed requests beyond the query string (fuzz.test.ts has those): headers a
// function sets, bodies, paths. Each must get a 2xx or a JSON error, and the server must go
// on answering afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, fixture, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase(await fixture('hostile.sql'));
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const stillServing = async (): Promise<void> => {
  const res = await server.fetch('/notes?select=id&id=eq.1');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual([{ id: 1 }]);
};

const errorBody = async (res: Response): Promise<Record<string, unknown>> => {
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message']);
  return body;
};

describe('headers set through response.headers', () => {
  it('a line break in a value is a JSON error, not the end of the server', async () => {
    const res = await server.fetch(`/rpc/echo_header?v=${encodeURIComponent('a\r\nSet-Cookie: x=1')}`);
    expect(res.status).toBe(500);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await errorBody(res)).toMatchObject({ code: 'PGRST111' });
    await stillServing();
  });

  it('a name that is not a token is PGRST111', async () => {
    const res = await server.fetch(`/rpc/header_named?n=${encodeURIComponent('X-A: b\r\nX-B')}`);
    expect(res.status).toBe(500);
    expect(await errorBody(res)).toMatchObject({ code: 'PGRST111' });
    await stillServing();
  });

  it('an interim status (1xx) in response.status is PGRST112, not a broken response', async () => {
    const res = await server.fetch('/rpc/set_status?s=101');
    expect(res.status).toBe(500);
    expect(await errorBody(res)).toMatchObject({ code: 'PGRST112' });
    await stillServing();
  });

  it('a value beyond latin1 arrives as its UTF-8 bytes', async () => {
    const res = await server.fetch(`/rpc/echo_header?v=${encodeURIComponent('€uro')}`);
    expect(res.status).toBe(200);
    // fetch() reads header bytes as latin1.
    expect(Buffer.from(res.headers.get('x-echo')!, 'latin1').toString('utf8')).toBe('€uro');
  });
});

describe('request bodies', () => {
  const post = (body: string | Uint8Array, contentType = 'application/json') =>
    server.fetch('/notes', { method: 'POST', headers: { 'Content-Type': contentType }, body: body as BodyInit });
  const count = async (): Promise<number> => Number((await db.sql('select count(*) from notes')).rows[0].count);

  it('JSON nested too deep for Postgres is a 400, and writes nothing', async () => {
    const before = await count();
    const res = await post(`{"id":90,"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(res.status).toBe(400);
    expect(await errorBody(res)).toMatchObject({ code: 'PGRST102' });
    expect(await count()).toBe(before);
    await stillServing();
  });
});

describe('request bodies that are not UTF-8', () => {
  it('are PGRST102 for a function taking the text body whole, not U+FFFD in its argument', async () => {
    const body = Buffer.concat([Buffer.from('a'), Buffer.from([0xff]), Buffer.from('b')]);
    const res = await server.fetch('/rpc/echo_text', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: body as BodyInit });
    expect(res.status).toBe(400);
    expect(await errorBody(res)).toMatchObject({ code: 'PGRST102' });
    const ok = await server.fetch('/rpc/echo_text', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'ü日本' });
    expect(await ok.json()).toBe('ü日本');
  });

  it('are PGRST102 rather than rows with U+FFFD in them', async () => {
    const body = Buffer.concat([Buffer.from('{"id":91,"body":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const res = await server.fetch('/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body as BodyInit });
    expect(res.status).toBe(400);
    expect(await errorBody(res)).toMatchObject({ code: 'PGRST102', message: 'Empty or invalid json' });
    expect((await db.sql('select count(*) from notes where id = 91')).rows[0].count).toBe('0');
  });
});

describe('__proto__ in a payload', () => {
  it.each([
    ['a form', 'application/x-www-form-urlencoded', '__proto__=1&id=92'],
    ['CSV', 'text/csv', '__proto__,id\n1,92'],
    ['JSON', 'application/json', '{"__proto__":{"id":1},"id":92}'],
  ])('is a key like any other in %s: PGRST204, nothing written', async (_, type, body) => {
    const res = await server.fetch('/notes', { method: 'POST', headers: { 'Content-Type': type }, body });
    expect(res.status).toBe(400);
    expect(await errorBody(res)).toMatchObject({ code: 'PGRST204' });
    expect((await db.sql('select count(*) from notes where id = 92')).rows[0].count).toBe('0');
  });
});

describe('query strings Postgres cannot run', () => {
  it.each(['select=%22a%00b%22', 'select=data-%3E%22a%00b%22', '%22a%00b%22=eq.1', 'order=%22a%00b%22'])(
    'a NUL in a name (%s) is PGRST100, not a protocol error (08P01, a 503)',
    async (search) => {
      const res = await server.fetch(`/notes?${search}`);
      expect(res.status).toBe(400);
      expect(await errorBody(res)).toMatchObject({ code: 'PGRST100' });
      await stillServing();
    },
  );

  it('a select list wider than Postgres allows is PGRST100, not 54011 as a 500', async () => {
    const res = await server.fetch(`/notes?select=${Array.from({ length: 1700 }, () => 'id').join(',')}`);
    expect(res.status).toBe(400);
    expect(await errorBody(res)).toMatchObject({ code: 'PGRST100' });
  });
});

describe('upserts whose payload names a key twice', () => {
  it('are a 400, not a 500, and write nothing', async () => {
    const res = await server.fetch('/notes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Prefer: 'resolution=merge-duplicates' },
      body: '[{"id":93,"body":"a"},{"id":93,"body":"b"}]',
    });
    expect(res.status).toBe(400);
    expect(await errorBody(res)).toMatchObject({ code: '21000' });
    expect((await db.sql('select count(*) from notes where id = 93')).rows[0].count).toBe('0');
  });
});
