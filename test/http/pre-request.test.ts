// db-pre-request: a function run in every request's transaction before the main statement,
// seeing the request's settings; it may refuse the request or add response headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase(`
    create schema hooks;
    create table notes (id int primary key, body text);
    insert into notes values (1, 'hello');
    create function hooks.check_request() returns void language plpgsql as $$
    begin
      if current_setting('request.headers', true)::json->>'x-blocked' = 'yes' then
        raise sqlstate 'PT403' using message = 'blocked by db-pre-request', hint = 'drop the X-Blocked header';
      end if;
      perform set_config('response.headers',
        json_build_array(json_build_object('X-Checked-Role', current_user), json_build_object('X-Checked-Method', current_setting('request.method')))::text,
        true);
    end $$;
    grant usage on schema hooks to anonymous;
    grant execute on function hooks.check_request() to anonymous;
    grant select, insert on notes to anonymous;
  `);
  server = await startTestServer(db, { dbPreRequest: 'hooks.check_request' });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('db-pre-request', () => {
  it('runs before each read, as the request role, and may set response headers', async () => {
    const res = await server.fetch('/notes');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ id: 1, body: 'hello' }]);
    expect(res.headers.get('x-checked-role')).toBe('anonymous');
    expect(res.headers.get('x-checked-method')).toBe('GET');
  });

  it('refuses the request when it raises, and nothing is written', async () => {
    const res = await server.fetch('/notes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Blocked': 'yes' },
      body: '{"id": 2, "body": "no"}',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: 'PT403', message: 'blocked by db-pre-request', details: null, hint: 'drop the X-Blocked header' });
    expect((await db.sql('select count(*)::int as n from notes')).rows[0].n).toBe(1);
  });

  it('runs before writes too', async () => {
    const res = await server.fetch('/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id": 3, "body": "yes"}' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-checked-method')).toBe('POST');
  });

  it('keeps count=planned working with the extra statement', async () => {
    const res = await server.fetch('/notes?select=id', { headers: { Prefer: 'count=planned' } });
    // The planner's estimate, which may exceed the page (206), proves the EXPLAIN ran.
    expect([200, 206]).toContain(res.status);
    expect(res.headers.get('content-range')).toMatch(/^0-1\/\d+$/);
  });
});
