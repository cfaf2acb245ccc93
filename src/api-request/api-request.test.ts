import { describe, expect, it } from 'vitest';
import { parseApiRequest } from './api-request.ts';
import type { Action, RawRequest, Target } from './types.ts';

const raw = (method: string, url: string, headers: RawRequest['headers'] = {}, body = Buffer.alloc(0)): RawRequest => {
  const q = url.indexOf('?');
  return { method, path: q === -1 ? url : url.slice(0, q), search: q === -1 ? '' : url.slice(q + 1), headers, body };
};

const settings = { schemas: ['public', 'api'] };
const single = { schemas: ['public'] };

describe('action and target', () => {
  it.each<[string, string, Action, Target]>([
    ['GET', '/posts', { kind: 'read', headersOnly: false }, { kind: 'relation', name: 'posts' }],
    ['HEAD', '/posts', { kind: 'read', headersOnly: true }, { kind: 'relation', name: 'posts' }],
    ['POST', '/posts', { kind: 'create' }, { kind: 'relation', name: 'posts' }],
    ['PUT', '/posts', { kind: 'single-upsert' }, { kind: 'relation', name: 'posts' }],
    ['PATCH', '/posts', { kind: 'update' }, { kind: 'relation', name: 'posts' }],
    ['DELETE', '/posts', { kind: 'delete' }, { kind: 'relation', name: 'posts' }],
    ['OPTIONS', '/posts', { kind: 'info' }, { kind: 'relation', name: 'posts' }],
    ['GET', '/rpc/fn', { kind: 'call', method: 'GET' }, { kind: 'routine', name: 'fn' }],
    ['HEAD', '/rpc/fn', { kind: 'call', method: 'HEAD' }, { kind: 'routine', name: 'fn' }],
    ['POST', '/rpc/fn', { kind: 'call', method: 'POST' }, { kind: 'routine', name: 'fn' }],
    ['OPTIONS', '/rpc/fn', { kind: 'info' }, { kind: 'routine', name: 'fn' }],
    ['GET', '/', { kind: 'read', headersOnly: false }, { kind: 'root' }],
    ['GET', '', { kind: 'read', headersOnly: false }, { kind: 'root' }],
    ['HEAD', '/', { kind: 'read', headersOnly: true }, { kind: 'root' }],
    ['OPTIONS', '/', { kind: 'info' }, { kind: 'root' }],
    ['GET', '/rpc', { kind: 'read', headersOnly: false }, { kind: 'relation', name: 'rpc' }],
    ['GET', '/my%20table', { kind: 'read', headersOnly: false }, { kind: 'relation', name: 'my table' }],
    ['GET', '/a+b', { kind: 'read', headersOnly: false }, { kind: 'relation', name: 'a+b' }],
    ['GET', '/%E5%90%8D%E5%89%8D', { kind: 'read', headersOnly: false }, { kind: 'relation', name: '名前' }],
    ['GET', '/rpc/my%2Ffn', { kind: 'call', method: 'GET' }, { kind: 'routine', name: 'my/fn' }],
  ])('%s %s', (method, url, action, target) => {
    expect(parseApiRequest(raw(method, url), settings)).toMatchObject({ method, action, target });
  });

  it.each<[string, string, string, number, string]>([
    ['GET', '/a/b', 'PGRST125', 404, 'Invalid path specified in request URL'],
    ['GET', '/a/b/c', 'PGRST125', 404, 'Invalid path specified in request URL'],
    ['GET', '/rpc/a/b', 'PGRST125', 404, 'Invalid path specified in request URL'],
    ['GET', '/posts/', 'PGRST125', 404, 'Invalid path specified in request URL'],
    ['GET', '//', 'PGRST125', 404, 'Invalid path specified in request URL'],
    ['PUT', '/rpc/fn', 'PGRST101', 405, 'Cannot use the PUT method on RPC'],
    ['PATCH', '/rpc/fn', 'PGRST101', 405, 'Cannot use the PATCH method on RPC'],
    ['DELETE', '/rpc/fn', 'PGRST101', 405, 'Cannot use the DELETE method on RPC'],
    ['TRACE', '/posts', 'PGRST117', 405, 'Unsupported HTTP method: TRACE'],
    ['POST', '/', 'PGRST117', 405, 'Unsupported HTTP method: POST'],
    ['DELETE', '/', 'PGRST117', 405, 'Unsupported HTTP method: DELETE'],
  ])('%s %s fails with %s', (method, url, code, status, message) => {
    expect(() => parseApiRequest(raw(method, url), settings)).toThrow(expect.objectContaining({ code, status, message }));
  });
});

