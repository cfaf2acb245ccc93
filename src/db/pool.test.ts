import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticatorUrl, createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { sql, toSqlQuery } from '../query/sql.ts';
import { createPool, PgQueryError, type DbPool } from './pool.ts';

let db: TestDatabase;
let pool: DbPool;

beforeAll(async () => {
  db = await createTestDatabase(`
    create table items (id int primary key, flag boolean);
    grant select, insert on items to anonymous;
  `);
  pool = createPool({ connectionString: authenticatorUrl(db), max: 2 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

const q = (text: TemplateStringsArray, ...v: (string | number | null)[]) => toSqlQuery(sql(text, ...v));

describe('runTransaction', () => {
  it('sets role and request settings locally for the statements', async () => {
    const [r] = await pool.runTransaction({
      readOnly: true,
      settings: [
        ['role', 'anonymous'],
        ['request.jwt.claims', '{"sub":"u1"}'],
      ],
      statements: [q`select current_user as u, current_setting('request.jwt.claims', true) as c, ${'x'} as p`],
      end: 'commit',
    });
    expect(r!.rows).toEqual([{ u: 'anonymous', c: '{"sub":"u1"}', p: 'x' }]);
    const after = await pool.query(q`select current_user as u, current_setting('request.jwt.claims', true) as c`);
    expect(after.rows[0]).toEqual({ u: 'authenticator', c: '' });
  });

  it('binds untyped text so Postgres parses it by the column type', async () => {
    await db.sql(`insert into items values (1, true), (2, false)`);
    const [r] = await pool.runTransaction({
      readOnly: true,
      settings: [['role', 'anonymous']],
      statements: [q`select id from items where flag = ${'true'}`],
      end: 'commit',
    });
    expect(r!.rows).toEqual([{ id: '1' }]);
  });

  it('rolls back every statement when one fails, and keeps the connection usable', async () => {
    const attempt = pool.runTransaction({
      readOnly: false,
      settings: [['role', 'anonymous']],
      statements: [q`insert into items values (${10}, true)`, q`insert into items values (${10}, true)`],
      end: 'commit',
    });
    await expect(attempt).rejects.toBeInstanceOf(PgQueryError);
    await expect(attempt).rejects.toMatchObject({ pg: { code: '23505' } });
    expect((await db.sql('select count(*)::int as n from items where id = 10')).rows[0].n).toBe(0);
    const [ok] = await pool.runTransaction({ readOnly: true, settings: [['role', 'anonymous']], statements: [q`select 1 as one`], end: 'commit' });
    expect(ok!.rows).toEqual([{ one: '1' }]);
  });

  it('refuses writes in a read-only transaction', async () => {
    await expect(
      pool.runTransaction({ readOnly: true, settings: [['role', 'anonymous']], statements: [q`insert into items values (${20}, true)`], end: 'commit' }),
    ).rejects.toMatchObject({ pg: { code: '25006' } });
  });

  it('lets a check roll back after seeing the results', async () => {
    const attempt = pool.runTransaction({
      readOnly: false,
      settings: [['role', 'anonymous']],
      statements: [q`insert into items values (${30}, true), (${31}, false)`],
      end: (results) => (results[0]!.rowCount > 1 ? new DataApiError(400, 'PGRST124', 'too many') : 'commit'),
    });
    await expect(attempt).rejects.toMatchObject({ code: 'PGRST124' });
    expect((await db.sql('select count(*)::int as n from items where id >= 30')).rows[0].n).toBe(0);
  });

  it('rolls back when asked to, even if everything succeeded', async () => {
    await pool.runTransaction({ readOnly: false, settings: [['role', 'anonymous']], statements: [q`insert into items values (${40}, true)`], end: 'rollback' });
    expect((await db.sql('select count(*)::int as n from items where id = 40')).rows[0].n).toBe(0);
  });

  it('runs many transactions concurrently on a small pool', async () => {
    const runs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        pool.runTransaction({ readOnly: true, settings: [['role', 'anonymous']], statements: [q`select ${i}::int as i`], end: 'commit' }),
      ),
    );
    expect(runs.map((r) => r[0]!.rows[0]!.i)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });
});
