// Resolves `rel(key)` in orders and filters to a value of the embed's lateral row: a column of
// a to-one embed (PostgREST's related order), or beyond PostgREST the output key of an
// aggregate of a to-many embed whose select has only aggregates, so it has exactly one row per
// parent (`count()` is 0 over no children, `sum()` NULL). Such keys are registered on the embed,
// whose lateral then carries each as a column computed once.
import type { Field, Filter } from '../api-request/types.ts';
import { notEmbedded, relatedKeyNotSelected, relatedNotToOne, type RelatedUse } from '../errors/request-errors.ts';
import type { EmbedDraft, NodeDraft } from './read-tree.ts';
import { columnTypeOf, isAggregated } from './select-plan.ts';
import type { Condition, PlanSelect } from './types.ts';

/** The embed `relation` names among the node's, else PGRST108 (with the alias hint when it is aliased). */
const embedOf = (node: NodeDraft, relation: string): EmbedDraft => {
  const embed = node.embeds.find((e) => e.name === relation);
  if (embed !== undefined) return embed;
  const aliased = node.embeds.find((e) => e.relationName === relation && e.name !== relation);
  throw aliased ? notEmbedded(relation, { name: relation, alias: aliased.name }) : notEmbedded(relation);
};

// A to-one key is the embed's column by its output key, unchecked as PostgREST leaves it (an
// unknown one is Postgres's 42703); its type comes from the child's select when it is a plain column.
const toOneColumnType = (child: NodeDraft, key: string): string => {
  for (const s of child.select) {
    if (s.kind === 'field' && s.outputName === key && s.aggregate === undefined && s.cast === undefined)
      return s.field.jsonPath.length === 0 ? (s.columnType ?? '') : '';
    if (s.kind === 'star' && child.table.columns.has(key)) return columnTypeOf(child.table, key);
  }
  return '';
};

/** As finalizeTree decides it: nothing selected here or below. */
const isHidden = (node: NodeDraft): boolean => node.select.length === 0 && node.embeds.every((e) => isHidden(e.node));

const outputKey = (s: PlanSelect): string | undefined => (s.kind === 'star' ? undefined : s.outputName);

// Only a cast or a count says what an aggregate yields; the type matters for JSON paths and fts only.
const aggregateType = (s: PlanSelect): string => {
  if (s.kind === 'count') return s.aggregateCast ?? 'bigint';
  if (s.kind !== 'field') return '';
  return s.aggregateCast ?? (s.aggregate === 'count' ? 'bigint' : '');
};

/** The type of the aggregate `key` of a to-many embed, registered so its lateral exposes it. */
const aggregateKey = (node: NodeDraft, embed: EmbedDraft, key: string, use: RelatedUse): string => {
  const child = embed.node;
  if (isHidden(child)) throw relatedKeyNotSelected(use, embed.name, key, []);
  // A grouping column or a shown embed makes one row per group, not one per parent.
  if (child.select.some((s) => !isAggregated(s)) || child.embeds.some((e) => !isHidden(e.node)))
    throw relatedNotToOne(use, node.table.name, embed.name);
  const item = child.select.find((s) => outputKey(s) === key);
  if (item === undefined)
    throw relatedKeyNotSelected(use, embed.name, key, child.select.flatMap((s) => outputKey(s) ?? []));
  if (!embed.aggregateKeys.includes(key)) embed.aggregateKeys.push(key);
  return aggregateType(item);
};

/** The embed a related order or filter reads, and the type of its key. */
export const relatedKey = (
  node: NodeDraft,
  relation: string,
  key: Field,
  use: RelatedUse,
): { readonly embed: string; readonly columnType: string } => {
  const embed = embedOf(node, relation);
  const columnType = embed.toOne ? toOneColumnType(embed.node, key.name) : aggregateKey(node, embed, key.name, use);
  return { embed: embed.name, columnType };
};

/** `rel(key)=op.value` on `node`: a filter on that value of the embed's lateral row. */
export const planRelatedFilter = (node: NodeDraft, filter: Filter & { readonly relation: string }): Condition => {
  const { embed, columnType } = relatedKey(node, filter.relation, filter.field, 'filter');
  return {
    kind: 'related-filter',
    embed,
    field: filter.field,
    negated: filter.opExpr.negated,
    operation: filter.opExpr.operation,
    columnType,
  };
};
