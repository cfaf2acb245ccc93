// The HTTP surface around the stages: the OpenAPI root, schema profiles, unsupported
// methods and paths, CORS, health, and the anonymous-access edges of authentication.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, fixture, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase(await fixture('surface.sql'));
  server = await startTestServer(db, { dbSchemas: ['public', 'private'] });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const error = async (res: Response) => ({ status: res.status, body: await res.json(), proxy: res.headers.get('proxy-status') });

describe('the root', () => {
  it('describes the default schema as OpenAPI 2.0', async () => {
    const res = await server.fetch('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/openapi\+json/);
    const doc = (await res.json()) as { swagger: string; paths: Record<string, Record<string, unknown>>; definitions: Record<string, any> };
    expect(doc.swagger).toBe('2.0');
    expect(Object.keys(doc.paths)).toEqual(['/', '/items']);
    // anonymous may select and insert items, and nothing on hidden (openapi-mode follow-privileges).
    expect(Object.keys(doc.paths['/items']!)).toEqual(['get', 'post']);
    expect(doc.definitions.hidden).toBeUndefined();
    expect(doc.definitions.items).toEqual({
      description: 'Things to list',
      required: ['id', 'name'],
      properties: {
        id: { description: 'This is a Primary Key.<pk/>', format: 'integer', type: 'integer' },
        name: { format: 'character varying(20)', maxLength: 20, type: 'string' },
        note: { format: 'text', type: 'string' },
      },
      type: 'object',
    });
  });

  it('describes another exposed schema with Accept-Profile', async () => {
    const res = await server.fetch('/', { headers: { 'Accept-Profile': 'private' } });
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(['/', '/things']);
  });

  it('lists every relation and verb with openapi-mode ignore-privileges', async () => {
    const all = await startTestServer(db, { openapiMode: 'ignore-privileges' });
    try {
      const doc = (await (await all.fetch('/')).json()) as { paths: Record<string, Record<string, unknown>> };
      expect(Object.keys(doc.paths)).toEqual(['/', '/hidden', '/items']);
      expect(Object.keys(doc.paths['/items']!)).toEqual(['get', 'post', 'patch', 'delete']);
    } finally {
      await all.close();
    }
  });

  it('is PGRST126 when openapi-mode is disabled', async () => {
    const closed = await startTestServer(db, { openapiMode: 'disabled' });
    try {
      expect(await error(await closed.fetch('/'))).toEqual({
        status: 404,
        body: { code: 'PGRST126', message: 'Root endpoint metadata is disabled', details: null, hint: null },
        proxy: 'PostgREST; error=PGRST126',
      });
    } finally {
      await closed.close();
    }
  });
});

describe('profiles', () => {
  it('reads another exposed schema with Accept-Profile', async () => {
    const res = await server.fetch('/things', { headers: { 'Accept-Profile': 'private' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ id: 7 }]);
    expect(res.headers.get('content-profile')).toBe('private');
  });

  it('is PGRST106 for a schema that is not exposed', async () => {
    expect(await error(await server.fetch('/items', { headers: { 'Accept-Profile': 'secret' } }))).toEqual({
      status: 406,
      body: { code: 'PGRST106', message: 'Invalid schema: secret', details: null, hint: 'Only the following schemas are exposed: public, private' },
      proxy: 'PostgREST; error=PGRST106',
    });
  });
});

describe('methods and paths', () => {
  it('is PGRST117 for a method PostgREST does not serve', async () => {
    const res = await server.fetch('/items', { method: 'PROPFIND' });
    expect(await error(res)).toMatchObject({ status: 405, body: { code: 'PGRST117', message: 'Unsupported HTTP method: PROPFIND' } });
  });

  it('is PGRST125 for a nested path', async () => {
    expect(await error(await server.fetch('/items/1/x'))).toEqual({
      status: 404,
      body: { code: 'PGRST125', message: 'Invalid path specified in request URL', details: null, hint: null },
      proxy: 'PostgREST; error=PGRST125',
    });
  });

  it('is PGRST101 for PATCH on a function', async () => {
    const res = await server.fetch('/rpc/anything', { method: 'PATCH', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(await error(res)).toMatchObject({ status: 405, body: { code: 'PGRST101', message: 'Cannot use the PATCH method on RPC' } });
  });

  it('answers OPTIONS with the allowed methods', async () => {
    const res = await server.fetch('/items', { method: 'OPTIONS' });
    expect(res.status).toBe(200);
    expect(res.headers.get('allow')).toContain('GET');
  });

  it('reports health and readiness', async () => {
    expect(await (await server.fetch('/health')).json()).toEqual({ status: 'ok' });
    expect((await server.fetch('/ready')).status).toBe(200);
  });
});

describe('server-timing-enabled', () => {
  const STAGES = /^jwt;dur=[\d.]+, parse;dur=[\d.]+, plan;dur=[\d.]+, transaction;dur=[\d.]+, response;dur=[\d.]+$/;

  it('reports each stage of reads and writes in Server-Timing', async () => {
    const timed = await startTestServer(db, { serverTimingEnabled: true });
    try {
      const read = await timed.fetch('/items?id=eq.1');
      expect(read.status).toBe(200);
      expect(read.headers.get('server-timing')).toMatch(STAGES);
      const write = await timed.fetch('/items', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id": 50, "name": "timed"}' });
      expect(write.status).toBe(201);
      expect(write.headers.get('server-timing')).toMatch(STAGES);
    } finally {
      await timed.close();
    }
  });

  it('sends no Server-Timing by default', async () => {
    expect((await server.fetch('/items')).headers.get('server-timing')).toBeNull();
  });
});

describe('requests the HTTP parser refuses', () => {
  const rawExchange = (text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });

  it('answers headers over 16 KiB with 431 and a JSON error', async () => {
    const answer = await rawExchange(`GET /items HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1.1 431 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'PGRST100', message: 'Request header fields too large' });
  });

  it('answers a malformed request line with 400 and a JSON error', async () => {
    const answer = await rawExchange('NOT A REQUEST\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'PGRST100', message: 'Malformed HTTP request' });
  });

  it('keeps serving afterwards', async () => {
    expect((await server.fetch('/items')).status).toBe(200);
  });
});

describe('CORS', () => {
  it('answers a preflight for any origin by default', async () => {
    const res = await server.fetch('/items', {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, prefer' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type, prefer');
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('exposes Content-Range on reads from another origin', async () => {
    const res = await server.fetch('/items', { headers: { Origin: 'http://app.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(res.headers.get('access-control-expose-headers')).toContain('Content-Range');
  });

  it('does not allow origins outside server-cors-allowed-origins', async () => {
    const strict = await startTestServer(db, { serverCorsAllowedOrigins: ['http://good.example'] });
    try {
      const bad = await strict.fetch('/items', { headers: { Origin: 'http://evil.example' } });
      expect(bad.headers.get('access-control-allow-origin')).toBeNull();
      const good = await strict.fetch('/items', { headers: { Origin: 'http://good.example' } });
      expect(good.headers.get('access-control-allow-origin')).toBe('http://good.example');
    } finally {
      await strict.close();
    }
  });
});

describe('authentication edges (before JWT support)', () => {
  it('is PGRST300 when a token is sent but no JWT secret is configured', async () => {
    const res = await server.fetch('/items', { headers: { Authorization: 'Bearer abc.def.ghi' } });
    expect(await error(res)).toMatchObject({ status: 500, body: { code: 'PGRST300', message: 'Server lacks JWT secret' } });
  });

  it('is PGRST302 when anonymous access is disabled', async () => {
    const closed = await startTestServer(db, { dbAnonRole: undefined });
    try {
      const res = await closed.fetch('/items');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await error(res)).toMatchObject({ status: 401, body: { code: 'PGRST302', message: 'Anonymous access is disabled' } });
    } finally {
      await closed.close();
    }
  });

  it('is 401 with the SQLSTATE when the anonymous role lacks a privilege', async () => {
    const res = await server.fetch('/items', { method: 'PATCH', body: '{"name":"x"}', headers: { 'Content-Type': 'application/json' } });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await error(res)).toMatchObject({ status: 401, body: { code: '42501', message: 'permission denied for table items' } });
  });
});
