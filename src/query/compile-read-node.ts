// Compiles a ReadPlan tree into one SELECT yielding the shaped rows: one row per result row,
// its columns the output keys, embeds joined LATERAL and built as jsonb in Postgres (an
// object for to-one, an array for to-many, merged columns for spreads). Reads use it over
// the table; writes over the CTE of changed rows (`return=representation`).
import type { AggregateFunction, Field, JsonStep } from '../api-request/types.ts';
import type { Embed, PlanOrder, PlanSelect, ReadPlan, SpreadColumn } from '../plan/types.ts';
import { andAll, embedExistsSql, findEmbed, fromSql, HAS_ROWS, joinConditions } from './embed-joins.ts';
import { conditionSql, fieldSql } from './operators.ts';
import { ident, join, raw, sql, type Sql } from './sql.ts';

const aggregateSql: Readonly<Record<AggregateFunction, string>> = {
  sum: 'SUM',
  avg: 'AVG',
  min: 'MIN',
  max: 'MAX',
  count: 'COUNT',
};

// Casts are type names checked by the planner (letters, digits, spaces, [] only); quoting
// them would break `int` or `double precision`, which are keywords rather than names.
const castSql = (expr: Sql, cast: string | undefined): Sql =>
  cast === undefined ? expr : sql`CAST(${expr} AS ${raw(cast)})`;

const aggregate = (fn: AggregateFunction | undefined, expr: Sql, cast: string | undefined): Sql =>
  fn === undefined ? expr : castSql(sql`${raw(aggregateSql[fn])}(${expr})`, cast);

interface SelectColumn {
  readonly sql: Sql;
  readonly aggregated: boolean;
}

const selectColumn = (read: ReadPlan, item: PlanSelect): SelectColumn => {
  switch (item.kind) {
    case 'star':
      return { sql: sql`${ident(read.alias)}.*`, aggregated: false };
    case 'count':
      return { sql: sql`${castSql(raw('COUNT(*)'), item.aggregateCast)} AS ${ident(item.outputName)}`, aggregated: true };
    case 'row':
      return { sql: sql`${ident(read.alias)} AS ${ident(item.outputName)}`, aggregated: false };
    case 'field': {
      const expr = aggregate(
        item.aggregate,
        castSql(fieldSql(read.alias, item.field, item.columnType), item.cast),
        item.aggregateCast,
      );
      // A computed field is a call: it is named by its output key like any expression.
      const plain =
        item.field.computed === undefined &&
        item.field.jsonPath.length === 0 &&
        item.cast === undefined &&
        item.aggregate === undefined &&
        item.outputName === item.field.name;
      return { sql: plain ? expr : sql`${expr} AS ${ident(item.outputName)}`, aggregated: item.aggregate !== undefined };
    }
  }
};

const spreadColumn = (embed: Embed, col: SpreadColumn): SelectColumn => {
  const expr = aggregate(col.aggregate, ident(embed.alias, col.name), col.aggregateCast);
  return { sql: sql`${expr} AS ${ident(col.outputName)}`, aggregated: col.aggregate !== undefined };
};

const embedColumns = (embed: Embed): readonly SelectColumn[] => {
  if (embed.hidden) return [];
  if (embed.spread) return embed.spreadColumns.map((c) => spreadColumn(embed, c));
  const alias = ident(embed.alias);
  const value = embed.toOne
    ? sql`to_jsonb(${alias}.*)`
    : sql`COALESCE(${ident(embed.alias, embed.alias)}, '[]')`;
  return [{ sql: sql`${value} AS ${ident(embed.name)}`, aggregated: false }];
};

/** Relations some nodes read instead of their table (writes: rows inserted by the statement). */
export type NodeSources = ReadonlyMap<ReadPlan, Sql>;

const NO_SOURCES: NodeSources = new Map();

/**
 * `perRow`: the node runs once per row of a to-many ancestor (inside its aggregating lateral).
 * There a to-one child is fenced with OFFSET 0: flattened into the node's join, Postgres may
 * hash the whole related table on every one of those runs (a seq scan per row), where the
 * fenced subquery is one lookup by the related key, always indexed (a primary or unique key,
 * or the unique FK of a one-to-one). At the top, flattening is kept: a hash join runs once.
 */