describe('schema from the profile headers', () => {
  it.each<[string, RawRequest['headers'], typeof settings, string, boolean]>([
    ['GET', {}, settings, 'public', true],
    ['GET', {}, single, 'public', false],
    ['GET', { 'accept-profile': 'api' }, settings, 'api', true],
    ['HEAD', { 'accept-profile': 'api' }, settings, 'api', true],
    ['GET', { 'content-profile': 'api' }, settings, 'public', true],
    ['POST', { 'content-profile': 'api' }, settings, 'api', true],
    ['PATCH', { 'content-profile': 'api' }, settings, 'api', true],
    ['PUT', { 'content-profile': 'api' }, settings, 'api', true],
    ['DELETE', { 'content-profile': 'api' }, settings, 'api', true],
    ['POST', { 'accept-profile': 'api' }, settings, 'public', true],
    ['GET', { 'accept-profile': 'public' }, single, 'public', true],
  ])('%s %j', (method, headers, s, schema, negotiated) => {
    expect(parseApiRequest(raw(method, '/posts', headers), s)).toMatchObject({ schema, schemaNegotiated: negotiated });
  });

  it.each([
    ['GET', { 'accept-profile': 'secret' }],
    ['POST', { 'content-profile': 'secret' }],
    ['GET', { 'accept-profile': '' }],
  ])('%s %j is PGRST106', (method, headers) => {
    expect(() => parseApiRequest(raw(method, '/posts', headers), settings)).toThrow(
      expect.objectContaining({ code: 'PGRST106', status: 406, hint: 'Only the following schemas are exposed: public, api' }),
    );
  });

  it('checks the path before the schema and the schema before the method and the query', () => {
    const bad = { 'accept-profile': 'secret' };
    expect(() => parseApiRequest(raw('GET', '/a/b?x=bad', bad), settings)).toThrow(expect.objectContaining({ code: 'PGRST125' }));
    expect(() => parseApiRequest(raw('TRACE', '/a?x=bad', bad), settings)).toThrow(expect.objectContaining({ code: 'PGRST106' }));
    expect(() => parseApiRequest(raw('TRACE', '/a?x=bad'), settings)).toThrow(expect.objectContaining({ code: 'PGRST117' }));
    expect(() => parseApiRequest(raw('GET', '/a?x=bad&limit=-1'), settings)).toThrow(expect.objectContaining({ code: 'PGRST100' }));
  });
});

describe('query, range and headers', () => {
  it('parses the query string, treating plain values as arguments only on RPC reads', () => {
    const read = parseApiRequest(raw('GET', '/rpc/fn?a=1&id=eq.2'), settings);
    expect(read.query.rpcArgs).toEqual([['a', '1']]);
    expect(read.query.filters).toHaveLength(1);
    expect(() => parseApiRequest(raw('POST', '/rpc/fn?a=1'), settings)).toThrow(expect.objectContaining({ code: 'PGRST100' }));
    expect(() => parseApiRequest(raw('GET', '/posts?a=1'), settings)).toThrow(expect.objectContaining({ code: 'PGRST100' }));
  });

  it.each<[string, string, RawRequest['headers'], object, boolean]>([
    ['GET', '/posts', {}, { offset: 0 }, false],
    ['GET', '/posts?limit=10&offset=20', {}, { offset: 20, limit: 10 }, false],
    ['GET', '/posts', { range: '0-9', 'range-unit': 'items' }, { offset: 0, limit: 10 }, true],
    ['GET', '/posts?limit=3', { range: '0-1' }, { offset: 0, limit: 2 }, true],
    ['HEAD', '/posts', { range: '0-9' }, { offset: 0 }, false],
    ['GET', '/posts', { range: 'bytes=0-9' }, { offset: 0 }, false],
    ['DELETE', '/posts?limit=5', { range: '0-1' }, { offset: 0, limit: 5 }, false],
    ['GET', '/posts?clients.limit=5', {}, { offset: 0 }, false],
  ])('%s %s %j', (method, url, headers, range, rangeHeader) => {
    expect(parseApiRequest(raw(method, url, headers), settings)).toMatchObject({ range, rangeHeader });
  });

  it.each([
    ['GET', '/posts', { range: '5-1' }, 'PGRST103'],
    ['GET', '/posts?limit=-1', {}, 'PGRST103'],
    ['PUT', '/posts?id=eq.1&limit=1', {}, 'PGRST114'],
  ])('%s %s %j fails with %s', (method, url, headers, code) => {
    expect(() => parseApiRequest(raw(method, url, headers), settings)).toThrow(expect.objectContaining({ code }));
  });

  it('reads preferences, media types, headers, cookies and keeps the body', () => {
    const body = Buffer.from('{"a":1}');
    const r = parseApiRequest(
      raw(
        'POST',
        '/posts?select=id',
        {
          prefer: 'return=representation, count=exact',
          accept: 'application/vnd.pgrst.object+json, */*;q=0.5',
          'content-type': 'application/json; charset=utf-8',
          cookie: 'session=abc=def; theme=dark; theme=light;flag',
          'x-multi': ['a', 'b'],
          authorization: 'Bearer t',
          host: 'localhost',
        },
        body,
      ),
      settings,
    );
    expect(r.preferences).toEqual({ return: 'representation', count: 'exact', handling: 'lenient', invalid: [] });
    expect(r.accept).toEqual(['application/vnd.pgrst.object+json', '*/*']);
    expect(r.contentType).toBe('application/json');
    expect(r.cookies).toEqual({ session: 'abc=def', theme: 'light', flag: '' });
    expect(r.headers).toEqual({
      prefer: 'return=representation, count=exact',
      accept: 'application/vnd.pgrst.object+json, */*;q=0.5',
      'content-type': 'application/json; charset=utf-8',
      'x-multi': 'a, b',
      authorization: 'Bearer t',
      host: 'localhost',
    });
    expect(r.body).toBe(body);
    expect(r.payload).toBeUndefined();
    expect(r.path).toBe('/posts');
  });

  it('defaults what was not sent', () => {
    const r = parseApiRequest(raw('GET', '/posts'), single);
    expect(r).toMatchObject({
      accept: ['*/*'],
      contentType: 'application/json',
      cookies: {},
      headers: {},
      preferences: { handling: 'lenient', invalid: [] },
      query: { select: [{ kind: 'star' }], filters: [], logic: [], order: [], ranges: [], rootParams: [] },
    });
  });

  it('leaves tx out when the server forbids overriding it', () => {
    const r = parseApiRequest(raw('POST', '/posts', { prefer: 'tx=rollback' }), { ...single, allowTxOverride: false });
    expect(r.preferences.tx).toBeUndefined();
    expect(parseApiRequest(raw('POST', '/posts', { prefer: 'tx=rollback' }), single).preferences.tx).toBe('rollback');
  });
});
