import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api-request/types.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { planMutate } from '../plan/mutate-plan.ts';
import { eq } from '../plan/test-schema.ts';
import { writeCache, writeRequest } from '../plan/test-write-request.ts';
import type { MainRow } from '../query/types.ts';
import { renderMutate } from './mutate-response.ts';

type Row = Partial<MainRow> & { readonly inserted?: string | null };
const render = (request: ApiRequest, row: Row) => {
  const main = { page_total: '1', total_count: null, body: null, response_headers: null, response_status: null, location: null, ...row };
  return renderMutate(planMutate(request, writeCache, defaultDataApiSettings), request, { main: main as MainRow });
};
const rep = { prefs: { return: 'representation' as const } };
const byId = { filters: [{ path: [], filter: eq('id', '1') }] };
const JSON_TYPE = 'application/json; charset=utf-8';

describe('renderMutate', () => {
  it.each<[string, ApiRequest, Row, number, Record<string, string>, string]>([
    ['POST minimal', writeRequest('projects', 'create', '{"id":1}'), {}, 201, { 'Content-Range': '*/*' }, ''],
    [
      'POST representation with count=exact',
      writeRequest('projects', 'create', '[{"id":1},{"id":2}]', { prefs: { return: 'representation', count: 'exact' } }),
      { page_total: '2', body: '[{"id":1},{"id":2}]' },
      201,
      { 'Content-Range': '*/2', 'Preference-Applied': 'return=representation, count=exact', 'Content-Type': JSON_TYPE },
      '[{"id":1},{"id":2}]',
    ],
    [
      'POST headers-only of one row: Location, values encoded, nulls as is.null',
      writeRequest('projects', 'create', '{"id":1}', { prefs: { return: 'headers-only' } }),
      { location: '{"id":"a b&c","k2":null}' },
      201,
      { Location: '/projects?id=eq.a%20b%26c&k2=is.null', 'Content-Range': '*/*', 'Preference-Applied': 'return=headers-only' },
      '',
    ],
    [
      'POST headers-only of two rows has no Location',
      writeRequest('projects', 'create', '[{"id":1},{"id":2}]', { prefs: { return: 'headers-only' } }),
      { page_total: '2', location: '{"id":1}' },
      201,
      { 'Content-Range': '*/*', 'Preference-Applied': 'return=headers-only' },
      '',
    ],
    [
      'merge-duplicates that only updated',
      writeRequest('projects', 'create', '[{"id":1}]', { prefs: { resolution: 'merge-duplicates' } }),
      { inserted: '0' },
      200,
      { 'Content-Range': '*/*', 'Preference-Applied': 'resolution=merge-duplicates' },
      '',
    ],
    [
      'merge-duplicates that inserted',
      writeRequest('projects', 'create', '[{"id":1}]', { prefs: { resolution: 'merge-duplicates' } }),
      { inserted: '1' },
      201,
      { 'Content-Range': '*/*', 'Preference-Applied': 'resolution=merge-duplicates' },
      '',
    ],
    ['PATCH minimal', writeRequest('projects', 'update', '{"name":"a"}'), { page_total: '2' }, 204, { 'Content-Range': '0-1/*' }, ''],
    ['PATCH of nothing', writeRequest('projects', 'update', '{"name":"a"}'), { page_total: '0' }, 204, { 'Content-Range': '*/*' }, ''],
    [
      'PATCH of nothing counted',
      writeRequest('projects', 'update', '{"name":"a"}', { prefs: { count: 'exact' } }),
      { page_total: '0' },
      204,
      { 'Content-Range': '*/0', 'Preference-Applied': 'count=exact' },
      '',
    ],
    [
      'PATCH representation',
      writeRequest('projects', 'update', '{"name":"a"}', rep),
      { body: '[{"id":1}]' },
      200,
      { 'Content-Range': '0-0/*', 'Preference-Applied': 'return=representation', 'Content-Type': JSON_TYPE },
      '[{"id":1}]',
    ],
    ['DELETE minimal', writeRequest('projects', 'delete', undefined), { page_total: '3' }, 204, { 'Content-Range': '*/*' }, ''],
    [
      'DELETE representation, singular',
      writeRequest('projects', 'delete', undefined, { ...rep, accept: ['application/vnd.pgrst.object+json'] }),
      { body: '{"id":1}' },
      200,
      { 'Content-Range': '*/*', 'Preference-Applied': 'return=representation', 'Content-Type': 'application/vnd.pgrst.object+json; charset=utf-8' },
      '{"id":1}',
    ],
    ['PUT minimal', writeRequest('projects', 'single-upsert', '{"id":1}', { query: byId }), { inserted: '1' }, 204, {}, ''],
    [
      'PUT representation that inserted',
      writeRequest('projects', 'single-upsert', '{"id":1}', { ...rep, query: byId }),
      { inserted: '1', body: '[{"id":1}]' },
      201,
      { 'Preference-Applied': 'return=representation', 'Content-Type': JSON_TYPE },
      '[{"id":1}]',
    ],
    [
      'PUT representation that updated',
      writeRequest('projects', 'single-upsert', '{"id":1}', { ...rep, query: byId }),
      { inserted: '0', body: '[{"id":1}]' },
      200,
      { 'Preference-Applied': 'return=representation', 'Content-Type': JSON_TYPE },
      '[{"id":1}]',
    ],
    [
      'GUCs override status and headers',
      writeRequest('projects', 'create', '{"id":1}'),
      { response_status: '202', response_headers: '[{"X-Extra":"1"},{"Content-Range":"x"}]' },
      202,
      { 'X-Extra': '1', 'Content-Range': 'x' },
      '',
    ],
  ])('%s', (_, request, row, status, headers, body) => {
    expect(render(request, row)).toEqual({ status, headers, body });
  });
});
