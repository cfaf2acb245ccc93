import { describe, expect, it } from 'vitest';
import { negotiate, negotiateMedia, parseAccept, parseContentType, parseMediaRange } from './media-type.ts';
import type { MediaType } from './types.ts';

describe('parseAccept', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, ['*/*']],
    ['', ['*/*']],
    ['  ', ['*/*']],
    ['application/json', ['application/json']],
    ['Application/JSON', ['application/json']],
    ['text/csv, application/json', ['text/csv', 'application/json']],
    ['application/json;q=0.5, text/csv', ['text/csv', 'application/json']],
    ['text/csv;q=0.1, application/json;q=0.9, */*;q=0.5', ['application/json', '*/*', 'text/csv']],
    ['*/*, text/csv', ['text/csv', '*/*']],
    ['application/*, application/json', ['application/json', 'application/*']],
    ['application/json, application/vnd.pgrst.object+json;nulls=stripped', ['application/vnd.pgrst.object+json;nulls=stripped', 'application/json']],
    ['text/csv;q=0, application/json', ['application/json']],
    ['text/csv;q=0', []],
    ['text/csv;q=0.0', []],
    ['a/b, c/d, e/f', ['a/b', 'c/d', 'e/f']],
    ['text/csv; q=0.5; charset=utf-8, application/json', ['application/json', 'text/csv']],
    ['application/json; charset=utf-8', ['application/json;charset=utf-8']],
    ['application/vnd.pgrst.plan+json; for="text/csv"; options=analyze|verbose', ['application/vnd.pgrst.plan+json;for="text/csv";options=analyze|verbose']],
    ['application/json,,text/csv', ['application/json', 'text/csv']],
    ['garbage, application/json', ['garbage', 'application/json']],
  ])('%j', (header, expected) => {
    expect(parseAccept(header)).toEqual(expected);
  });
});

describe('parseMediaRange', () => {
  it.each([
    ['application/json', { type: 'application', subtype: 'json', params: {} }],
    ['*/*', { type: '*', subtype: '*', params: {} }],
    ['Text/CSV; Charset=UTF-8', { type: 'text', subtype: 'csv', params: { charset: 'UTF-8' } }],
    ['application/vnd.pgrst.plan;wat="application/json;text/csv"', { type: 'application', subtype: 'vnd.pgrst.plan', params: { wat: 'application/json;text/csv' } }],
    ['application/json; bad param', { type: 'application', subtype: 'json', params: {} }],
    ['json', undefined],
    ['a/b/c', undefined],
    ['/json', undefined],
  ])('%j', (text, expected) => {
    expect(parseMediaRange(text)).toEqual(expected);
  });
});

describe('parseContentType', () => {
  it.each([
    [undefined, 'application/json'],
    ['application/json', 'application/json'],
    ['application/json; charset=utf-8', 'application/json'],
    ['Application/JSON', 'application/json'],
    ['text/csv', 'text/csv'],
    ['text/csv; charset=utf-8', 'text/csv'],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
    ['application/octet-stream', 'application/octet-stream'],
    ['text/plain;charset=utf-8', 'text/plain'],
    ['application/vnd.pgrst.object+json', 'application/vnd.pgrst.object+json'],
    ['application/vnd.pgrst.object', 'application/vnd.pgrst.object+json'],
    ['application/vnd.pgrst.array+json', 'application/json'],
    ['application/vnd.twkb', 'application/vnd.twkb'],
    ['nonsense', 'nonsense'],
  ])('%j', (header, expected) => {
    expect(parseContentType(header)).toBe(expected);
  });
});

const TABLE: readonly MediaType[] = [
  'application/json',
  'application/vnd.pgrst.object+json',
  'application/vnd.pgrst.array+json',
  'text/csv',
  'application/geo+json',
  'application/vnd.pgrst.plan+json',
];

describe('negotiate', () => {
  it.each<[string | undefined, readonly MediaType[], MediaType | undefined]>([
    [undefined, TABLE, 'application/json'],
    ['*/*', TABLE, 'application/json'],
    ['application/*', TABLE, 'application/json'],
    ['text/*', TABLE, 'text/csv'],
    ['text/csv', TABLE, 'text/csv'],
    ['TEXT/CSV', TABLE, 'text/csv'],
    ['application/json', TABLE, 'application/json'],
    ['application/json; charset=utf-8', TABLE, 'application/json'],
    ['application/vnd.pgrst.object+json', TABLE, 'application/vnd.pgrst.object+json'],
    ['application/vnd.pgrst.object', TABLE, 'application/vnd.pgrst.object+json'],
    ['application/vnd.pgrst.array+json', TABLE, 'application/json'],
    ['application/vnd.pgrst.array+json;nulls=stripped', TABLE, 'application/vnd.pgrst.array+json'],
    ['application/geo+json', TABLE, 'application/geo+json'],
    ['text/html', TABLE, undefined],
    ['text/html, */*;q=0.1', TABLE, 'application/json'],
    ['text/html, application/xml', TABLE, undefined],
    ['text/csv;q=0', TABLE, undefined],
    ['image/png, text/csv', TABLE, 'text/csv'],
    ['*/*', ['text/csv'], 'text/csv'],
    ['application/json', ['text/csv'], undefined],
    ['*/*', [], undefined],
    ['garbage', TABLE, undefined],
  ])('%j', (header, offered, expected) => {
    expect(negotiate(parseAccept(header), offered)).toBe(expected);
  });

  it('records the vnd.pgrst parameters', () => {
    expect(negotiateMedia(parseAccept('application/vnd.pgrst.object+json;nulls=stripped'), TABLE)).toEqual({
      mediaType: 'application/vnd.pgrst.object+json',
      nullsStripped: true,
    });
    expect(negotiateMedia(parseAccept('application/vnd.pgrst.object+json'), TABLE)).toEqual({
      mediaType: 'application/vnd.pgrst.object+json',
      nullsStripped: false,
    });
    expect(negotiateMedia(parseAccept('application/vnd.pgrst.plan+json; for="text/csv"; options=analyze|buffers|bogus'), TABLE)).toEqual({
      mediaType: 'application/vnd.pgrst.plan+json',
      nullsStripped: false,
      plan: { format: 'json', for: 'text/csv', options: ['analyze', 'buffers'] },
    });
    expect(negotiateMedia(parseAccept('application/vnd.pgrst.plan'), TABLE)).toEqual({
      mediaType: 'application/vnd.pgrst.plan+json',
      nullsStripped: false,
      plan: { format: 'text', for: 'application/json', options: [] },
    });
    expect(negotiateMedia(parseAccept('application/vnd.pgrst.plan+text; for="application/vnd.pgrst.object"'), TABLE)?.plan).toEqual({
      format: 'text',
      for: 'application/vnd.pgrst.object+json',
      options: [],
    });
  });
});
