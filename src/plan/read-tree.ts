// Builds the read tree of a request: one draft node per table in `select` (embeds resolved
// to relationships), then the filters, logic trees, orders and ranges of each embed path
// placed on their node (PGRST108 for paths not embedded; related orders and filters,
// `rel(key)`, resolved by related-keys.ts). finalizeTree (spread-plan.ts) turns the drafts
// into the readonly plan.
import type { ApiRequest, EmbedPath, OrderTerm, RowRange, SelectItem } from '../api-request/types.ts';
import type { SchemaCache, Table } from '../schema-cache/types.ts';
import { aggregatesNotAllowed, embeddedTwice, notEmbedded, queryParamError } from '../errors/request-errors.ts';
import { planFilter, planLogicTree } from './conditions.ts';
import { nodeAlias, resolveEmbed } from './embed-plan.ts';
import { planRelatedFilter, relatedKey } from './related-keys.ts';
import { columnTypeOf, planField, planFieldItem } from './select-plan.ts';
import type { Condition, Embed, PlanOrder, PlanSelect } from './types.ts';

export interface NodeDraft {
  readonly table: Table;
  readonly alias: string;
  readonly select: PlanSelect[];
  readonly where: Condition[];
  order: PlanOrder[];
  range: RowRange;
  readonly embeds: EmbedDraft[];
}

export type EmbedDraft = Omit<Embed, 'plan' | 'spreadColumns' | 'hidden' | 'aggregateKeys' | 'childrenAsked' | 'spreadsOneRow'> & {
  readonly node: NodeDraft;
  /** Filled as related orders and filters name the embed's aggregates. */
  readonly aggregateKeys: string[];
};

export interface TreeOptions {
  readonly aggregatesEnabled: boolean;
}

// Each level is a LATERAL subquery Postgres must plan: a select nested hundreds of levels
// deep (a self-embed repeated) costs seconds of planning for any anonymous caller.
export const MAX_EMBED_DEPTH = 32;

const buildNode = (
  cache: SchemaCache,
  table: Table,
  alias: string,
  items: readonly SelectItem[],
  depth: number,
  options: TreeOptions,
): NodeDraft => {
  const node: NodeDraft = { table, alias, select: [], where: [], order: [], range: { offset: 0 }, embeds: [] };
  for (const item of items) {
    if (item.kind === 'star') node.select.push({ kind: 'star' });
    else if (item.kind === 'field') node.select.push(planFieldItem(item, table, options.aggregatesEnabled));
    else {
      if (depth + 1 > MAX_EMBED_DEPTH)
        throw queryParamError(
          'Embedded resources are nested too deeply',
          `Embeds may nest up to ${MAX_EMBED_DEPTH} levels; '${item.relation}' is at level ${depth + 1}`,
        );
      const r = resolveEmbed(cache, table, item, depth + 1);
      // Siblings' lateral subqueries are named by their key; two of one name would collide in SQL.
      const twin = node.embeds.find((e) => e.alias === r.alias);
      if (twin !== undefined) throw embeddedTwice(table.name, r.name, twin.spread && item.spread);
      node.embeds.push({
        name: r.name,
        relationName: item.relation,
        alias: r.alias,
        ...(r.junctionAlias === undefined ? {} : { junctionAlias: r.junctionAlias }),
        relationship: r.relationship,
        toOne: r.toOne,
        joinType: item.joinType ?? 'left',
        spread: item.spread,
        aggregateKeys: [],
        node: buildNode(cache, r.child, r.childAlias, item.children, depth + 1, options),
      });
    }
  }
  // A bare `count` beside anything else groups by it, which is what the setting is for.
  if (!options.aggregatesEnabled && node.select.some((s) => s.kind === 'count') && node.select.length + node.embeds.length > 1)
    throw aggregatesNotAllowed();
  return node;
};

/** The node an embed path names, else PGRST108 (with the alias hint when the relation is aliased). */
const nodeAt = (root: NodeDraft, path: EmbedPath): NodeDraft => {
  let node = root;
  for (const step of path) {
    const embed = node.embeds.find((e) => e.name === step);
    if (embed === undefined) {
      const aliased = node.embeds.find((e) => e.relationName === step && e.name !== step);
      throw aliased ? notEmbedded(step, { name: step, alias: aliased.name }) : notEmbedded(step);
    }
    node = embed.node;
  }
  return node;
};

const embedNames = (node: NodeDraft): ReadonlySet<string> => new Set(node.embeds.map((e) => e.name));

const planOrderTerm = (node: NodeDraft, term: OrderTerm, aggregatesEnabled: boolean): PlanOrder => {
  const common = {
    field: term.field,
    ...(term.direction === undefined ? {} : { direction: term.direction }),
    ...(term.nulls === undefined ? {} : { nulls: term.nulls }),
  };
  if (term.relation === undefined)
    return { ...common, field: planField(node.table, term.field), columnType: columnTypeOf(node.table, term.field.name) };
  return { ...common, ...relatedKey(node, term.relation, term.field, 'order', aggregatesEnabled) };
};

const capRange = (range: RowRange, maxRows: number | undefined): RowRange =>
  maxRows === undefined ? range : { offset: range.offset, limit: Math.min(range.limit ?? maxRows, maxRows) };

const capAll = (node: NodeDraft, maxRows: number | undefined): void => {
  node.range = capRange(node.range, maxRows);
  for (const e of node.embeds) capAll(e.node, maxRows);
};

export interface RequestParts {
  /** Root filters and logic trees apply (reads); writes keep them for their WHERE. */
  readonly rootConditions: boolean;
  /** Pages apply, the top-level one given here (reads); writes return every changed row. */
  readonly ranges: boolean;
  readonly rootRange?: RowRange;
  readonly maxRows?: number;
}

/** The draft tree of `request.query` over `table`, every path parameter on its node. */
export const buildReadTree = (
  request: Pick<ApiRequest, 'query'>,
  table: Table,
  cache: SchemaCache,
  options: TreeOptions,
  parts: RequestParts,
): NodeDraft => {
  const { query } = request;
  const root = buildNode(cache, table, nodeAlias(table, 0), query.select, 0, options);
  for (const { path, filter } of query.filters) {
    if (path.length === 0 && !parts.rootConditions) continue;
    const node = nodeAt(root, path);
    node.where.push(planFilter(filter, node.table, embedNames(node), (f) => planRelatedFilter(node, f, options.aggregatesEnabled)));
  }
  for (const { path, tree } of query.logic) {
    if (path.length === 0 && !parts.rootConditions) continue;
    const node = nodeAt(root, path);
    node.where.push(planLogicTree(tree, node.table, embedNames(node), (f) => planRelatedFilter(node, f, options.aggregatesEnabled)));
  }
  for (const { path, terms } of query.order) {
    const node = nodeAt(root, path);
    node.order = terms.map((t) => planOrderTerm(node, t, options.aggregatesEnabled));
  }
  if (!parts.ranges) return root;
  for (const { path, range } of query.ranges) if (path.length > 0) nodeAt(root, path).range = range;
  if (parts.rootRange !== undefined) root.range = parts.rootRange;
  if (parts.maxRows !== undefined) capAll(root, parts.maxRows);
  return root;
};
