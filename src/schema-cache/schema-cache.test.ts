// The cache loaded from a real database: relation flags, columns, keys (views included),
// routines, the lookups and their PGRST204/205 errors, and the load time of a big schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createPool, type DbPool } from '../db/pool.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { findColumn, findRoutines, findTable, loadSchemaCache } from './schema-cache.ts';
import type { SchemaCache, Table } from './types.ts';

const fixtureSql = await readFile(new URL('./fixture.sql', import.meta.url), 'utf8');
// A foreign table where the cluster has file_fdw (the embedded one does).
const foreignTableSql = `do $$ begin
  if exists (select 1 from pg_available_extensions where name = 'file_fdw') then
    create extension file_fdw schema private;
    create server files foreign data wrapper file_fdw;
    create foreign table public.imports (line text) server files options (filename '/dev/null');
  end if;
end $$;`;

let db: TestDatabase;
let pool: DbPool;
let cache: SchemaCache;

beforeAll(async () => {
  db = await createTestDatabase(fixtureSql, foreignTableSql);
  pool = createPool({ connectionString: db.url, max: 2 });
  cache = await loadSchemaCache(pool, ['public', 'api']);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const table = (name: string, schema = 'public'): Table => findTable(cache, schema, name);
const flags = (t: Table): string =>
  `${t.kind} ${t.insertable ? 'i' : '-'}${t.updatable ? 'u' : '-'}${t.deletable ? 'd' : '-'} [${t.primaryKey.join(',')}]`;

describe('relations', () => {
  it('lists the relations of the exposed schemas with kind, mutability and primary key', async () => {
    const hasForeignTable = cache.tables.has('public\u0000imports');
    const listed = Object.fromEntries([...cache.tables.values()].map((t) => [`${t.schema}.${t.name}`, flags(t)]));
    expect(listed).toEqual({
      'api.projects': 'table iud [id]',
      'api.tasks': 'table iud [id]',
      'public.assignments': 'table iud [id]',
      // Views inherit the primary key of the table they show, under the view's column names.
      'public.client_names': 'view iud [client_key]',
      'public.clients': 'table iud [id]',
      'public.employees': 'table iud [id]',
      // Partitioned tables are listed, their partitions are not.
      'public.events': 'partitioned_table iud [id,at]',
      ...(hasForeignTable ? { 'public.imports': 'foreign_table --- []' } : {}),
      'public.messages': 'table iud [id]',
      'public.profiles': 'table iud [user_id]',
      // Aggregating views are not updatable and show no whole key.
      'public.project_counts': 'view --- []',
      'public.project_stats': 'materialized_view --- [id]',
      'public.projects': 'table iud [id]',
      'public.projects_view': 'view iud [id]',
      // A view of a table in an unexposed schema still gets its key.
      'public.secrets_view': 'view iud [id]',
      'public.shifts': 'table iud [unit,day]',
      'public.users': 'table iud [id]',
      'public.users_projects': 'table iud [user_id,project_id]',
    });
    expect(cache.schemas).toEqual(['public', 'api']);
    expect(cache.loadedAt).toBeInstanceOf(Date);
  });

  it('keeps descriptions of relations and columns', () => {
    expect(table('clients').description).toBe('Who pays');
    expect(table('projects_view').description).toBe('Projects, simply');
    expect(table('projects').description).toBeNull();
    expect(table('clients').columns.get('name')?.description).toBe('Legal name');
  });
});

describe('columns', () => {
  it('describes types, defaults, lengths, enums and generated columns', () => {
    const col = (t: string, c: string) => table(t).columns.get(c);
    expect([...table('projects').columns.values()]).toEqual([
      { name: 'id', description: null, nullable: false, type: 'integer', nominalType: 'integer', category: 'N', maxLength: null, default: null, enumValues: [], generated: false, position: 1 },
      { name: 'name', description: null, nullable: false, type: 'character varying(40)', nominalType: 'character varying', category: 'S', maxLength: 40, default: null, enumValues: [], generated: false, position: 2 },
      { name: 'client_id', description: null, nullable: true, type: 'integer', nominalType: 'integer', category: 'N', maxLength: null, default: null, enumValues: [], generated: false, position: 3 },
      { name: 'status', description: null, nullable: false, type: 'public.status', nominalType: 'public.status', category: 'E', maxLength: null, default: "'todo'::public.status", enumValues: ['todo', 'doing', 'done'], generated: false, position: 4 },
      { name: 'budget', description: null, nullable: true, type: 'numeric(10,2)', nominalType: 'numeric', category: 'N', maxLength: null, default: null, enumValues: [], generated: false, position: 5 },
      { name: 'code', description: null, nullable: true, type: 'character(4)', nominalType: 'character', category: 'S', maxLength: 4, default: null, enumValues: [], generated: false, position: 6 },
      { name: 'tags', description: null, nullable: true, type: 'text[]', nominalType: 'text[]', category: 'A', maxLength: null, default: "'{}'::text[]", enumValues: [], generated: false, position: 7 },
      // A stored generated column has no default: its expression is not for inserts.
      { name: 'name_upper', description: null, nullable: true, type: 'text', nominalType: 'text', category: 'S', maxLength: null, default: null, enumValues: [], generated: true, position: 8 },
    ]);
    // Identity ALWAYS: generated (not writable), no default.
    expect(col('users', 'id')).toMatchObject({ type: 'bigint', nullable: false, default: null, generated: true });
    // Domains: the nominal type is the base type, with the domain's length, NOT NULL and default.
    expect(col('users', 'email')).toMatchObject({ type: 'public.email', nominalType: 'character varying', category: 'S', maxLength: 120, nullable: true });
    expect(col('users', 'seats')).toMatchObject({ type: 'public.positive', nominalType: 'integer', nullable: false, default: '1' });
    expect(col('clients', 'id')?.default).toBe("nextval('public.clients_id_seq'::regclass)");
    // View columns keep their types; nullability is unknown (true) there.
    expect(col('projects_view', 'status')).toMatchObject({ type: 'public.status', enumValues: ['todo', 'doing', 'done'], nullable: true });
    expect([...table('client_names').columns.keys()]).toEqual(['client_key', 'name']);
  });

  it('findColumn returns the column or throws PGRST204', () => {
    expect(findColumn(table('projects'), 'name').type).toBe('character varying(40)');
    const error = catchError(() => findColumn(table('projects'), 'nope'));
    expect(error.body()).toEqual({
      code: 'PGRST204',
      message: "Could not find the 'nope' column of 'projects' in the schema cache",
      details: null,
      hint: null,
    });
    expect(error.status).toBe(400);
  });
});

const catchError = (fn: () => unknown): DataApiError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataApiError) return e;
    throw e;
  }
  throw new Error('expected an error');
};

