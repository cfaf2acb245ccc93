import { describe, expect, it } from 'vitest';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { planCall } from '../plan/call-plan.ts';
import { callCache, callRequest, type CallOptions } from '../plan/test-routines.ts';
import { callTxEnd } from '../query/compile-call.ts';
import type { MainRow } from '../query/types.ts';
import { renderCall } from './call-response.ts';

const row = (extra: Partial<MainRow> = {}): MainRow => ({
  page_total: '1',
  total_count: null,
  body: '7',
  response_headers: null,
  response_status: null,
  ...extra,
});

const render = (name: string, options: CallOptions, main: MainRow, range?: { offset: number; limit?: number }) => {
  const base = callRequest(name, options);
  const request = range === undefined ? base : { ...base, range };
  return renderCall(planCall(request, callCache, defaultDataApiSettings), request, { main });
};

const JSON_TYPE = 'application/json; charset=utf-8';

describe('renderCall', () => {
  const cases: readonly (readonly [string, () => ReturnType<typeof render>, number, Record<string, string>, string])[] = [
    ['a value', () => render('add_them', { args: [['a', '3'], ['b', '4']] }, row()), 200, { 'Content-Range': '0-0/*', 'Content-Type': JSON_TYPE }, '7'],
    [
      'a counted value',
      () => render('add_them', { args: [['a', '3'], ['b', '4']], prefs: { count: 'exact' } }, row({ total_count: '1' })),
      200,
      { 'Content-Range': '0-0/1', 'Content-Type': JSON_TYPE, 'Preference-Applied': 'count=exact' },
      '7',
    ],
    [
      'part of a counted set',
      () => render('getallprojects', { prefs: { count: 'exact' } }, row({ page_total: '2', total_count: '5', body: '[]' }), { offset: 1, limit: 2 }),
      206,
      { 'Content-Range': '1-2/5', 'Content-Type': JSON_TYPE, 'Preference-Applied': 'count=exact' },
      '[]',
    ],
    ['void: 204 without a body or Content-Type', () => render('ret_void', { body: '' }, row({ body: null })), 204, { 'Content-Range': '0-0/*' }, ''],
    [
      'void with a status GUC',
      () => render('ret_void', { body: '' }, row({ body: null, response_status: '201' })),
      201,
      { 'Content-Range': '0-0/*' },
      '',
    ],
    ['HEAD: the headers only', () => render('getallprojects', { method: 'HEAD' }, row({ page_total: '5', body: null })), 200, { 'Content-Range': '0-4/*', 'Content-Type': JSON_TYPE }, ''],
    [
      'headers and status from the GUCs replace ours',
      () => render('getallprojects', {}, row({ body: '[]', response_status: '203', response_headers: '[{"Content-Type":"text/x"},{"X-A":"1"}]' })),
      203,
      { 'Content-Range': '0-0/*', 'Content-Type': 'text/x', 'X-A': '1' },
      '[]',
    ],
  ];
  it.each(cases)('%s', (_name, run, status, headers, body) => {
    expect(run()).toEqual({ status, headers, body });
  });

  it('416 past the end of a counted set', () => {
    const e = (() => {
      try {
        render('getallprojects', { prefs: { count: 'exact' } }, row({ page_total: '0', total_count: '5' }), { offset: 9 });
      } catch (err) {
        return err as DataApiError;
      }
      return undefined;
    })();
    expect([e?.status, e?.code, e?.headers]).toEqual([416, 'PGRST103', { 'Content-Range': '*/5' }]);
  });

  it.each([
    ['response.status', { response_status: 'teapot' }, 'PGRST112'],
    ['response.headers', { response_headers: '{"a":"b"}' }, 'PGRST111'],
  ])('a malformed %s', (_name, extra, code) => {
    expect(() => render('getallprojects', {}, row(extra))).toThrow(expect.objectContaining({ code }));
  });
});

describe('callTxEnd', () => {
  const result = (pageTotal: string) => [{ rows: [{ page_total: pageTotal }], rowCount: 1, command: 'SELECT' }];
  const endOf = (plan: Parameters<typeof callTxEnd>[0], pageTotal: string) => {
    const end = callTxEnd(plan);
    return typeof end === 'function' ? end(result(pageTotal)) : end;
  };

  it.each([
    ['no check: a fixed end, one flight', { singular: false, txEnd: 'rollback' as const }, '9', 'rollback'],
    ['singular with one row', { singular: true, txEnd: 'commit' as const }, '1', 'commit'],
    ['singular with two rows', { singular: true, txEnd: 'commit' as const }, '2', 'PGRST116'],
    ['max-affected within', { singular: false, maxAffected: 3, txEnd: 'commit' as const }, '3', 'commit'],
    ['max-affected past', { singular: false, maxAffected: 3, txEnd: 'commit' as const }, '4', 'PGRST124'],
  ])('%s', (_name, plan, pageTotal, expected) => {
    const end = endOf(plan, pageTotal);
    expect(end instanceof DataApiError ? end.code : end).toBe(expected);
  });
});
