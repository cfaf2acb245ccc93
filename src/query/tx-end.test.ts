import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api-request/types.ts';
import { defaultDataApiSettings, type DataApiSettings } from '../config/data-api-settings.ts';
import type { StatementResult } from '../db/pool.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { planMutate } from '../plan/mutate-plan.ts';
import { eq } from '../plan/test-schema.ts';
import { writeCache, writeRequest } from '../plan/test-write-request.ts';
import { mutationTxEnd } from './tx-end.ts';

const endOf = (request: ApiRequest, settings: Partial<DataApiSettings> = {}) =>
  mutationTxEnd(planMutate(request, writeCache, { ...defaultDataApiSettings, ...settings }));
const written = (n: number): readonly StatementResult[] => [{ rows: [{ page_total: String(n) }], rowCount: 1, command: 'SELECT' }];
const decide = (end: ReturnType<typeof endOf>, n: number) => {
  if (typeof end === 'string') throw new Error('expected a check');
  const d = end(written(n));
  return d instanceof DataApiError ? { code: d.code, status: d.status, details: d.details } : d;
};

const strict = (n: number) => ({ prefs: { handling: 'strict' as const, maxAffected: n } });
const singular = { accept: ['application/vnd.pgrst.object+json'] };
const put = writeRequest('projects', 'single-upsert', '{"id":1}', { query: { filters: [{ path: [], filter: eq('id', '1') }] } });

describe('mutationTxEnd', () => {
  it('is a fixed end, one flight, when nothing is checked', () => {
    expect(endOf(writeRequest('projects', 'delete', undefined))).toBe('commit');
    expect(endOf(writeRequest('projects', 'delete', undefined, { prefs: { tx: 'rollback' } }), { dbTxEnd: 'commit-allow-override' })).toBe('rollback');
    expect(endOf(writeRequest('projects', 'delete', undefined), { dbTxEnd: 'rollback' })).toBe('rollback');
  });

  it.each([
    ['max-affected within the limit', writeRequest('projects', 'delete', undefined, strict(2)), 2, 'commit'],
    ['max-affected exceeded', writeRequest('projects', 'delete', undefined, strict(2)), 3, { code: 'PGRST124', status: 400, details: 'The query affects 3 rows' }],
    ['singular with one row', writeRequest('projects', 'update', '{"name":"a"}', singular), 1, 'commit'],
    ['singular with none', writeRequest('projects', 'update', '{"name":"a"}', singular), 0, { code: 'PGRST116', status: 406, details: 'The result contains 0 rows' }],
    ['singular on POST with two', writeRequest('projects', 'create', '[{"name":"a"},{"name":"b"}]', singular), 2, { code: 'PGRST116', status: 406, details: 'The result contains 2 rows' }],
    ['PUT writing its row', put, 1, 'commit'],
    ['PUT whose payload key differs', put, 0, { code: 'PGRST115', status: 400, details: null }],
  ] as const)('checks %s', (_, request, n, outcome) => {
    expect(decide(endOf(request), n)).toEqual(outcome);
  });

  it('rolls back after a passing check when the transaction is to roll back', () => {
    expect(decide(endOf(writeRequest('projects', 'delete', undefined, strict(5)), { dbTxEnd: 'rollback' }), 1)).toBe('rollback');
  });
});