const embedJoin = (embed: Embed, parentAlias: string, sources: NodeSources, perRow: boolean): Sql => {
  const kind = raw(embed.joinType === 'inner' ? 'INNER' : 'LEFT');
  const fence = perRow && embed.toOne;
  const child = nodeSql(embed.plan, embed, parentAlias, sources.get(embed.plan), sources, perRow || !embed.toOne, fence);
  const alias = ident(embed.alias);
  if (embed.toOne) return sql` ${kind} JOIN LATERAL (${child}) AS ${alias} ON TRUE`;
  const on =
    embed.joinType !== 'inner'
      ? raw('TRUE')
      : embed.childrenAsked
        ? embedExistsSql(embed)
        : sql`${ident(embed.alias, embed.alias)} IS NOT NULL`;
  if (embed.aggregateKeys.length > 0 || embed.childrenAsked || embed.spreadsOneRow) {
    // Selecting only aggregates, the child is one row (no GROUP BY): the array is that row, as
    // jsonb_agg would build it (without the column saying whether it aggregated any row), or
    // for a spread its columns as they are; the keys the parent filters or orders by are its
    // columns, each aggregate computed once.
    const spread = embed.spreadsOneRow ? embed.spreadColumns.map((c) => c.name) : [];
    const keys = [...(embed.childrenAsked ? [HAS_ROWS] : []), ...spread, ...embed.aggregateKeys.filter((k) => !spread.includes(k))];
    const columns = join(
      keys.map((k) => sql`, ${ident(embed.alias, k)}`),
      '',
    );
    const row = embed.childrenAsked ? sql`to_jsonb(${alias}) - ${raw(`'${HAS_ROWS}'`)}` : sql`to_jsonb(${alias})`;
    const value = embed.spreadsOneRow ? raw('TRUE') : sql`jsonb_build_array(${row})`;
    return sql` ${kind} JOIN LATERAL (SELECT ${value} AS ${alias}${columns} FROM (${child}) AS ${alias}) AS ${alias} ON ${on}`;
  }
  // Spread columns become one array each; bool_or(true) is NULL over no rows, like jsonb_agg.
  const aggregates = embed.spread
    ? join(
        [
          sql`bool_or(true) AS ${alias}`,
          ...embed.spreadColumns.map(
            (c) => sql`COALESCE(jsonb_agg(${ident(embed.alias, c.name)}), '[]') AS ${ident(c.outputName)}`,
          ),
        ],
        ', ',
      )
    : sql`jsonb_agg(${alias}) AS ${alias}`;
  return sql` ${kind} JOIN LATERAL (SELECT ${aggregates} FROM (${child}) AS ${alias}) AS ${alias} ON ${on}`;
};

const stepText = (s: JsonStep): string => (s.key.kind === 'key' ? `${s.arrow}k${s.key.name}` : `${s.arrow}i${s.key.index}`);

const sameField = (a: Field, b: Field): boolean =>
  a.name === b.name && a.jsonPath.length === b.jsonPath.length && a.jsonPath.every((s, i) => stepText(s) === stepText(b.jsonPath[i]!));

/**
 * In a grouped node an order on a selected JSON path must name the select item by position:
 * its keys are parameters, so a second copy of the expression would not match GROUP BY.
 */
const orderPosition = (read: ReadPlan, term: PlanOrder): number | undefined => {
  if (term.embed !== undefined || term.field.jsonPath.length === 0) return undefined;
  const i = read.select.findIndex(
    (s) => s.kind === 'field' && s.aggregate === undefined && s.cast === undefined && sameField(s.field, term.field),
  );
  return i === -1 ? undefined : i + 1;
};

const directionSql = (term: PlanOrder): Sql => {
  const direction = term.direction === undefined ? '' : term.direction === 'asc' ? ' ASC' : ' DESC';
  const nulls = term.nulls === undefined ? '' : term.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
  return raw(direction + nulls);
};

/** An order term on a column of the relation aliased `alias` (no embeds). */
export const columnOrderSql = (alias: string, term: PlanOrder): Sql =>
  sql`${fieldSql(alias, term.field, term.columnType)}${directionSql(term)}`;