describe('findTable', () => {
  it('finds tables per schema', () => {
    expect(findTable(cache, 'api', 'projects').columns.has('title')).toBe(true);
    expect(findTable(cache, 'public', 'projects').columns.has('title')).toBe(false);
  });

  it('throws PGRST205 with a close name as hint', () => {
    const error = catchError(() => findTable(cache, 'public', 'projecxx'));
    expect(error.status).toBe(404);
    expect(error.body()).toEqual({
      code: 'PGRST205',
      message: "Could not find the table 'public.projecxx' in the schema cache",
      details: null,
      hint: "Perhaps you meant the table 'public.projects'",
    });
    expect(catchError(() => findTable(cache, 'public', 'projxxxx')).hint).toBeNull();
    // Only tables of the requested schema are suggested.
    expect(catchError(() => findTable(cache, 'api', 'taskz')).hint).toBe("Perhaps you meant the table 'api.tasks'");
    expect(catchError(() => findTable(cache, 'api', 'clientz')).hint).toBeNull();
    // Unexposed schemas are not in the cache.
    expect(catchError(() => findTable(cache, 'private', 'secrets')).code).toBe('PGRST205');
  });
});

describe('routines', () => {
  const signature = (schema: string, name: string) =>
    findRoutines(cache, schema, name).map((r) => ({
      params: r.params.map((p) => `${p.variadic ? 'variadic ' : ''}${p.name} ${p.type}${p.required ? '' : ' = default'}`),
      returns: `${r.returns.setOf ? 'setof ' : ''}${r.returns.kind} ${r.returns.type.schema}.${r.returns.type.name}`,
      volatility: r.volatility,
      hasVariadic: r.hasVariadic,
    }));

  it('lists callable functions with their signatures', () => {
    expect([...cache.routines.keys()].map((k) => k.replace('\u0000', '.')).sort()).toEqual([
      'api.add', 'public.echo', 'public.emails', 'public.get_projects', 'public.one_project', 'public.overloaded',
      'public.project_names', 'public.sum_all', 'public.touch', 'public.with_out',
    ]);
    expect(signature('public', 'get_projects')).toEqual([
      { params: ['min_id integer'], returns: 'setof composite public.projects', volatility: 'stable', hasVariadic: false },
    ]);
    expect(findRoutines(cache, 'public', 'get_projects')[0]?.description).toBe('Projects from an id on');
    expect(signature('public', 'one_project')[0]?.returns).toBe('composite public.projects');
    expect(signature('public', 'project_names')[0]?.returns).toBe('setof composite pg_catalog.record');
    // OUT parameters make a composite result and are not parameters.
    expect(signature('public', 'with_out')).toEqual([
      { params: ['a integer'], returns: 'composite pg_catalog.record', volatility: 'immutable', hasVariadic: false },
    ]);
    expect(signature('public', 'sum_all')).toEqual([
      { params: ['variadic nums integer[]'], returns: 'scalar pg_catalog.int4', volatility: 'immutable', hasVariadic: true },
    ]);
    expect(signature('public', 'touch')).toEqual([
      { params: ['p_id integer', 'note text = default'], returns: 'scalar pg_catalog.void', volatility: 'volatile', hasVariadic: false },
    ]);
    // A single unnamed parameter of a body type is callable (the whole body is the argument).
    expect(signature('public', 'echo')[0]?.params).toEqual([' text']);
    // Domains in results are resolved to their base type.
    expect(signature('public', 'emails')[0]?.returns).toBe('setof scalar pg_catalog.varchar');
    expect(signature('api', 'add')[0]?.params).toEqual(['a integer', 'b integer = default']);
  });

  it('orders overloads by parameter count and skips uncallable ones', () => {
    expect(signature('public', 'overloaded').map((s) => s.params)).toEqual([['a integer'], ['a integer', 'b text']]);
    expect(findRoutines(cache, 'public', 'two_unnamed')).toEqual([]);
    expect(findRoutines(cache, 'public', 'a_trigger')).toEqual([]);
    expect(findRoutines(cache, 'api', 'get_projects')).toEqual([]);
  });
});

