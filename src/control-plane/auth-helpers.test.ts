import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, fixture, type TestDatabase } from '../../test/support/database.ts';
import { authHelpersSql } from './auth-helpers.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(authHelpersSql, authHelpersSql);
});
afterAll(async () => {
  await db?.drop();
});

const withClaims = async (claims: string | undefined, query: string) => {
  await db.sql('begin');
  try {
    if (claims !== undefined) await db.sql("select set_config('request.jwt.claims', $1, true)", [claims]);
    return (await db.sql(query)).rows[0];
  } finally {
    await db.sql('rollback');
  }
};

describe('auth helpers', () => {
  it('read the request claims', async () => {
    const claims = JSON.stringify({ sub: 'b5b4e0c2-6c38-4b55-9d6a-0d1a3cbb0001', role: 'authenticated' });
    expect(await withClaims(claims, 'select auth.user_id() as u, auth.uid()::text as id, auth.session()->>\'role\' as r, auth.jwt() = auth.session() as same')).toEqual({
      u: 'b5b4e0c2-6c38-4b55-9d6a-0d1a3cbb0001',
      id: 'b5b4e0c2-6c38-4b55-9d6a-0d1a3cbb0001',
      r: 'authenticated',
      same: true,
    });
  });

  it('give NULL without claims, and uid() NULL for a sub that is not a uuid', async () => {
    expect(await withClaims(undefined, 'select auth.user_id() as u, auth.uid() as id, auth.session() as s')).toEqual({ u: null, id: null, s: {} });
    expect(await withClaims('{"sub":"user_1"}', 'select auth.user_id() as u, auth.uid() as id')).toEqual({ u: 'user_1', id: null });
  });

  it("let the getting-started guide's SQL run as written", async () => {
    const sql = await fixture('getting-started.sql');
    expect(sql).toContain('CREATE TABLE posts');
    await db.sql(sql);
    const policies = await db.sql("select count(*)::int as n from pg_policies where tablename = 'posts'");
    expect(policies.rows[0].n).toBe(4);
    expect(await withClaims('{"sub":"me"}', "insert into posts (content) values ('x') returning user_id")).toEqual({ user_id: 'me' });
  });
});
