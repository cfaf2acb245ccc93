// Resolves `rel(key)` in orders and filters to a value of the embed's lateral row: a column of
// a to-one embed (PostgREST's related order), or beyond PostgREST the output key of an
// aggregate of a to-many embed whose select has only aggregates, so it has exactly one row per
// parent (`count()` is 0 over no children, `sum()` NULL). Such keys are registered on the embed,
// whose lateral then carries each as a column computed once.
import type { Field, Filter } from '../api-request/types.ts';
import {
  aggregatesNotAllowed,
  notEmbedded,
  relatedColumnNotSelected,
  relatedKeyAmbiguous,
  relatedKeyNotSelected,
  relatedNotToOne,
  relatedOrderOnGroups,
  type RelatedUse,
} from '../errors/request-errors.ts';
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

/** A to-one spread's aggregates are computed in its parent, so its row does not have them. */
const dropHoisted = (node: NodeDraft, keys: Set<string>): void => {
  for (const s of node.select) if (isAggregated(s) && s.kind !== 'star') keys.delete(s.outputName);
};

/**
 * The keys of a node's row as its lateral subquery gives them: the output keys of its select
 * (`*` is every column, and a node selecting nothing selects `*`), its shown embeds, and what
 * its spreads hand up. Aggregates of a to-one spread are computed in its parent, not here.
 */
const rowKeys = (node: NodeDraft, keys: Set<string> = new Set()): Set<string> => {
  if (node.select.length === 0 && node.embeds.length === 0) {
    for (const name of node.table.columns.keys()) keys.add(name);
    return keys;
  }
  for (const s of node.select) {
    if (s.kind === 'star') for (const name of node.table.columns.keys()) keys.add(name);
    else keys.add(s.outputName);
  }
  for (const e of node.embeds) {
    if (isHidden(e.node)) continue;
    if (!e.spread) keys.add(e.name);
    else {
      const handed = rowKeys(e.node);
      if (e.toOne) dropHoisted(e.node, handed);
      for (const k of handed) keys.add(k);
    }
  }
  return keys;
};

// A to-one key is a key of the embed's row, so a name Postgres would answer with a function of
// the row (`clients(count)` as count(clients)) is refused rather than run. Its type comes from
// the child's select when it is a plain column.
const toOneColumnType = (embed: EmbedDraft, key: string, use: RelatedUse): string => {
  const child = embed.node;
  const keys = rowKeys(child);
  if (embed.spread) dropHoisted(child, keys);
  if (!keys.has(key)) throw relatedColumnNotSelected(use, embed.name, key, [...keys]);
  for (const s of child.select) {
    if (s.kind === 'field' && s.outputName === key && s.aggregate === undefined && s.cast === undefined)
      return s.field.jsonPath.length === 0 ? (s.columnType ?? '') : '';
    if (s.kind === 'star' && child.table.columns.has(key)) return columnTypeOf(child.table, key);
  }
  if (child.select.length === 0 && child.embeds.length === 0) return columnTypeOf(child.table, key);
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

/** Whether the node groups its rows: aggregates of its own, or hoisted from a to-one spread. */
const isGrouped = (node: NodeDraft): boolean =>
  node.select.some(isAggregated) || node.embeds.some((e) => e.spread && e.toOne && isGrouped(e.node));

/** The type of the aggregate `key` of a to-many embed, registered so its lateral exposes it. */
const aggregateKey = (node: NodeDraft, embed: EmbedDraft, key: string, use: RelatedUse, aggregatesEnabled: boolean): string => {
  const child = embed.node;
  if (isHidden(child)) throw relatedKeyNotSelected(use, embed.name, key, []);
  // A grouping column or a shown embed makes one row per group, not one per parent.
  if (child.select.some((s) => !isAggregated(s)) || child.embeds.some((e) => !isHidden(e.node)))
    throw relatedNotToOne(use, node.table.name, embed.name);
  // A bare `count` selects one row per parent without the setting; reading it is aggregating.
  if (!aggregatesEnabled) throw aggregatesNotAllowed();
  const item = child.select.find((s) => outputKey(s) === key);
  if (item === undefined)
    throw relatedKeyNotSelected(use, embed.name, key, child.select.flatMap((s) => outputKey(s) ?? []));
  // The lateral row carries the key beside the embed's JSON, named by the embed's alias.
  if (key === embed.alias || child.select.filter((s) => outputKey(s) === key).length > 1)
    throw relatedKeyAmbiguous(use, embed.name, key);
  if (!embed.aggregateKeys.includes(key)) embed.aggregateKeys.push(key);
  return aggregateType(item);
};

/** The embed a related order or filter reads, and the type of its key. */
export const relatedKey = (
  node: NodeDraft,
  relation: string,
  key: Field,
  use: RelatedUse,
  aggregatesEnabled: boolean,
): { readonly embed: string; readonly columnType: string } => {
  const embed = embedOf(node, relation);
  // ORDER BY runs after grouping: a value of an embed's row is not one per group, unless it is
  // a column a to-one spread hands up, which the node groups by.
  if (use === 'order' && isGrouped(node) && !(embed.spread && embed.toOne))
    throw relatedOrderOnGroups(node.table.name, embed.name);
  const columnType = embed.toOne ? toOneColumnType(embed, key.name, use) : aggregateKey(node, embed, key.name, use, aggregatesEnabled);
  return { embed: embed.name, columnType };
};

/** `rel(key)=op.value` on `node`: a filter on that value of the embed's lateral row. */
export const planRelatedFilter = (
  node: NodeDraft,
  filter: Filter & { readonly relation: string },
  aggregatesEnabled: boolean,
): Condition => {
  const { embed, columnType } = relatedKey(node, filter.relation, filter.field, 'filter', aggregatesEnabled);
  return {
    kind: 'related-filter',
    embed,
    field: filter.field,
    negated: filter.opExpr.negated,
    operation: filter.opExpr.operation,
    columnType,
  };
};
