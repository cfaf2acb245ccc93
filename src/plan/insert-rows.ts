// Plans the rows of an INSERT from the payload's keys: each key is a column of the table,
// else (POST only) an embeddable relationship whose rows are inserted with them, recursively
// (Rowgate's nested inserts, beyond PostgREST); anything else is PGRST204, computed
// relationships included (a function's rows cannot be inserted into).
import { invalidBody, queryParamError } from '../errors/request-errors.ts';
import { ambiguousRelationship, columnNotFound } from '../errors/schema-cache-errors.ts';
import { describeRelationship, findRelationships } from '../schema-cache/relationships.ts';
import { findTable } from '../schema-cache/schema-cache.ts';
import type { KeyRelationship, Relationship, SchemaCache, Table } from '../schema-cache/types.ts';
import { MAX_EMBED_DEPTH } from './read-tree.ts';
import { mergeReturning, representationColumns } from './returning.ts';
import type { InsertRows, NestedInsert, ReadPlan } from './types.ts';

type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export const sameRelationship = (a: Relationship, b: Relationship): boolean => {
  const same = (x: { schema: string; name: string }, y: { schema: string; name: string }) =>
    x.schema === y.schema && x.name === y.name;
  if (a.kind !== b.kind || !same(a.table, b.table) || !same(a.foreignTable, b.foreignTable)) return false;
  if (a.kind === 'computed' || b.kind === 'computed')
    return a.kind === 'computed' && b.kind === 'computed' && same(a.function, b.function);
  if (a.kind === 'm2m' || b.kind === 'm2m')
    return (
      a.kind === 'm2m' &&
      b.kind === 'm2m' &&
      same(a.junction.table, b.junction.table) &&
      a.junction.constraint1 === b.junction.constraint1 &&
      a.junction.constraint2 === b.junction.constraint2
    );
  return a.constraint === b.constraint;
};

/** Whether the table holding the key holds the foreign key, i.e. the nested row is its parent. */
export const nestedIsParent = (rel: Relationship): boolean => rel.kind === 'm2o' || (rel.kind === 'o2o' && rel.isParent === true);

/** The holder's columns its nested children link to (through the junction for many-to-many). */
const holderColumns = (rel: Relationship): readonly string[] =>
  rel.kind === 'm2m' ? rel.junction.sourceColumns.map(([c]) => c) : rel.kind === 'computed' ? [] : rel.columns.map(([c]) => c);

/** The nested rows' columns the holder (or its junction rows) links to. */
const nestedColumns = (rel: Relationship): readonly string[] =>
  rel.kind === 'm2m' ? rel.junction.targetColumns.map(([c]) => c) : rel.kind === 'computed' ? [] : rel.columns.map(([, c]) => c);

export interface InsertRowsOptions {
  readonly cache: SchemaCache;
  readonly missingDefault: boolean;
  /** Keys may name relationships (POST); otherwise every key must be a column. */
  readonly nestedAllowed: boolean;
  /** The representation's nodes for this table's rows (one per embed of them); their embeds name relationships too. */
  readonly represented: readonly ReadPlan[];
  /** How many nested levels lie above these rows (0 for the request's own rows). */
  readonly depth?: number;
}

/** The relationship a key names: an embed of the representation by its output name, else `target!hint`. */
const relationshipOf = (key: string, table: Table, options: InsertRowsOptions): KeyRelationship => {
  const embed = options.represented.flatMap((r) => r.embeds).find((e) => e.name === key);
  const [target = key, hint] = key.split('!');
  const found = (
    embed ? [embed.relationship] : findRelationships(options.cache, { schema: table.schema, name: table.name }, target, hint)
  ).filter((r): r is KeyRelationship => r.kind !== 'computed');
  if (found.length === 0) throw columnNotFound(table.name, key);
  if (found.length > 1) throw ambiguousRelationship(table.name, target, found.map(describeRelationship));
  return found[0]!;
};

