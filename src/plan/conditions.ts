// Plans filters and logic trees into Conditions on one node of the read tree. A filter
// named after an embed of the node (`?clients=not.is.null`) tests whether the embed
// matched; any other operator there is PGRST120 unless the name is also a column. Filters
// on an embed's value (`?clients(name)=eq.x`) are planned by the caller, which knows the embeds.
import type { Filter, LogicTree } from '../api-request/types.ts';
import type { Table } from '../schema-cache/types.ts';
import { notImplemented, unacceptableFilter } from '../errors/request-errors.ts';
import { columnTypeOf, planField } from './select-plan.ts';
import type { Condition } from './types.ts';

/** Plans `rel(key)=op.value` on the node (read-tree.ts for reads). */
export type RelatedFilterPlanner = (filter: Filter & { readonly relation: string }) => Condition;

/** Writes filter their own rows by their own columns: an embed's value is not there to read. */
export const noRelatedFilters: RelatedFilterPlanner = (filter) => {
  throw notImplemented(`A write cannot be filtered by a value of the embedded resource '${filter.relation}'`);
};

/** A filter on a column or computed field of `table` (writes use this for their WHERE too). */
export const planFilterCondition = (filter: Filter, table: Table): Condition => ({
  kind: 'filter',
  field: planField(table, filter.field),
  negated: filter.opExpr.negated,
  operation: filter.opExpr.operation,
  columnType: columnTypeOf(table, filter.field.name),
});

export const planFilter = (
  filter: Filter,
  table: Table,
  embedNames: ReadonlySet<string>,
  related: RelatedFilterPlanner,
): Condition => {
  if (filter.relation !== undefined) return related({ ...filter, relation: filter.relation });
  const { field, opExpr } = filter;
  if (field.jsonPath.length > 0 || !embedNames.has(field.name)) return planFilterCondition(filter, table);
  const op = opExpr.operation;
  if (op.kind === 'is' && (op.value === 'null' || op.value === 'not_null')) {
    // `is.null` holds when the embed is missing; `not.is.null` and `is.not_null` when present.
    const missing = (op.value === 'null') !== opExpr.negated;
    return { kind: 'embed-exists', embed: field.name, negated: missing };
  }
  // A column (or computed field) named like the relation (`status=eq.3` beside `status(*)`) filters it.
  if (table.columns.has(field.name) || table.computedFields.has(field.name)) return planFilterCondition(filter, table);
  throw unacceptableFilter(field.name);
};

export const planLogicTree = (
  tree: LogicTree,
  table: Table,
  embedNames: ReadonlySet<string>,
  related: RelatedFilterPlanner,
): Condition =>
  tree.kind === 'filter'
    ? planFilter(tree.filter, table, embedNames, related)
    : {
        kind: 'logic',
        op: tree.op,
        negated: tree.negated,
        children: tree.children.map((c) => planLogicTree(c, table, embedNames, related)),
      };
