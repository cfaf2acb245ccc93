import { describe, expect, it } from 'vitest';
import { parsePayload, type PayloadContext } from './payload.ts';
import type { Action } from './types.ts';

const create: PayloadContext = { action: { kind: 'create' } };
const parse = (body: string, contentType?: string, context: PayloadContext = create) =>
  parsePayload(Buffer.from(body), contentType, context);

const json = (body: string, contentType?: string, context?: PayloadContext) => {
  const p = parse(body, contentType, context);
  if (p?.kind !== 'json') throw new Error('expected a json payload');
  return { raw: p.raw, keys: [...p.keys], isArray: p.isArray, rowCount: p.rowCount, value: p.value };
};

const error = (body: string, contentType?: string, context?: PayloadContext) => {
  try {
    parse(body, contentType, context);
  } catch (e) {
    const { status, code, message } = e as { status: number; code: string; message: string };
    return { status, code, message };
  }
  throw new Error('expected an error');
};

describe('parsePayload: JSON', () => {
  it.each([
    ['an object', '{"a":1,"b":"x"}', ['a', 'b'], false, 1],
    ['an array of objects with the same keys', '[{"a":1,"b":2},{"b":3,"a":4}]', ['a', 'b'], true, 2],
    ['an empty array', '[]', [], true, 0],
    ['an empty object', '{}', [], false, 1],
    ['objects without keys', '[{},{}]', [], true, 2],
    ['insignificant whitespace', '\t \n \r {"a":1}\t \n ', ['a'], false, 1],
  ])('accepts %s', (_, body, keys, isArray, rowCount) => {
    expect(json(body)).toMatchObject({ raw: body, keys, isArray, rowCount });
  });

  it('defaults to JSON without a Content-Type and ignores parameters', () => {
    expect(json('{"a":1}', undefined).keys).toEqual(['a']);
    expect(json('{"a":1}', 'Application/JSON; charset=utf-8').keys).toEqual(['a']);
  });

  it('treats scalars as no rows, as PostgREST does', () => {
    expect(json('5')).toMatchObject({ raw: '[]', keys: [], rowCount: 0, isArray: true });
    expect(json('"x"')).toMatchObject({ raw: '[]', rowCount: 0 });
  });

  it.each([
    ['invalid JSON', '}{ x = 2', 'Empty or invalid json'],
    ['an empty body', '', 'Empty or invalid json'],
    ['objects with different keys', '[{"id":1,"body":"x"},{"id":2,"body":"y","owner":"me"}]', 'All object keys must match'],
    ['non-objects in an array', '[{"id":1}, 123, "x"]', 'All object keys must match'],
    ['a first element that is not an object', '[1, {"id":1}]', 'All object keys must match'],
  ])('rejects %s with PGRST102', (_, body, message) => {
    expect(error(body)).toEqual({ status: 400, code: 'PGRST102', message });
  });

  it('takes keys from ?columns and lets array objects differ then', () => {
    const context: PayloadContext = { action: { kind: 'create' }, columns: ['id', 'body'] };
    expect(json('[{"id":1,"x":1},{"id":2}]', undefined, context)).toMatchObject({ keys: ['id', 'body'], rowCount: 2 });
    expect(error('[{"id":1}, 3]', undefined, context).code).toBe('PGRST102');
  });

  it('keeps the parsed value for the planner', () => {
    expect(json('{"name":"a","books":[{"title":"t"}]}').value).toEqual({ name: 'a', books: [{ title: 't' }] });
  });
});

describe('parsePayload: CSV', () => {
  it.each([
    ['a header and rows', 'a,b\n1,hi\n2,bye', [{ a: '1', b: 'hi' }, { a: '2', b: 'bye' }]],
    ['CRLF and a final line break', 'a,b\r\n1,hi\r\n', [{ a: '1', b: 'hi' }]],
    ['NULL as null, the empty field as an empty string', 'a,b\nNULL,\n"NULL",x', [{ a: null, b: '' }, { a: null, b: 'x' }]],
    ['quoted fields with commas, quotes and line breaks', 'a,b\n"x, ""y""","l1\nl2"', [{ a: 'x, "y"', b: 'l1\nl2' }]],
    ['a header only', 'id,name', []],
  ])('converts %s to a JSON array', (_, body, rows) => {
    const p = json(body, 'text/csv; charset=utf-8');
    expect(p.value).toEqual(rows);
    expect(JSON.parse(p.raw)).toEqual(rows);
    expect(p.isArray).toBe(true);
    expect(p.rowCount).toBe(rows.length);
  });

  it('takes the header as the keys', () => {
    expect(json('id,name,client_id\n8,Xenix,1', 'text/csv').keys).toEqual(['id', 'name', 'client_id']);
  });

  it.each([
    ['too few fields', 'a,b\nfoo,bar\nbaz', 'All lines must have same number of fields'],
    ['too many fields', 'a,b\n1,2,3', 'All lines must have same number of fields'],
    ['an unterminated quote', 'a\n"x', 'Error in CSV body: unterminated quoted field'],
    ['text after a closing quote', 'a\n"x"y', 'Error in CSV body: unexpected character after a quoted field'],
    ['an empty body', '', 'Error in CSV body: the header row is missing'],
  ])('rejects %s with PGRST102', (_, body, message) => {
    expect(error(body, 'text/csv')).toEqual({ status: 400, code: 'PGRST102', message });
  });
});

