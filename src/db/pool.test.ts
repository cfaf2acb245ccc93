import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticatorUrl, createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { raw, sql, toSqlQuery } from '../query/sql.ts';
import { createPool, PgQueryError, toDbError, type DbPool } from './pool.ts';

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

  it('keeps transactions that share a connection apart, failures included', async () => {
    const one = createPool({ connectionString: authenticatorUrl(db), max: 1 });
    try {
      await db.sql('create table shared_items (id int primary key)');
      await db.sql('grant select, insert on shared_items to anonymous');
      await db.sql('insert into shared_items values (1000)');
      // Odd runs collide with the existing row and fail; their neighbours on the one
      // connection must commit, and a failed run must leave nothing behind.
      const runs = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          one.runTransaction({
            readOnly: false,
            settings: [['role', 'anonymous'], ['request.jwt.claims', JSON.stringify({ i })]],
            statements: [
              q`insert into shared_items values (${i % 2 === 1 ? 2000 + i : i})`,
              q`insert into shared_items values (${i % 2 === 1 ? 1000 : 100 + i})`,
              q`select current_setting('request.jwt.claims') as c`,
            ],
            end: 'commit',
          }),
        ),
      );
      expect(runs.map((r) => r.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 1 ? 'rejected' : 'fulfilled')));
      runs.forEach((r, i) => {
        if (r.status === 'fulfilled') expect(r.value[2]!.rows[0]!.c).toBe(JSON.stringify({ i }));
      });
      const ids = (await db.sql('select id from shared_items order by id')).rows.map((r) => r.id as number);
      const even = Array.from({ length: 10 }, (_, k) => 2 * k);
      expect(ids).toEqual([...even, ...even.map((i) => 100 + i), 1000]);
    } finally {
      await one.end();
    }
  });

  it('runs checked transactions alone on their connection while others queue', async () => {
    const one = createPool({ connectionString: authenticatorUrl(db), max: 1 });
    try {
      const checked = one.runTransaction({
        readOnly: false,
        settings: [['role', 'anonymous']],
        statements: [q`insert into items values (${50}, true)`],
        end: () => 'rollback',
      });
      const reads = Array.from({ length: 5 }, () =>
        one.runTransaction({ readOnly: true, settings: [['role', 'anonymous']], statements: [q`select count(*)::int as n from items where id = ${50}`], end: 'commit' }),
      );
      await checked;
      // The reads never ran inside the checked transaction, so none saw its row.
      expect((await Promise.all(reads)).map((r) => r[0]!.rows[0]!.n)).toEqual(['0', '0', '0', '0', '0']);
    } finally {
      await one.end();
    }
  });

  it('runs the same without prepared statements (db-prepared-statements = false)', async () => {
    const unprepared = createPool({ connectionString: authenticatorUrl(db), max: 1, preparedStatements: false });
    try {
      const runs = await Promise.all(
        [1, 2, 1, 2].map((id) =>
          unprepared.runTransaction({ readOnly: true, settings: [['role', 'anonymous']], statements: [q`select id from items where id = ${String(id)}`], end: 'commit' }),
        ),
      );
      expect(runs.map((r) => r[0]!.rows)).toEqual([[{ id: '1' }], [{ id: '2' }], [{ id: '1' }], [{ id: '2' }]]);
      const named = await unprepared.query(q`select count(*)::int as n from pg_prepared_statements`);
      expect(named.rows[0]!.n).toBe('0');
    } finally {
      await unprepared.end();
    }
  });

  it('prepares a statement once per connection and reuses it', async () => {
    const one = createPool({ connectionString: authenticatorUrl(db), max: 1 });
    try {
      for (let i = 0; i < 3; i++)
        await one.runTransaction({ readOnly: true, settings: [['role', 'anonymous']], statements: [q`select ${i}::int + 40 as n`], end: 'commit' });
      const [r] = await one.runTransaction({
        readOnly: true,
        settings: [['role', 'anonymous']],
        statements: [q`select count(*)::int as n from pg_prepared_statements where statement like ${'select $1::int + 40%'}`],
        end: 'commit',
      });
      expect(r!.rows[0]!.n).toBe('1');
    } finally {
      await one.end();
    }
  });

  it('does not queue fast transactions behind a slow one while another connection can take them', async () => {
    const two = createPool({ connectionString: authenticatorUrl(db), max: 2 });
    try {
      const read = () => two.runTransaction({ readOnly: true, settings: [['role', 'anonymous']], statements: [q`select ${1}::int as one`], end: 'commit' });
      await Promise.all([read(), read()]);
      const slow = two.runTransaction({ readOnly: true, settings: [['role', 'anonymous']], statements: [q`select pg_sleep(${0.6}) as s`], end: 'commit' });
      let slowDone = false;
      void slow.then(() => (slowDone = true));
      await new Promise((r) => setTimeout(r, 50));
      // As many as one connection takes at once, so none waits for room; picked by load alone,
      // half would go to the slow connection (one in flight against up to seven). More than
      // that would wait for the fast one, and on a starved CPU its own reads can look stalled.
      await Promise.all(Array.from({ length: 8 }, read));
      // Queued behind the slow one, some read would only finish after it.
      expect(slowDone).toBe(false);
      await slow;
    } finally {
      await two.end();
    }
  });

  it('replaces a connection once it holds too many prepared statements', async () => {
    const one = createPool({ connectionString: authenticatorUrl(db), max: 1, maxPreparedStatements: 3 });
    try {
      const pids = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const [r] = await one.runTransaction({
          readOnly: true,
          settings: [['role', 'anonymous']],
          // A distinct text each time, as distinct query strings give.
          statements: [toSqlQuery(sql`select pg_backend_pid()::text as pid, ${i}::int + ${raw(String(i))} as n`)],
          end: 'commit',
        });
        pids.add(r!.rows[0]!.pid!);
      }
      // 8 texts (plus set_config) on a cap of 3: the connection was replaced at least twice.
      expect(pids.size).toBeGreaterThanOrEqual(3);
    } finally {
      await one.end();
    }
  });

  it('moves new work to fresh connections after recycle(), even while the old ones are busy', async () => {
    const one = createPool({ connectionString: authenticatorUrl(db), max: 1 });
    try {
      const pid = async (): Promise<string> =>
        (await one.runTransaction({ readOnly: true, settings: [['role', 'anonymous']], statements: [q`select pg_backend_pid()::text as pid, ${1}::int as x`], end: 'commit' }))[0]!.rows[0]!.pid!;
      const before = await pid();
      const busy = Array.from({ length: 4 }, pid);
      one.recycle();
      const after = await Promise.all(Array.from({ length: 4 }, pid));
      expect(await Promise.all(busy)).toEqual([before, before, before, before]);
      expect(new Set(after).size).toBe(1);
      expect(after[0]).not.toBe(before);
    } finally {
      await one.end();
    }
  });
});


describe('toDbError', () => {
  it.each([
    ['a connection failure', Object.assign(new Error('Connection terminated unexpectedly'), {}), 'PGRST000'],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'PGRST000'],
    ['a closed pool', new Error('the pool is closed'), 'PGRST000'],
  ])('%s is 503 PGRST000', (_, e, code) => {
    expect(toDbError(e)).toMatchObject({ status: 503, code });
  });

  it('passes a programming error on unchanged, to be logged and answered 500', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'rows')");
    expect(toDbError(bug)).toBe(bug);
  });

  it('keeps a Postgres error with its SQLSTATE', () => {
    const e = toDbError({ code: '23505', message: 'duplicate key', severity: 'ERROR' });
    expect(e).toBeInstanceOf(PgQueryError);
    expect((e as PgQueryError).pg.code).toBe('23505');
  });
});
