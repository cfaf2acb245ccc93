// What a write's RETURNING must hand on (PostgREST: Plan.hs inferColsEmbedNeeds): nothing but
// a count for return=minimal, the key for a Location, and for return=representation the
// columns the select, its embeds' join columns and the orders read, or the whole row.
import type { Table } from '../schema-cache/types.ts';
import type { ReadPlan } from './types.ts';

export type ReturnPreference = 'minimal' | 'headers-only' | 'representation';

const STAR: readonly string[] = ['*'];

/** Column names in first-seen order, or `['*']` when any part needs the whole row. */
const merge = (...lists: readonly (readonly string[])[]): readonly string[] => {
  if (lists.some((l) => l.includes('*'))) return STAR;
  return [...new Set(lists.flat())];
};

/** The columns of `read`'s own table that its representation reads. */
export const representationColumns = (read: ReadPlan, table: Table): readonly string[] => {
  if (read.select.length === 0 && read.embeds.length === 0) return STAR;
  const own: string[] = [];
  for (const item of read.select) {
    if (item.kind === 'star' || item.kind === 'row') return STAR;
    if (item.kind !== 'field') continue;
    // A name that is no column (a computed field) needs the row of the table's type.
    if (!table.columns.has(item.field.name)) return STAR;
    own.push(item.field.name);
  }
  const joins = read.embeds.flatMap((e) => {
    const rel = e.relationship;
    // A computed relationship's function takes the row of the table's type: all of it.
    if (rel.kind === 'computed') return ['*'];
    return rel.kind === 'm2m' ? rel.junction.sourceColumns.map(([c]) => c) : rel.columns.map(([c]) => c);
  });
  // An order on a computed field calls it on the row too.
  const orders = read.order.flatMap((o) => (o.embed !== undefined ? [] : table.computedFields.has(o.field.name) ? ['*'] : [o.field.name]));
  return merge(own, joins, orders);
};

export const returningFor = (
  preference: ReturnPreference,
  read: ReadPlan,
  table: Table,
  locationColumns: readonly string[],
): readonly string[] => {
  switch (preference) {
    case 'minimal':
      return [];
    case 'headers-only':
      return locationColumns;
    case 'representation':
      // The key rides along so a Location can always be built, as in PostgREST.
      return merge(representationColumns(read, table), table.primaryKey);
  }
};

export { merge as mergeReturning };