describe('load time', () => {
  it('loads a schema of 200 tables, 50 views and 100 functions well under a second', async () => {
    const ddl: string[] = [];
    for (let i = 0; i < 200; i++) {
      const fks = i === 0 ? '' : `, parent_id integer references t${i - 1} (id), other_id integer references t${(i * 7) % i} (id)`;
      ddl.push(`create table t${i} (id integer primary key, name text not null, code varchar(20), status text default 'x',
        created_at timestamptz default now(), amount numeric(10, 2)${fks});`);
    }
    for (let i = 0; i < 200; i += 4) ddl.push(`create view v${i} as select id, name, parent_id from t${i + 1};`);
    for (let i = 0; i < 100; i++)
      ddl.push(`create function f${i}(a integer, b text default null) returns setof t${i} language sql stable as 'select * from t${i} where id = a';`);
    const big = await createTestDatabase(ddl.join('\n'));
    const bigPool = createPool({ connectionString: big.url, max: 1 });
    try {
      await loadSchemaCache(bigPool, ['public']);
      const started = performance.now();
      const loaded = await loadSchemaCache(bigPool, ['public']);
      const elapsed = performance.now() - started;
      console.log(`schema cache of ${loaded.tables.size} relations loaded in ${elapsed.toFixed(0)} ms`);
      expect(loaded.tables.size).toBe(250);
      expect(loaded.routines.size).toBe(100);
      expect(findTable(loaded, 'public', 'v4').primaryKey).toEqual(['id']);
      expect(elapsed).toBeLessThan(1000);
    } finally {
      await bigPool.end();
      await big.drop();
    }
  });
});
