import { describe, expect, it } from 'vitest';
import { defaultDataApiSettings, type DataApiSettings } from '../config/data-api-settings.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { planCall, planCallInfo } from './call-plan.ts';
import type { CallRequestPlan } from './call-types.ts';
import { callCache, callRequest, type CallOptions } from './test-routines.ts';

const plan = (name: string, options: CallOptions = {}, settings: Partial<DataApiSettings> = {}): CallRequestPlan =>
  planCall(callRequest(name, options), callCache, { ...defaultDataApiSettings, ...settings });

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataApiError) return e.code;
    throw e;
  }
  return 'none';
};

describe('planCall: the result and the relation it reads as', () => {
  const cases: readonly (readonly [string, CallOptions, CallRequestPlan['result'], string])[] = [
    ['add_them', { args: [['a', '1'], ['b', '2']] }, 'scalar', 'public.add_them'],
    ['setof_ints', {}, 'setof-scalar', 'public.setof_ints'],
    ['ret_void', { body: '' }, 'void', 'public.ret_void'],
    ['single_project', { args: [['id', '1']] }, 'composite', 'public.projects'],
    ['getallprojects', {}, 'setof-composite', 'public.projects'],
    ['out_params', {}, 'composite', 'public.out_params'],
  ];
  it.each(cases)('%s', (name, options, result, relation) => {
    const p = plan(name, options);
    expect([p.result, `${p.read.table.schema}.${p.read.table.name}`, p.read.alias]).toEqual([result, relation, relation.split('.')[1]]);
  });
});

describe('planCall: arguments', () => {
  it('GET parameters are direct values; none given is a call without arguments', () => {
    expect(plan('add_them', { args: [['a', '1'], ['b', '2']] }).args).toEqual({
      kind: 'direct',
      values: [
        [{ name: 'a', type: 'integer', variadic: false }, '1'],
        [{ name: 'b', type: 'integer', variadic: false }, '2'],
      ],
    });
    expect(plan('three_defaults').args).toEqual({ kind: 'none' });
  });

  it('a JSON body names its keys in parameter order, widened types', () => {
    expect(plan('char_echo', { body: '{"flags":"{1}","c":"abc"}' }).args).toEqual({
      kind: 'json',
      payload: '{"flags":"{1}","c":"abc"}',
      isArray: false,
      params: [
        { name: 'c', type: 'character varying', variadic: false },
        { name: 'flags', type: 'bit varying[]', variadic: false },
      ],
    });
  });

  it('an empty JSON body for a whole-body json parameter is an empty object', () => {
    expect(plan('unnamed_json', { body: '' }).args).toEqual({ kind: 'body', type: 'json', value: '{}' });
  });

  it('a text body goes whole to an unnamed text parameter', () => {
    expect(plan('unnamed_text', { body: 'hello', contentType: 'text/plain' }).args).toEqual({ kind: 'body', type: 'text', value: 'hello' });
  });
});

describe('planCall: the transaction', () => {
  const cases: readonly (readonly [string, string, CallOptions, Partial<DataApiSettings>, boolean, 'commit' | 'rollback'])[] = [
    ['GET is read-only, even for a volatile function', 'insert_project', { args: [['id', '1']] }, {}, true, 'commit'],
    ['POST of a volatile function writes', 'insert_project', { body: '{"id":1}' }, {}, false, 'commit'],
    ['POST of a stable function is read-only', 'getproject', { body: '{"id":1}' }, {}, true, 'commit'],
    ['tx=rollback where db-tx-end allows it', 'insert_project', { body: '{"id":1}', prefs: { tx: 'rollback' } }, { dbTxEnd: 'commit-allow-override' }, false, 'rollback'],
    ['tx=rollback ignored where it does not', 'insert_project', { body: '{"id":1}', prefs: { tx: 'rollback' } }, {}, false, 'commit'],
    ['db-tx-end=rollback', 'insert_project', { body: '{"id":1}' }, { dbTxEnd: 'rollback' }, false, 'rollback'],
  ];
  it.each(cases)('%s', (_name, fn, options, settings, readOnly, txEnd) => {
    const p = plan(fn, options, settings);
    expect([p.readOnly, p.txEnd]).toEqual([readOnly, txEnd]);
  });
});

describe('planCall: preferences and media', () => {
  it('max-affected with handling=strict: kept for sets, PGRST128 for single values', () => {
    const strict = { handling: 'strict', maxAffected: 5 } as const;
    expect(plan('getallprojects', { prefs: strict }).maxAffected).toBe(5);
    expect(plan('getallprojects', { prefs: { maxAffected: 5 } }).maxAffected).toBeUndefined();
    expect(codeOf(() => plan('add_them', { args: [['a', '1'], ['b', '2']], prefs: strict }))).toBe('PGRST128');
    expect(codeOf(() => plan('ret_void', { body: '', prefs: strict }))).toBe('PGRST128');
  });

  it('Preference-Applied: count, tx, handling, timezone, max-affected', () => {
    const p = plan(
      'getallprojects',
      { prefs: { count: 'exact', tx: 'commit', handling: 'strict', handlingSent: true, timezone: 'UTC', maxAffected: 9, return: 'minimal' } },
      { dbTxEnd: 'commit-allow-override' },
    );
    expect(p.preferenceApplied).toEqual(['count=exact', 'tx=commit', 'handling=strict', 'timezone=UTC', 'max-affected=9']);
    expect(p.count).toBe(true);
    expect(plan('getallprojects', { prefs: { count: 'planned' } }).count).toBe(false);
  });

  it('PGRST122 for invalid preferences with handling=strict', () => {
    expect(codeOf(() => plan('getallprojects', { prefs: { handling: 'strict', invalid: ['x'] } }))).toBe('PGRST122');
  });

  it('the singular media type checks for one row; unknown media types are PGRST107', () => {
    expect(plan('getallprojects', { accept: ['application/vnd.pgrst.object+json'] }).singular).toBe(true);
    expect(plan('getallprojects').singular).toBe(false);
    expect(codeOf(() => plan('getallprojects', { accept: ['audio/mpeg3'] }))).toBe('PGRST107');
  });

  it('HEAD builds no body', () => {
    expect(plan('getallprojects', { method: 'HEAD' }).headersOnly).toBe(true);
  });
});

describe('planCallInfo: OPTIONS', () => {
  it.each([
    ['getallprojects', ['OPTIONS', 'GET', 'HEAD', 'POST']],
    ['ret_void', ['OPTIONS', 'POST']],
  ])('%s', (name, allowed) => {
    const request = { ...callRequest(name), method: 'OPTIONS', action: { kind: 'info' } as const };
    expect(planCallInfo(request, callCache).allowed).toEqual(allowed);
  });
});
