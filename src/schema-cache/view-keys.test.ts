// Keys views inherit: the node-tree reader on its own, then real views over tables and
// views (renamed, reordered, repeated, partial and oddly named columns).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type DbPool } from '../db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { findRelationships } from './relationships.ts';
import { findTable, loadSchemaCache } from './schema-cache.ts';
import type { SchemaCache } from './types.ts';
import { directViewOrigins } from './view-columns.ts';

describe('directViewOrigins', () => {
  it.each([['truncated', '({QUERY :commandType 1 :targetList ({TARGETENTRY :resno'], ['empty', ''], ['deep', '('.repeat(200_000)]])(
    'gives no origins for a %s definition instead of failing the load',
    (_, definition) => {
      expect(directViewOrigins(definition).size).toBe(0);
    },
  );

  it('reads origins of the top-level target list only, skipping junk and computed entries', () => {
    const tree =
      '({QUERY :commandType 1 :cteList <> :rtable ({RANGETBLENTRY :eref {ALIAS :aliasname t :colnames ("id" "a\\ b\\}")} ' +
      ':relid 10 :subquery {QUERY :targetList ({TARGETENTRY :resno 1 :resname x :resorigtbl 99 :resorigcol 9 :resjunk false})}}) ' +
      ':targetList (' +
      '{TARGETENTRY :expr {VAR :varno 1 :varattno 1} :resno 1 :resname id :ressortgroupref 0 :resorigtbl 10 :resorigcol 1 :resjunk false} ' +
      '{TARGETENTRY :expr {CONST :constvalue 4 [ 1 0 0 0 0 0 0 0 ]} :resno 2 :resname one :resorigtbl 0 :resorigcol 0 :resjunk false} ' +
      '{TARGETENTRY :expr {VAR :varno 1 :varattno 2} :resno 3 :resname :resno :ressortgroupref 0 :resorigtbl 10 :resorigcol 2 :resjunk false} ' +
      '{TARGETENTRY :expr {VAR :varno 1 :varattno 2} :resno 4 :resname a\\ b\\} :resorigtbl 10 :resorigcol 2 :resjunk true}' +
      ') :override 0})';
    expect([...directViewOrigins(tree)]).toEqual([
      [1, { rel: 10, attnum: 1 }],
      [3, { rel: 10, attnum: 2 }],
    ]);
  });
});

let db: TestDatabase;
let pool: DbPool;
let cache: SchemaCache;

beforeAll(async () => {
  db = await createTestDatabase(`
    create table a (x integer, y integer, label text, primary key (x, y));
    create table b (id integer primary key, ax integer, ay integer, foreign key (ax, ay) references a (x, y));
    create view av as select x as x1, x as x2, y from a;
    create view bv as select id, ax, ay from b;
    create view bvv as select id as ident, ay, ax from bv where id > 0;
    create view partial as select id, ax from b;
    create view ordered as select id from b order by ax;
    create view weird as select id as ":resno", ax as "a b}", ay from b;
    create view joined as select b.id, a.x, a.y, a.label from b join a on a.x = b.ax and a.y = b.ay;
  `);
  pool = createPool({ connectionString: db.url, max: 1 });
  cache = await loadSchemaCache(pool, ['public']);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const pk = (name: string): readonly string[] => findTable(cache, 'public', name).primaryKey;
const pairs = (from: string, target: string): string[] =>
  findRelationships(cache, { schema: 'public', name: from }, target).map((r) =>
    r.kind === 'm2m' || r.kind === 'computed' ? r.kind : `${r.kind} ${r.columns.map(([c, f]) => `${c}=${f}`).join(',')}`,
  );

describe('inferred view keys', () => {
  it('gives views the primary keys they show, under their own names', () => {
    expect(pk('av')).toEqual(['x1', 'y']);
    expect(pk('bv')).toEqual(['id']);
    expect(pk('bvv')).toEqual(['ident']);
    expect(pk('partial')).toEqual(['id']);
    expect(pk('ordered')).toEqual(['id']);
    expect(pk('weird')).toEqual([':resno']);
    // A join shows both tables' keys.
    expect(pk('joined')).toEqual(['id', 'x', 'y']);
  });

  it('relates views through the foreign keys whose columns they show', () => {
    // Key order follows the constraint, whatever the view's column order.
    expect(pairs('bvv', 'a')).toEqual(['m2o ax=x,ay=y']);
    expect(pairs('a', 'bvv')).toEqual(['o2m x=ax,y=ay']);
    expect(pairs('weird', 'a')).toEqual(['m2o a b}=x,ay=y']);
    // Only part of the key shown: no relationship.
    expect(pairs('partial', 'a')).toEqual([]);
    // A referenced column shown twice: one relationship per choice (PostgREST's i2459).
    expect(pairs('bv', 'av')).toEqual(['m2o ax=x1,ay=y', 'm2o ax=x2,ay=y']);
    expect(pairs('b', 'av')).toEqual(['m2o ax=x1,ay=y', 'm2o ax=x2,ay=y']);
    expect(pairs('joined', 'a')).toEqual([]);
  });
});
