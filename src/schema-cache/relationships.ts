// Embedding resolution: which relationships `from?select=target!hint(...)` may mean, by
// PostgREST's rules (Plan.hs findRel), and how to describe them in PGRST200/201 errors.
// The relationships themselves are derived from the catalog in derive-relationships.ts.
import type { RelationshipSummary } from '../errors/schema-cache-errors.ts';
import { closestMatch } from '../errors/fuzzy-match.ts';
import { tableKey, type KeyRelationship, type QualifiedName, type Relationship, type SchemaCache } from './types.ts';

export { deriveRelationships, compareRelationships } from './derive-relationships.ts';

type ForeignKeyRel = Extract<Relationship, { kind: 'm2o' | 'o2m' | 'o2o' }>;

const isForeignKey = (rel: Relationship): rel is ForeignKeyRel => rel.kind !== 'm2m' && rel.kind !== 'computed';

/** The relationships of `from` to relations of its own schema (the only ones embeddable). */
export const relationshipsOf = (cache: SchemaCache, from: QualifiedName): readonly Relationship[] =>
  (cache.relationships.get(tableKey(from.schema, from.name)) ?? []).filter((r) => r.foreignTable.schema === from.schema);

const singleColumn = (rel: Relationship): readonly [string, string] | undefined =>
  isForeignKey(rel) && rel.columns.length === 1 ? rel.columns[0] : undefined;
const matchesColumn = (rel: Relationship, name: string): boolean => singleColumn(rel)?.[0] === name;
const matchesForeignColumn = (rel: Relationship, name: string): boolean => singleColumn(rel)?.[1] === name;
const matchesConstraint = (rel: Relationship, name: string): boolean => isForeignKey(rel) && rel.constraint === name;
const matchesJunction = (rel: Relationship, name: string): boolean => rel.kind === 'm2m' && rel.junction.table.name === name;

const isView = (cache: SchemaCache, q: QualifiedName): boolean => {
  const kind = cache.tables.get(tableKey(q.schema, q.name))?.kind;
  return kind === 'view' || kind === 'materialized_view';
};

/** Whether a FK relationship is what `target!hint` names, by PostgREST's rules (Plan.hs findRel). */
const matchesForeignKey = (cache: SchemaCache, rel: KeyRelationship, target: string, hint: string | undefined): boolean => {
  const toTarget = rel.foreignTable.name === target;
  if (rel.isSelf) {
    // One FK, two readings: `children:family_tree(*)` is one-to-many, `parent(*)` (the FK column)
    // many-to-one. Self one-to-one and many-to-many are not reachable, as in PostgREST.
    if (hint === undefined)
      return (toTarget && rel.kind === 'o2m') || (matchesColumn(rel, target) && rel.kind === 'm2o');
    return toTarget && rel.kind === 'o2m' && matchesForeignColumn(rel, hint);
  }
  if (hint === undefined) {
    // Constraint and column names as targets only reach tables, not views (PostgREST #2277).
    const toTable = !isView(cache, rel.foreignTable);
    return toTarget || (toTable && (matchesConstraint(rel, target) || matchesColumn(rel, target)));
  }
  return (
    toTarget &&
    (matchesConstraint(rel, hint) ||
      matchesColumn(rel, hint) ||
      matchesForeignColumn(rel, hint) ||
      matchesJunction(rel, hint))
  );
};

/**
 * The relationships `target` (a table or view name, a FK constraint name, or a FK column of
 * `from`) with an optional `hint` (a constraint, a column of either side, or a junction name)
 * can mean. A computed relationship is named by its function, whatever the hint (as in
 * PostgREST), except that a hint matching a FK relationship picks that one: PGRST201's hint
 * then resolves a function named like a FK target (PostgREST's stays ambiguous). More than
 * one is PGRST201, none is PGRST200; the caller raises them.
 */
export const findRelationships = (
  cache: SchemaCache,
  from: QualifiedName,
  target: string,
  hint?: string,
): readonly Relationship[] => {
  const found = relationshipsOf(cache, from).filter((rel) =>
    rel.kind === 'computed' ? rel.function.name === target : matchesForeignKey(cache, rel, target, hint),
  );
  return hint !== undefined && found.some((r) => r.kind !== 'computed') ? found.filter((r) => r.kind !== 'computed') : found;
};

const CARDINALITY = { m2o: 'many-to-one', o2m: 'one-to-many', o2o: 'one-to-one', m2m: 'many-to-many' } as const;

const list = (names: readonly string[]): string => `(${names.join(', ')})`;

/**
 * PostgREST's wording of a relationship in the `details` and `hint` of PGRST201. A computed
 * one (ambiguous only beside a FK target or a same-named function of another schema) is
 * described by nothing, as PostgREST does: `{}` in the details, an empty hint.
 */
export const describeRelationship = (rel: Relationship): RelationshipSummary => {
  if (rel.kind === 'computed') return { computed: true };
  const embedding = `${rel.table.name} with ${rel.foreignTable.name}`;
  if (rel.kind === 'm2m') {
    const j = rel.junction;
    return {
      embedding,
      cardinality: CARDINALITY.m2m,
      relationship: `${j.table.name} using ${j.constraint1}${list(j.sourceColumns.map(([, c]) => c))} and ${
        j.constraint2
      }${list(j.targetColumns.map(([, c]) => c))}`,
      hint: `${rel.foreignTable.name}!${j.table.name}`,
    };
  }
  const r: ForeignKeyRel = rel;
  return {
    embedding,
    cardinality: CARDINALITY[r.kind],
    relationship: `${r.constraint} using ${r.table.name}${list(r.columns.map(([c]) => c))} and ${
      r.foreignTable.name
    }${list(r.columns.map(([, c]) => c))}`,
    hint: `${r.foreignTable.name}!${r.constraint}`,
  };
};

/** True for the relationships that embed as one object rather than an array. */
export const isToOne = (rel: Relationship): boolean =>
  rel.kind === 'computed' ? rel.toOne : rel.kind === 'm2o' || rel.kind === 'o2o';

/**
 * PGRST200's hint: a close name for the parent when it has no relationships in the schema,
 * else a close name among its embeddable targets; nothing when the names look right.
 */
export const noRelationshipHint = (
  cache: SchemaCache,
  schema: string,
  parent: string,
  child: string,
): string | undefined => {
  const parentRels = cache.relationships.get(tableKey(schema, parent))?.filter((r) => r.foreignTable.schema === schema);
  if (parentRels !== undefined && parentRels.length > 0) {
    const targets = new Set(parentRels.map((r) => r.foreignTable.name));
    if (targets.has(child)) return undefined;
    const suggestion = closestMatch(child, targets, 0.33);
    return suggestion === undefined ? undefined : `Perhaps you meant '${suggestion}' instead of '${child}'.`;
  }
  const parents = new Set<string>();
  for (const [, rels] of cache.relationships)
    for (const r of rels) if (r.table.schema === schema && r.foreignTable.schema === schema) parents.add(r.table.name);
  const suggestion = closestMatch(parent, parents, 0.33);
  return suggestion === undefined ? undefined : `Perhaps you meant '${suggestion}' instead of '${parent}'.`;
};