/** The objects under `key` of every holder object: one parent object each, or any number of children. */
const nestedObjects = (holders: readonly JsonObject[], key: string, isParent: boolean): JsonObject[] => {
  const out: JsonObject[] = [];
  for (const holder of holders) {
    const value = holder[key];
    if (value === undefined || value === null) continue;
    if (isObject(value)) out.push(value);
    else if (!isParent && Array.isArray(value) && value.every(isObject)) out.push(...(value as JsonObject[]));
    else
      throw invalidBody(
        isParent ? `'${key}' must be an object or null` : `'${key}' must be an array of objects, an object or null`,
      );
  }
  return out;
};

const keysOf = (objects: readonly JsonObject[]): string[] => {
  const keys = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) keys.add(k);
  return [...keys];
};

const inTableOrder = (table: Table, names: ReadonlySet<string>): string[] =>
  [...table.columns.keys()].filter((c) => names.has(c));

/**
 * Columns and nested rows for inserting `objects` (their `keys`) into `table`. `filled` are
 * columns the caller fills (FK columns from a parent row) and `mustReturn` columns a caller
 * reads back from RETURNING (the key a child or a referencing row links to).
 */
export const planInsertRows = (
  table: Table,
  keys: readonly string[],
  objects: readonly JsonObject[],
  options: InsertRowsOptions,
  filled: ReadonlySet<string> = new Set(),
  mustReturn: readonly string[] = [],
): InsertRows => {
  const columns = new Set<string>();
  const nested: NestedInsert[] = [];
  // Sorted, so the first unknown key reported is PostgREST's (its keys are a Set).
  for (const key of [...keys].sort()) {
    if (table.columns.has(key)) {
      if (!filled.has(key)) columns.add(key);
      continue;
    }
    if (!options.nestedAllowed) throw columnNotFound(table.name, key);
    nested.push(planNested(table, key, objects, options));
  }
  const own = mergeReturning(...options.represented.map((r) => representationColumns(r, table)));
  // Children link to this row's columns, so RETURNING must hand them on.
  const linked = nested.flatMap((n) => (n.isParent ? [] : holderColumns(n.relationship)));
  return {
    table,
    columns: inTableOrder(table, columns),
    missingDefault: options.missingDefault,
    nested,
    returning: mergeReturning(own, linked, mustReturn),
  };
};

const planNested = (holder: Table, key: string, objects: readonly JsonObject[], options: InsertRowsOptions): NestedInsert => {
  // Each level is a chain of CTEs to plan, so nested inserts are bounded like embeds.
  const depth = (options.depth ?? 0) + 1;
  if (depth > MAX_EMBED_DEPTH)
    throw queryParamError(
      'Nested inserts are nested too deeply',
      `Nested rows may nest up to ${MAX_EMBED_DEPTH} levels; '${key}' is at level ${depth}`,
    );
  const relationship = relationshipOf(key, holder, options);
  const isParent = nestedIsParent(relationship);
  const table = findTable(options.cache, relationship.foreignTable.schema, relationship.foreignTable.name);
  const rows = nestedObjects(objects, key, isParent);
  // Every embed of these rows reads them, under whatever alias.
  const embeds = options.represented.flatMap((r) => r.embeds).filter((e) => sameRelationship(e.relationship, relationship));
  // Children get their FK columns from the holder's row (many-to-many rows have none: their
  // junction rows link them); the holder or the junction reads the linked columns back.
  const fkOfChild = new Set(isParent || relationship.kind === 'm2m' ? [] : nestedColumns(relationship));
  const referenced = isParent || relationship.kind === 'm2m' ? nestedColumns(relationship) : [];
  // The representation joins these rows to the holder's on the relationship's columns.
  const joined = embeds.length === 0 ? [] : nestedColumns(relationship);
  return {
    key,
    relationship,
    isParent,
    rows: planInsertRows(table, keysOf(rows), rows, { ...options, depth, represented: embeds.map((e) => e.plan) }, fkOfChild, [...referenced, ...joined]),
  };
};
