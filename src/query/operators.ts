// Compiles filter conditions and field references (JSON paths, to_jsonb, to_tsvector) into
// SQL. Every value is a parameter sent untyped, so Postgres types it from the column it is
// compared with; operators and IS forms come from closed tables below.
import type { JsonStep, Operation, QuantOperator, SimpleOperator, FtsOperator, IsValue } from '../api-request/types.ts';
import type { Condition, PlanField } from '../plan/types.ts';
import { ident, join, raw, sql, type Sql } from './sql.ts';

const quantSql: Readonly<Record<QuantOperator, string>> = {
  eq: '=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
};

const simpleSql: Readonly<Record<SimpleOperator, string>> = {
  neq: '<>',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
};

const ftsSql: Readonly<Record<FtsOperator, string>> = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
};

// IS cannot take a parameter (`x IS $1` is a syntax error), hence the closed set.
const isSql: Readonly<Record<IsValue, string>> = {
  null: 'NULL',
  not_null: 'NOT NULL',
  true: 'TRUE',
  false: 'FALSE',
  unknown: 'UNKNOWN',
};

const isJsonType = (type: string | undefined): boolean => type === 'json' || type === 'jsonb';

// Keys and indexes are parameters so the statement text is the same for any key;
// the index cast picks `-> int` over `-> text`.
const stepSql = (step: JsonStep): Sql => {
  const arrow = raw(step.arrow);
  return step.key.kind === 'key' ? sql`${arrow}${step.key.name}` : sql`${arrow}${String(step.key.index)}::int`;
};

export const jsonPathSql = (steps: readonly JsonStep[]): Sql => join(steps.map(stepSql), '');

/**
 * A column of `qualifier` with its JSON path. Columns that are not json/jsonb go through
 * to_jsonb() first; json/jsonb columns are used as they are so their indexes still apply.
 * A computed field is its function called on the row, `"schema"."fn"("alias"::"schema"."table")`
 * (the cast makes the record of a write's or a call's rows the table's type).
 */
export const fieldSql = (qualifier: string, field: PlanField, columnType: string | undefined): Sql => {
  const { computed } = field;
  const column =
    computed === undefined
      ? ident(qualifier, field.name)
      : sql`${ident(computed.function.schema, computed.function.name)}(${ident(qualifier)}::${ident(computed.rowType.schema, computed.rowType.name)})`;
  if (field.jsonPath.length === 0) return column;
  const base = isJsonType(columnType) ? column : sql`to_jsonb(${column})`;
  return sql`${base}${jsonPathSql(field.jsonPath)}`;
};

/** `{"a","b\"c"}`: a text array literal Postgres parses into the column's array type. */
export const arrayLiteral = (values: readonly string[]): string =>
  `{${values
    .map((v) => `"${v.replaceAll('\u0000', '').replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)
    .join(',')}}`;

const stripNul = (v: string): string => v.replaceAll('\u0000', '');

const likePattern = (v: string): string => stripNul(v).replaceAll('*', '%');

const operationSql = (target: Sql, operation: Operation, columnType: string): Sql => {
  switch (operation.kind) {
    case 'quant': {
      const op = raw(quantSql[operation.op]);
      const value =
        operation.op === 'like' || operation.op === 'ilike' ? likePattern(operation.value) : stripNul(operation.value);
      if (operation.quantifier === undefined) return sql`${target} ${op} ${value}`;
      return sql`${target} ${op} ${raw(operation.quantifier === 'any' ? 'ANY' : 'ALL')}(${value})`;
    }
    case 'simple':
      return sql`${target} ${raw(simpleSql[operation.op])} ${stripNul(operation.value)}`;
    case 'in':
      // One array parameter: the same text for any number of values, and `in.()` works.
      return sql`${target} = ANY(${arrayLiteral(operation.values)})`;
    case 'is':
      return sql`${target} IS ${raw(isSql[operation.value])}`;
    case 'isdistinct':
      return sql`${target} IS DISTINCT FROM ${stripNul(operation.value)}`;
    case 'fts': {
      const lang = operation.language === undefined ? undefined : stripNul(operation.language);
      const vector =
        columnType === 'tsvector'
          ? target
          : lang === undefined
            ? sql`to_tsvector(${target})`
            : sql`to_tsvector(${lang}, ${target})`;
      const fn = raw(ftsSql[operation.op]);
      const value = stripNul(operation.value);
      return lang === undefined ? sql`${vector} @@ ${fn}(${value})` : sql`${vector} @@ ${fn}(${lang}, ${value})`;
    }
  }
};

/** How an `embed-exists` condition is written, given the embed's name (supplied by the node compiler). */
export type EmbedExists = (embed: string) => Sql;

/** The SQL alias of an embed's lateral row, for `related-filter` conditions (supplied by the node compiler). */
export type EmbedAlias = (embed: string) => string;

const noEmbedAlias: EmbedAlias = (embed) => {
  throw new Error(`no lateral row of '${embed}' here`);
};

export const conditionSql = (
  qualifier: string,
  condition: Condition,
  exists: EmbedExists,
  embedAlias: EmbedAlias = noEmbedAlias,
): Sql => {
  switch (condition.kind) {
    case 'filter':
    case 'related-filter': {
      const alias = condition.kind === 'filter' ? qualifier : embedAlias(condition.embed);
      const target = fieldSql(alias, condition.field, condition.columnType);
      const expr = operationSql(target, condition.operation, condition.columnType);
      return condition.negated ? sql`NOT ${expr}` : expr;
    }
    case 'embed-exists': {
      const expr = exists(condition.embed);
      return condition.negated ? sql`NOT ${expr}` : expr;
    }
    case 'logic': {
      const children = condition.children.map((c) => conditionSql(qualifier, c, exists, embedAlias));
      const body =
        children.length === 0
          ? raw(condition.op === 'and' ? 'TRUE' : 'FALSE')
          : join(children, condition.op === 'and' ? ' AND ' : ' OR ');
      return condition.negated ? sql`NOT (${body})` : sql`(${body})`;
    }
  }
};

/** The conditions of a node ANDed together, or undefined when there are none. */
export const whereSql = (qualifier: string, conditions: readonly Condition[], exists: EmbedExists): Sql | undefined =>
  conditions.length === 0 ? undefined : join(conditions.map((c) => conditionSql(qualifier, c, exists)), ' AND ');
