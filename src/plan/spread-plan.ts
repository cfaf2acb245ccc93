// Finalizes the draft read tree into the readonly ReadPlan: decides what each spread embed
// hands its parent, and hoists the aggregates of to-one spreads up to the nearest node that
// is not one (PostgREST's hoisting: `?select=client_id,...invoices(total.sum())` sums per
// client_id in the parent, not per invoice row). To-many spreads may not aggregate (PGRST127).
import { notImplemented } from '../errors/request-errors.ts';
import type { EmbedDraft, NodeDraft } from './read-tree.ts';
import { checkSelectWidth, expandStar, isAggregated } from './select-plan.ts';
import type { Condition, Embed, PlanSelect, ReadPlan, SpreadColumn } from './types.ts';

type Role = 'plain' | 'one-spread' | 'many-spread';

interface Finalized {
  readonly plan: ReadPlan;
  /** What a spread node's parent reads from its lateral row. */
  readonly exposed: readonly SpreadColumn[];
  readonly hidden: boolean;
}

/** Names hoisted columns uniquely within the statement, so two `x.sum()` never collide. */
interface Counter {
  next: number;
}

const roleOf = (e: EmbedDraft): Role => (!e.spread ? 'plain' : e.toOne ? 'one-spread' : 'many-spread');

const plainColumn = (name: string): SpreadColumn => ({ name, outputName: name });

const outputColumns = (select: readonly PlanSelect[], embeds: readonly Embed[]): SpreadColumn[] => [
  ...select.flatMap((s) => (s.kind === 'field' || s.kind === 'count' ? [plainColumn(s.outputName)] : [])),
  ...embeds.flatMap((e) =>
    e.hidden ? [] : e.spread ? e.spreadColumns.map((c) => plainColumn(c.outputName)) : [plainColumn(e.name)],
  ),
];

/** A select of aggregates only, with no shown embed: one row, whatever the children. */
const aggregatesOnly = (select: readonly PlanSelect[], embeds: readonly Embed[]): boolean =>
  select.length > 0 && select.every(isAggregated) && embeds.every((e) => e.hidden);

/** Whether a condition tests if the embed `name` matched (`name=is.null`, `name=not.is.null`). */
const asksExistence = (c: Condition, name: string): boolean =>
  c.kind === 'embed-exists' ? c.embed === name : c.kind === 'logic' && c.children.some((child) => asksExistence(child, name));

const finalizeEmbed = (
  draft: EmbedDraft,
  parentRole: Role,
  parentWhere: readonly Condition[],
  counter: Counter,
): { embed: Embed; passed: SpreadColumn[] } => {
  const child = finalizeNode(draft.node, roleOf(draft), counter);
  // A to-one spread inside another passes hoisted aggregates on under their hoisted names.
  const passing = draft.spread && draft.toOne && parentRole === 'one-spread';
  const spreadColumns = !draft.spread
    ? []
    : passing
      ? child.exposed.map((c) => plainColumn(c.aggregate === undefined ? c.outputName : c.name))
      : child.exposed;
  const passed = passing ? child.exposed.map((c) => (c.aggregate === undefined ? plainColumn(c.outputName) : c)) : [];
  // Spelled out: an object rest of the draft makes V8 build a slow dictionary-mode object.
  const embed: Embed = {
    name: draft.name,
    relationName: draft.relationName,
    alias: draft.alias,
    ...(draft.junctionAlias === undefined ? {} : { junctionAlias: draft.junctionAlias }),
    relationship: draft.relationship,
    toOne: draft.toOne,
    joinType: draft.joinType,
    spread: draft.spread,
    aggregateKeys: draft.aggregateKeys,
    spreadColumns,
    hidden: child.hidden,
    spreadsOneRow: draft.spread && !draft.toOne && aggregatesOnly(child.plan.select, child.plan.embeds),
    childrenAsked:
      !draft.toOne &&
      aggregatesOnly(child.plan.select, child.plan.embeds) &&
      (draft.joinType === 'inner' || parentWhere.some((c) => asksExistence(c, draft.name))),
    plan: child.plan,
  };
  return { embed, passed };
};

const hoist = (s: PlanSelect, counter: Counter): { select: PlanSelect; exposed: SpreadColumn } => {
  if (s.kind === 'count') {
    const name = `pgrst_agg_${counter.next++}`;
    const exposed: SpreadColumn = { name, outputName: s.outputName, aggregate: 'count' };
    // COUNT of the whole row counts the rows where the spread matched.
    return {
      select: { kind: 'row', outputName: name },
      exposed: s.aggregateCast === undefined ? exposed : { ...exposed, aggregateCast: s.aggregateCast },
    };
  }
  if (s.kind !== 'field' || s.aggregate === undefined) throw new Error('only aggregates are hoisted');
  const name = `pgrst_agg_${counter.next++}`;
  const { aggregate, aggregateCast, ...plain } = s;
  return {
    select: { ...plain, outputName: name },
    exposed: { name, outputName: s.outputName, aggregate, ...(aggregateCast === undefined ? {} : { aggregateCast }) },
  };
};

const finalizeNode = (draft: NodeDraft, role: Role, counter: Counter): Finalized => {
  const results = draft.embeds.map((e) => finalizeEmbed(e, role, draft.where, counter));
  const embeds = results.map((r) => r.embed);
  const aggregated =
    draft.select.some(isAggregated) || embeds.some((e) => e.spreadColumns.some((c) => c.aggregate !== undefined));
  // Beyond PostgREST, a to-many spread of aggregates only is one row per parent, so its values
  // lift into the parent as they are (`...projects(count())` gives `"count": 2`). With grouping
  // columns it would be arrays of groups, which PostgREST has not defined either.
  if (role === 'many-spread' && aggregated && !aggregatesOnly(draft.select, embeds))
    throw notImplemented('Aggregates are not implemented for one-to-many or many-to-many spreads.');
  // Spreads hand over columns one by one and aggregates group by them: both need `*` spelled out.
  let select = role !== 'plain' || aggregated ? expandStar(draft.select, draft.table) : draft.select;
  let exposed: SpreadColumn[] = [];
  if (role === 'one-spread') {
    const own = select.map((s) => (isAggregated(s) ? hoist(s, counter) : undefined));
    exposed = [
      ...select.flatMap((s, i) => {
        const h = own[i];
        if (h !== undefined) return [h.exposed];
        return s.kind === 'field' ? [plainColumn(s.outputName)] : [];
      }),
      ...results.flatMap((r, i) => {
        const e = embeds[i]!;
        if (e.hidden) return [];
        if (!e.spread) return [plainColumn(e.name)];
        return e.toOne ? r.passed : e.spreadColumns.map((c) => plainColumn(c.outputName));
      }),
    ];
    select = select.map((s, i) => own[i]?.select ?? s);
  } else if (role === 'many-spread') exposed = outputColumns(select, embeds);
  const hidden = draft.select.length === 0 && embeds.every((e) => e.hidden);
  checkSelectWidth(select, draft.table, embeds.reduce((n, e) => n + (e.hidden ? 0 : e.spread ? e.spreadColumns.length : 1), 0));
  const plan: ReadPlan = {
    kind: 'read',
    table: draft.table,
    from: { schema: draft.table.schema, name: draft.table.name },
    alias: draft.alias,
    select,
    where: draft.where,
    order: draft.order,
    range: draft.range,
    embeds,
  };
  return { plan, exposed, hidden };
};

export const finalizeTree = (root: NodeDraft): ReadPlan => finalizeNode(root, 'plain', { next: 1 }).plan;
