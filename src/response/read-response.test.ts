import { describe, expect, it } from 'vitest';
import { DataApiError } from '../errors/data-api-error.ts';
import { readRequest } from '../plan/test-schema.ts';
import type { ReadRequestPlan } from '../plan/types.ts';
import { testCache } from '../plan/test-schema.ts';
import { planRead } from '../plan/read-plan.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import type { MainRow } from '../query/types.ts';
import { contentRange, pageStatus } from './content-range.ts';
import { readTotal, renderRead } from './read-response.ts';

const row = (over: Partial<MainRow> = {}): MainRow => ({
  page_total: '2',
  total_count: null,
  body: '[{"id":1}, \n {"id":2}]',
  response_headers: null,
  response_status: null,
  ...over,
});

const basePlan = planRead(readRequest('projects'), testCache, defaultDataApiSettings);
const planWith = (over: Partial<ReadRequestPlan>, offset = 0): ReadRequestPlan => ({
  ...basePlan,
  read: { ...basePlan.read, range: { offset } },
  ...over,
});

const errorOf = (f: () => unknown): DataApiError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataApiError) return e;
    throw e;
  }
  throw new Error('expected an error');
};

describe('Content-Range and status', () => {
  it.each([
    [0, 10, undefined, 200, '0-9/*'],
    [0, 10, 10, 200, '0-9/10'],
    [0, 10, 100, 206, '0-9/100'],
    [5, 2, 7, 206, '5-6/7'],
    [0, 0, 0, 200, '*/0'],
    [0, 0, undefined, 200, '*/*'],
    [7, 0, 7, 206, '*/7'],
    [8, 0, 7, 416, '*/7'],
  ] as const)('offset %i, %i rows of %s', (lower, rows, total, status, header) => {
    expect(pageStatus(lower, rows, total)).toEqual({ status, contentRange: header });
  });
  it('writes a range', () => expect(contentRange(1, 0, undefined)).toBe('*/*'));
});

describe('readTotal', () => {
  it.each([
    [undefined, '5', 9, undefined, undefined],
    ['exact', '5', undefined, undefined, 5],
    ['planned', null, 9, undefined, 9],
    ['estimated', '3', 900, 10, 3],
    ['estimated', '11', 900, 10, 900],
    ['estimated', '11', 5, 10, 11],
    ['estimated', '4', 100, undefined, 100],
  ] as const)('%s with counted %s, planned %s, max rows %s', (count, counted, planned, maxRows, expected) => {
    expect(readTotal({ ...(count === undefined ? {} : { count }), ...(maxRows === undefined ? {} : { maxRows }) }, counted, planned)).toBe(expected);
  });
});

describe('renderRead', () => {
  const request = readRequest('projects');
  it('passes the body through with JSON headers', () => {
    expect(renderRead(planWith({}), request, { main: row() })).toEqual({
      status: 200,
      headers: { 'Content-Range': '0-1/*', 'Content-Type': 'application/json; charset=utf-8' },
      body: '[{"id":1}, \n {"id":2}]',
    });
  });
  it('answers 206 for a partial page with a count and echoes the count preference', () => {
    const r = renderRead(planWith({ count: 'exact', preferenceApplied: ['count=exact'] }), request, { main: row({ total_count: '10' }) });
    expect(r.status).toBe(206);
    expect(r.headers).toMatchObject({ 'Content-Range': '0-1/10', 'Preference-Applied': 'count=exact' });
  });
  it('answers 416 past the end, with the range in the error', () => {
    const e = errorOf(() => renderRead(planWith({ count: 'exact' }, 20), request, { main: row({ page_total: '0', total_count: '10', body: '[]' }) }));
    expect([e.status, e.code, e.details, e.headers]).toEqual([416, 'PGRST103', 'An offset of 20 was requested, but there are only 10 rows.', { 'Content-Range': '*/10' }]);
  });
  it('requires exactly one row for a singular object', () => {
    const plan = planWith({ media: 'application/vnd.pgrst.object+json' });
    expect(errorOf(() => renderRead(plan, request, { main: row() })).body()).toEqual({
      code: 'PGRST116',
      message: 'Cannot coerce the result to a single JSON object',
      details: 'The result contains 2 rows',
      hint: null,
    });
    const one = renderRead(plan, request, { main: row({ page_total: '1', body: '{"id":1}' }) });
    expect([one.body, one.headers['Content-Type']]).toEqual(['{"id":1}', 'application/vnd.pgrst.object+json; charset=utf-8']);
  });
  it('sends no body for HEAD, and Content-Profile when the schema was negotiated', () => {
    const r = renderRead(planWith({ headersOnly: true }), { ...request, schemaNegotiated: true }, { main: row({ body: null }) });
    expect([r.body, r.headers['Content-Profile']]).toEqual(['', 'public']);
  });
  it('applies response.status and response.headers', () => {
    const r = renderRead(planWith({}), request, {
      main: row({ response_status: '418', response_headers: '[{"X-Custom": "a"}, {"content-type": "text/plain"}]' }),
    });
    expect(r.status).toBe(418);
    expect(r.headers).toEqual({ 'Content-Range': '0-1/*', 'X-Custom': 'a', 'content-type': 'text/plain' });
  });
  it.each([
    ['response.status', { response_status: 'teapot' }, 'PGRST112'],
    ['response.headers not an array', { response_headers: '{"a":"b"}' }, 'PGRST111'],
    ['response.headers with two keys', { response_headers: '[{"a":"b","c":"d"}]' }, 'PGRST111'],
    ['response.headers with a number', { response_headers: '[{"a":1}]' }, 'PGRST111'],
  ] as const)('rejects a malformed %s', (_name, over, code) => {
    expect(errorOf(() => renderRead(planWith({}), request, { main: row(over) })).code).toBe(code);
  });
});