describe('parsePayload: forms and other types', () => {
  it('turns a form into one object of strings, later duplicates winning', () => {
    const p = json('integer=7&varchar=forms+are+fun&money=%243.99&a=1&a=2', 'application/x-www-form-urlencoded');
    expect(p.value).toEqual({ integer: '7', varchar: 'forms are fun', money: '$3.99', a: '2' });
    expect(p.keys).toEqual(['integer', 'varchar', 'money', 'a']);
    expect(p).toMatchObject({ isArray: false, rowCount: 1 });
  });

  it('refuses a Content-Type it cannot parse', () => {
    expect(error('x', 'text/plain')).toEqual({ status: 400, code: 'PGRST102', message: 'Content-Type not acceptable: text/plain' });
  });

  it.each<[string, Action]>([
    ['reads', { kind: 'read', headersOnly: false }],
    ['DELETE', { kind: 'delete' }],
    ['GET calls', { kind: 'call', method: 'GET' }],
  ])('parses nothing for %s', (_, action) => {
    expect(parse('not json', undefined, { action })).toBeUndefined();
  });

  it('parses bodies of updates and PUT like inserts', () => {
    expect(json('{"a":1}', undefined, { action: { kind: 'update' } }).keys).toEqual(['a']);
    expect(error('', undefined, { action: { kind: 'single-upsert' } }).code).toBe('PGRST102');
  });

  it('gives a POST call without a body no arguments, and raw bodies for raw types', () => {
    const call: PayloadContext = { action: { kind: 'call', method: 'POST' } };
    expect(json('', undefined, call)).toMatchObject({ raw: '{}', keys: [] });
    expect(parse('hello', 'text/plain', call)).toEqual({ kind: 'raw', raw: Buffer.from('hello'), contentType: 'text/plain' });
  });
});

describe('parsePayload: hostile bodies', () => {
  const deep = (n: number) => `{"data":${'['.repeat(n)}${']'.repeat(n)}}`;

  it('refuses JSON nested deeper than Postgres can parse with PGRST102, not a 500 later', () => {
    expect(error(deep(100_000))).toEqual({ status: 400, code: 'PGRST102', message: 'JSON nested deeper than 1000 levels' });
    expect(error(deep(1000))).toMatchObject({ code: 'PGRST102' });
    expect(json(deep(999)).keys).toEqual(['data']);
    // Brackets inside strings are text, not nesting.
    expect(json(`{"data":"${'['.repeat(5000)}\\"${'{'.repeat(5000)}"}`).keys).toEqual(['data']);
  });

  it('refuses bytes that are not UTF-8 instead of storing U+FFFD', () => {
    const bad = (prefix: string, suffix: string) => Buffer.concat([Buffer.from(prefix), Buffer.from([0xff, 0xfe]), Buffer.from(suffix)]);
    const code = (body: Buffer, type: string) => {
      try {
        parsePayload(body, type, create);
      } catch (e) {
        return (e as { code: string }).code;
      }
      return 'accepted';
    };
    expect(code(bad('{"a":"', '"}'), 'application/json')).toBe('PGRST102');
    expect(code(bad('a\n', ''), 'text/csv')).toBe('PGRST102');
    expect(code(bad('a=', ''), 'application/x-www-form-urlencoded')).toBe('PGRST102');
    expect(json('{"a":"日本 ü"}').value).toEqual({ a: '日本 ü' });
    const call: PayloadContext = { action: { kind: 'call', method: 'POST' } };
    const raw = (body: Buffer, type: string) => {
      try {
        return parsePayload(body, type, call)?.kind;
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(raw(bad('a', ''), 'text/plain')).toBe('PGRST102');
    expect(raw(bad('<a>', '</a>'), 'text/xml')).toBe('PGRST102');
    expect(raw(bad('', ''), 'application/octet-stream')).toBe('raw');
    expect(raw(Buffer.from('日本'), 'text/plain')).toBe('raw');
  });

  it('keeps __proto__ as a key of form and CSV rows, so the planner can refuse it', () => {
    expect(json('__proto__=1&id=2', 'application/x-www-form-urlencoded')).toMatchObject({
      keys: ['__proto__', 'id'],
      raw: '{"__proto__":"1","id":"2"}',
    });
    expect(json('__proto__,id\n1,2', 'text/csv')).toMatchObject({ keys: ['__proto__', 'id'], raw: '[{"__proto__":"1","id":"2"}]' });
  });
});
