import { describe, expect, it } from 'vitest';
import type { JsonStep, Operation } from '../api-request/types.ts';
import type { Condition } from '../plan/types.ts';
import { arrayLiteral, conditionSql } from './operators.ts';
import { raw, toSqlQuery } from './sql.ts';

const filter = (
  operation: Operation,
  options: { negated?: boolean; type?: string; path?: readonly JsonStep[]; name?: string } = {},
): Condition => ({
  kind: 'filter',
  field: { name: options.name ?? 'c', jsonPath: options.path ?? [] },
  negated: options.negated ?? false,
  operation,
  columnType: options.type ?? 'integer',
});

const compile = (c: Condition) => toSqlQuery(conditionSql('t', c, (e) => raw(`exists_${e}`)));

const key = (name: string, arrow: '->' | '->>' = '->'): JsonStep => ({ arrow, key: { kind: 'key', name } });

describe('conditionSql', () => {
  const cases: readonly (readonly [string, Condition, string, readonly unknown[]])[] = [
    ['eq', filter({ kind: 'quant', op: 'eq', value: '1' }), '"t"."c" = $1', ['1']],
    ['gt', filter({ kind: 'quant', op: 'gt', value: '1' }), '"t"."c" > $1', ['1']],
    ['gte', filter({ kind: 'quant', op: 'gte', value: '1' }), '"t"."c" >= $1', ['1']],
    ['lt', filter({ kind: 'quant', op: 'lt', value: '1' }), '"t"."c" < $1', ['1']],
    ['lte', filter({ kind: 'quant', op: 'lte', value: '1' }), '"t"."c" <= $1', ['1']],
    ['like maps * to %', filter({ kind: 'quant', op: 'like', value: '*a_b*' }), '"t"."c" like $1', ['%a_b%']],
    ['ilike', filter({ kind: 'quant', op: 'ilike', value: 'A*' }), '"t"."c" ilike $1', ['A%']],
    ['match keeps *', filter({ kind: 'quant', op: 'match', value: '^a.*' }), '"t"."c" ~ $1', ['^a.*']],
    ['imatch', filter({ kind: 'quant', op: 'imatch', value: 'a' }), '"t"."c" ~* $1', ['a']],
    ['eq(any)', filter({ kind: 'quant', op: 'eq', quantifier: 'any', value: '{1,2}' }), '"t"."c" = ANY($1)', ['{1,2}']],
    ['like(all)', filter({ kind: 'quant', op: 'like', quantifier: 'all', value: '{a*,*b}' }), '"t"."c" like ALL($1)', ['{a%,%b}']],
    ['neq', filter({ kind: 'simple', op: 'neq', value: '1' }), '"t"."c" <> $1', ['1']],
    ['cs', filter({ kind: 'simple', op: 'cs', value: '{a}' }), '"t"."c" @> $1', ['{a}']],
    ['cd', filter({ kind: 'simple', op: 'cd', value: '{a}' }), '"t"."c" <@ $1', ['{a}']],
    ['ov', filter({ kind: 'simple', op: 'ov', value: '[1,2)' }), '"t"."c" && $1', ['[1,2)']],
    ['sl', filter({ kind: 'simple', op: 'sl', value: '[1,2)' }), '"t"."c" << $1', ['[1,2)']],
    ['sr', filter({ kind: 'simple', op: 'sr', value: '[1,2)' }), '"t"."c" >> $1', ['[1,2)']],
    ['nxr', filter({ kind: 'simple', op: 'nxr', value: '[1,2)' }), '"t"."c" &< $1', ['[1,2)']],
    ['nxl', filter({ kind: 'simple', op: 'nxl', value: '[1,2)' }), '"t"."c" &> $1', ['[1,2)']],
    ['adj', filter({ kind: 'simple', op: 'adj', value: '[1,2)' }), '"t"."c" -|- $1', ['[1,2)']],
    ['in is one array parameter', filter({ kind: 'in', values: ['1', 'a,"b"'] }), '"t"."c" = ANY($1)', ['{"1","a,\\"b\\""}']],
    ['empty in', filter({ kind: 'in', values: [] }), '"t"."c" = ANY($1)', ['{}']],
    ['is null', filter({ kind: 'is', value: 'null' }), '"t"."c" IS NULL', []],
    ['is not_null', filter({ kind: 'is', value: 'not_null' }), '"t"."c" IS NOT NULL', []],
    ['is true', filter({ kind: 'is', value: 'true' }), '"t"."c" IS TRUE', []],
    ['is false', filter({ kind: 'is', value: 'false' }), '"t"."c" IS FALSE', []],
    ['is unknown', filter({ kind: 'is', value: 'unknown' }), '"t"."c" IS UNKNOWN', []],
    ['isdistinct', filter({ kind: 'isdistinct', value: '1' }), '"t"."c" IS DISTINCT FROM $1', ['1']],
    ['not', filter({ kind: 'quant', op: 'eq', value: '1' }, { negated: true }), 'NOT "t"."c" = $1', ['1']],
    [
      'fts on text wraps to_tsvector',
      filter({ kind: 'fts', op: 'fts', value: 'a&b' }, { type: 'text' }),
      'to_tsvector("t"."c") @@ to_tsquery($1)',
      ['a&b'],
    ],
    [
      'plfts with language',
      filter({ kind: 'fts', op: 'plfts', language: 'english', value: 'a b' }, { type: 'text' }),
      'to_tsvector($1, "t"."c") @@ plainto_tsquery($2, $3)',
      ['english', 'english', 'a b'],
    ],
    [
      'phfts on tsvector',
      filter({ kind: 'fts', op: 'phfts', value: 'a b' }, { type: 'tsvector' }),
      '"t"."c" @@ phraseto_tsquery($1)',
      ['a b'],
    ],
    [
      'wfts',
      filter({ kind: 'fts', op: 'wfts', language: 'simple', value: '"a b"' }, { type: 'tsvector' }),
      '"t"."c" @@ websearch_to_tsquery($1, $2)',
      ['simple', '"a b"'],
    ],
    [
      'jsonb path, text result',
      filter({ kind: 'quant', op: 'eq', value: 'x' }, { type: 'jsonb', path: [key('a'), key('b', '->>')] }),
      '"t"."c"->$1->>$2 = $3',
      ['a', 'b', 'x'],
    ],
    [
      'array index on a non-json column goes through to_jsonb',
      filter(
        { kind: 'quant', op: 'eq', value: '1' },
        { type: 'integer[]', path: [{ arrow: '->', key: { kind: 'index', index: -1 } }] },
      ),
      'to_jsonb("t"."c")->$1::int = $2',
      ['-1', '1'],
    ],
    ['embed exists', { kind: 'embed-exists', embed: 'e', negated: false }, 'exists_e', []],
    ['embed missing', { kind: 'embed-exists', embed: 'e', negated: true }, 'NOT exists_e', []],
    [
      'logic tree, nested and negated',
      {
        kind: 'logic',
        op: 'or',
        negated: true,
        children: [
          filter({ kind: 'quant', op: 'eq', value: '1' }),
          {
            kind: 'logic',
            op: 'and',
            negated: false,
            children: [filter({ kind: 'is', value: 'null' }, { name: 'd' }), filter({ kind: 'quant', op: 'lt', value: '3' })],
          },
        ],
      },
      'NOT ("t"."c" = $1 OR ("t"."d" IS NULL AND "t"."c" < $2))',
      ['1', '3'],
    ],
  ];
  it.each(cases)('%s', (_name, condition, text, params) => {
    expect(compile(condition)).toEqual({ text, params });
  });

  it('never puts a value into the SQL text', () => {
    const hostile = "1'); drop table t; --";
    const q = compile(filter({ kind: 'quant', op: 'eq', value: hostile }));
    expect(q.text).not.toContain('drop');
    expect(q.params).toEqual([hostile]);
  });

  it('builds array literals Postgres parses back', () => {
    expect(arrayLiteral(['a', 'b c', 'q"uote', 'back\\slash', 'nul\u0000'])).toBe('{"a","b c","q\\"uote","back\\\\slash","nul"}');
  });
});
