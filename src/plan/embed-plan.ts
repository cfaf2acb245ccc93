// Resolves an embedded resource of a `select` to exactly one relationship of its parent,
// raising PGRST200 when none matches and PGRST201 when several do, and names the SQL
// aliases of the embed the way PostgREST does (`<table>_<depth>`, `<parent>_<name>_<depth>`;
// the root is its table's name).
import type { SelectItem } from '../api-request/types.ts';
import { ambiguousRelationship, noRelationship } from '../errors/schema-cache-errors.ts';
import { describeRelationship, findRelationships, isToOne, noRelationshipHint } from '../schema-cache/relationships.ts';
import { findTable } from '../schema-cache/schema-cache.ts';
import type { Relationship, SchemaCache, Table } from '../schema-cache/types.ts';

type RelationItem = Extract<SelectItem, { kind: 'relation' }>;

export interface ResolvedEmbed {
  readonly relationship: Relationship;
  readonly child: Table;
  readonly toOne: boolean;
  /** Key in the output: the alias, else the relation as written. */
  readonly name: string;
  readonly alias: string;
  readonly childAlias: string;
  readonly junctionAlias?: string;
}

/**
 * The SQL alias of a node of the read tree: its table's name at the root, `<table>_<depth>`
 * below. Below, aliases along a path differ by their depth; only the root's, which has none,
 * could equal one (a table `clients_1` embedding `clients`), so a root named like that is
 * `<table>_0`, which no depth gives.
 */
export const nodeAlias = (table: Table, depth: number): string =>
  depth > 0 ? `${table.name}_${depth}` : /_\d+$/.test(table.name) ? `${table.name}_0` : table.name;

export const resolveEmbed = (cache: SchemaCache, parent: Table, item: RelationItem, depth: number): ResolvedEmbed => {
  const from = { schema: parent.schema, name: parent.name };
  const found = findRelationships(cache, from, item.relation, item.hint);
  if (found.length === 0)
    throw noRelationship(
      parent.name,
      item.relation,
      parent.schema,
      item.hint,
      noRelationshipHint(cache, parent.schema, parent.name, item.relation),
    );
  if (found.length > 1) throw ambiguousRelationship(parent.name, item.relation, found.map(describeRelationship));
  const relationship = found[0]!;
  const child = findTable(cache, relationship.foreignTable.schema, relationship.foreignTable.name);
  const name = item.alias ?? item.relation;
  return {
    relationship,
    child,
    toOne: isToOne(relationship),
    name,
    alias: `${parent.name}_${name}_${depth}`,
    childAlias: nodeAlias(child, depth),
    ...(relationship.kind === 'm2m' ? { junctionAlias: `${relationship.junction.table.name}_${depth}_junction` } : {}),
  };
};
