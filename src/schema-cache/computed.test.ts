// Computed fields and computed relationships as the schema cache loads them from a real
// catalog (test/fixtures/computed.sql), and the derivation rules on hand-made catalog rows:
// overriding FK relationships, PostgREST's order, and how PGRST201 describes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type DbPool } from '../db/pool.ts';
import { ambiguousRelationship } from '../errors/schema-cache-errors.ts';
import { createTestDatabase, fixture, type TestDatabase } from '../../test/support/database.ts';
import type { CatalogComputedRelationship, CatalogForeignKey, CatalogRelation } from './catalog-rows.ts';
import { deriveRelationships } from './derive-relationships.ts';
import { describeRelationship, findRelationships, isToOne } from './relationships.ts';
import { buildSchemaCache, findTable, loadSchemaCache } from './schema-cache.ts';
import { tableKey, type Relationship, type SchemaCache } from './types.ts';

let db: TestDatabase;
let pool: DbPool;
let cache: SchemaCache;

beforeAll(async () => {
  db = await createTestDatabase(await fixture('computed.sql'));
  pool = createPool({ connectionString: db.url, max: 1 });
  cache = await loadSchemaCache(pool, ['public']);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const brief = (r: Relationship): string =>
  r.kind === 'computed'
    ? `computed ${r.function.schema}.${r.function.name} -> ${r.foreignTable.name}${r.toOne ? ' to-one' : ''}${r.isSelf ? ' self' : ''}`
    : `${r.kind} ${r.foreignTable.name}`;

const relsOf = (table: string): string[] => (cache.relationships.get(tableKey('public', table)) ?? []).map(brief);

describe('computed fields in the schema cache', () => {
  it('records functions of a row with their return types, not in the columns', () => {
    const videogames = findTable(cache, 'public', 'videogames');
    const fields = Object.fromEntries(
      [...videogames.computedFields].map(([name, f]) => [name, `${f.function.schema}.${f.function.name}: ${f.type} (${f.nominalType})`]),
    );
    expect(fields).toEqual({
      age: 'public.age: integer (integer)',
      code: 'public.code: public.short_label (character varying)',
      is_classic: 'public.is_classic: boolean (boolean)',
      meta: 'public.meta: jsonb (jsonb)',
      // A column of the same name wins; the function stays recorded.
      name: 'public.name: text (text)',
      name_upper: 'public.name_upper: text (text)',
      search_vector: 'public.search_vector: tsvector (tsvector)',
    });
    expect(videogames.columns.has('name_upper')).toBe(false);
    // Set-returning functions and row-returning ones (relationships) are no fields.
    expect(videogames.computedFields.has('name_words')).toBe(false);
    expect(videogames.computedFields.has('computed_designers')).toBe(false);
  });

  it('finds computed fields in db-extra-search-path schemas only when asked', async () => {
    expect(findTable(cache, 'public', 'designers').computedFields.has('shout')).toBe(false);
    const extra = await loadSchemaCache(pool, ['public'], ['ext']);
    expect(findTable(extra, 'public', 'designers').computedFields.get('shout')?.function).toEqual({ schema: 'ext', name: 'shout' });
  });

  it("knows the names Postgres would call on a row instead of reading a column", () => {
    const names = findTable(cache, 'public', 'videogames').rowFunctionNames;
    for (const name of ['to_json', 'to_jsonb', 'row_to_json', 'count', 'concat', 'json_build_object', 'name_words', 'computed_designers'])
      expect(names.has(name), name).toBe(true);
    // Functions of other argument types cannot take a row; ext is not searched.
    for (const name of ['upper', 'length', 'now', 'shout']) expect(names.has(name), name).toBe(false);
  });
});

describe('computed relationships in the schema cache', () => {
  it('derives them by row types, replacing FK relationships to the relation named like the function', () => {
    expect(relsOf('videogames')).toEqual([
      // m2o designers (the FK) is gone: the function `designers(videogames)` replaced it.
      'm2o publishers',
      'computed other.publishers -> publishers to-one',
      'computed public.computed_designers -> designers to-one',
      'computed public.computed_designers_noset -> designers to-one',
      'computed public.designers -> designers to-one',
    ]);
    expect(relsOf('designers')).toEqual(['computed public.computed_videogames -> videogames', 'computed public.videogames -> videogames']);
    expect(relsOf('web_content')).toEqual([
      'o2m web_content',
      'm2o web_content',
      'computed public.child_web_content -> web_content self',
      'computed public.parent_web_content -> web_content to-one self',
    ]);
    // Both one-to-one FKs of first -> second are replaced; second -> first keeps them.
    expect(relsOf('first')).toEqual(['computed public.second -> second to-one']);
    expect(relsOf('second')).toEqual(['o2o first', 'o2o first']);
    expect(relsOf('items')).toEqual(['computed public.computed_rel_overload -> items2']);
    expect(relsOf('items2')).toEqual(['computed public.computed_rel_overload -> items2 self']);
  });

  it('resolves an embed by the function name alone, whatever the hint', () => {
    const from = { schema: 'public', name: 'videogames' };
    const [rel] = findRelationships(cache, from, 'computed_designers');
    expect(rel?.kind).toBe('computed');
    expect(isToOne(rel!)).toBe(true);
    expect(findRelationships(cache, from, 'computed_designers', 'anything')).toEqual([rel]);
    expect(findRelationships(cache, { schema: 'public', name: 'designers' }, 'computed_videogames').map(isToOne)).toEqual([false]);
    // A hint that names a FK relationship picks it over a function of the same name.
    expect(findRelationships(cache, from, 'publishers').map((r) => r.kind)).toEqual(['m2o', 'computed']);
    expect(findRelationships(cache, from, 'publishers', 'videogames_publisher_id_fkey').map((r) => r.kind)).toEqual(['m2o']);
  });

  it('describes them in PGRST201 as PostgREST does: {} in the details, nothing in the hint', () => {
    const rels = findRelationships(cache, { schema: 'public', name: 'videogames' }, 'publishers');
    expect(rels.map((r) => r.kind)).toEqual(['m2o', 'computed']);
    const error = ambiguousRelationship('videogames', 'publishers', rels.map(describeRelationship));
    expect(error.details).toEqual([
      {
        cardinality: 'many-to-one',
        embedding: 'videogames with publishers',
        relationship: 'videogames_publisher_id_fkey using videogames(publisher_id) and publishers(id)',
      },
      {},
    ]);
    expect(error.hint).toBe(
      "Try changing 'publishers' to one of the following: 'publishers!videogames_publisher_id_fkey', . Find the desired relationship in the 'details' key.",
    );
  });
});

describe('deriving computed relationships', () => {
  const relation = (oid: number, name: string): CatalogRelation => ({
    oid,
    schema: 'public',
    name,
    kind: 'r',
    description: null,
    updatable: 28,
    primaryKey: ['id'],
    uniqueKeys: [],
    grants: {},
    columns: [],
  });
  const tables = buildSchemaCache(
    {
      relations: [relation(1, 'films'), relation(2, 'directors'), relation(3, 'premieres')],
      keys: { foreignKeys: [], primaryKeys: [], views: [] },
      functions: { routines: [], computedFields: [], computedRelationships: [], rowFunctionNames: [] },
    },
    ['public'],
  ).tables;
  const filmsToDirectors: CatalogForeignKey = {
    name: 'films_director_id_fkey',
    tableOid: 1,
    schema: 'public',
    table: 'films',
    foreignOid: 2,
    foreignSchema: 'public',
    foreignTable: 'directors',
    columns: [['director_id', 'id']],
    attnums: [[2, 1]],
    oneToOne: false,
  };
  const computed = (functionSchema: string, functionName: string, table: string, foreignTable: string, toOne = false): CatalogComputedRelationship => ({
    functionSchema,
    functionName,
    schema: 'public',
    table,
    foreignSchema: 'public',
    foreignTable,
    toOne,
  });
  const derived = (rows: readonly CatalogComputedRelationship[]): Record<string, string[]> =>
    Object.fromEntries(
      [...deriveRelationships([filmsToDirectors], [], tables, rows)].map(([key, rels]) => [key.split('\u0000')[1], rels.map(brief)]),
    );

  it('keeps FK relationships when no function is named like their target', () => {
    expect(derived([computed('public', 'premieres', 'films', 'premieres'), computed('public', 'film', 'premieres', 'films', true)])).toEqual({
      films: ['m2o directors', 'computed public.premieres -> premieres'],
      directors: ['o2m films'],
      premieres: ['computed public.film -> films to-one'],
    });
  });

  it('overrides only the direction and schema-qualified name the function has', () => {
    expect(derived([computed('public', 'directors', 'films', 'directors', true)])).toEqual({
      films: ['computed public.directors -> directors to-one'],
      directors: ['o2m films'],
    });
    // Another schema's `directors` is another name: both stay (and embedding `directors` is ambiguous).
    expect(derived([computed('api', 'directors', 'films', 'directors', true)])).toEqual({
      films: ['m2o directors', 'computed api.directors -> directors to-one'],
      directors: ['o2m films'],
    });
  });

  it('drops relationships to relations outside the cache', () => {
    expect(derived([computed('public', 'ghosts', 'films', 'ghosts')])).toEqual({ films: ['m2o directors'], directors: ['o2m films'] });
  });
});