export const orderTermSql = (read: ReadPlan, term: PlanOrder, grouped = false): Sql => {
  const position = grouped ? orderPosition(read, term) : undefined;
  if (position === undefined && term.embed === undefined) return columnOrderSql(read.alias, term);
  const expr =
    position !== undefined ? raw(String(position)) : fieldSql(findEmbed(read, term.embed!).alias, term.field, term.columnType);
  return sql`${expr}${directionSql(term)}`;
};

const limitSql = (read: ReadPlan, fence: boolean): Sql => {
  const { offset, limit } = read.range;
  if (limit === undefined && offset === 0) return raw(fence ? ' OFFSET 0' : '');
  return limit === undefined ? sql` LIMIT ALL OFFSET ${offset}` : sql` LIMIT ${limit} OFFSET ${offset}`;
};

/** The embed's existence test, for `embed-exists` conditions of `read`. */
const existsIn = (read: ReadPlan) => (name: string) => embedExistsSql(findEmbed(read, name));

/** The alias of the embed's lateral row, for `related-filter` conditions of `read`. */
export const embedAliasIn = (read: ReadPlan) => (name: string) => findEmbed(read, name).alias;

const nodeSql = (
  read: ReadPlan,
  embed: Embed | undefined,
  parentAlias: string | undefined,
  source: Sql | undefined,
  sources: NodeSources,
  perRow: boolean,
  fence: boolean,
): Sql => {
  const own =
    read.select.length === 0 && read.embeds.length === 0
      ? [selectColumn(read, { kind: 'star' })]
      : read.select.map((s) => selectColumn(read, s));
  const columns = [
    ...own,
    ...read.embeds.flatMap(embedColumns),
    // bool_or(true) is NULL over no rows: the parent asks it whether there were children.
    ...(embed?.childrenAsked === true ? [{ sql: sql`bool_or(true) AS ${ident(HAS_ROWS)}`, aggregated: true }] : []),
  ];
  const where = andAll([
    ...(embed !== undefined && parentAlias !== undefined ? joinConditions(embed, parentAlias) : []),
    ...read.where.map((c) => conditionSql(read.alias, c, existsIn(read), embedAliasIn(read))),
  ]);
  // Grouping by position keeps GROUP BY equal to the select list even where it has parameters.
  const grouped = columns.some((c) => c.aggregated)
    ? columns.flatMap((c, i) => (c.aggregated ? [] : [raw(String(i + 1))]))
    : [];
  const joins = join(
    read.embeds.map((e) => embedJoin(e, read.alias, sources, perRow)),
    '',
  );
  const whereClause = where === undefined ? raw('') : sql` WHERE ${where}`;
  const groupClause = grouped.length === 0 ? raw('') : sql` GROUP BY ${join(grouped, ', ')}`;
  const orderClause =
    read.order.length === 0
      ? raw('')
      : sql` ORDER BY ${join(
          read.order.map((o) => orderTermSql(read, o, grouped.length > 0)),
          ', ',
        )}`;
  const list = join(
    columns.map((c) => c.sql),
    ', ',
  );
  return sql`SELECT ${list} ${fromSql(read, embed, parentAlias, source)}${joins}${whereClause}${groupClause}${orderClause}${limitSql(read, fence)}`;
};

/** The lateral join of one embed of a node aliased `parentAlias`, as the read joins it (for the count's related filters). */
export const embedJoinSql = (embed: Embed, parentAlias: string, perRow: boolean): Sql =>
  embedJoin(embed, parentAlias, NO_SOURCES, perRow);

/**
 * The SELECT of the shaped rows of `read`. With `source` (e.g. the `pgrst_source` CTE of a
 * write), the root reads `FROM source AS "<read.alias>"` instead of the table, so embeds
 * still correlate by the alias; `sources` does the same for embedded nodes (by identity).
 */
export const compileReadNode = (read: ReadPlan, source?: Sql, sources: NodeSources = NO_SOURCES): Sql =>
  nodeSql(read, undefined, undefined, source ?? sources.get(read), sources, false, false);
