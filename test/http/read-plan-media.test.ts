// db-plan-enabled: `Accept: application/vnd.pgrst.plan` answers the read's execution plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, fixture, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase(await fixture('surface.sql'));
  server = await startTestServer(db, { dbPlanEnabled: true });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('execution plans', () => {
  it('answers EXPLAIN (FORMAT JSON) for application/vnd.pgrst.plan+json', async () => {
    const res = await server.fetch('/items?id=eq.1', { headers: { Accept: 'application/vnd.pgrst.plan+json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.pgrst.plan+json; for="application/json"; charset=utf-8');
    const [explained] = (await res.json()) as { Plan: { 'Node Type': string; 'Plan Rows': number } }[];
    expect(explained!.Plan['Node Type']).toBe('Aggregate');
    expect(explained!.Plan['Plan Rows']).toBe(1);
  });

  it('runs it with the options asked for and in text for plan+text', async () => {
    const res = await server.fetch('/items', { headers: { Accept: 'application/vnd.pgrst.plan+text; options=analyze|buffers' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.pgrst.plan+text; for="application/json"; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^Aggregate .*actual time=/);
    expect(text.split('\n').length).toBeGreaterThan(2);
  });

  it('explains the statement of the media type named by for=', async () => {
    const res = await server.fetch('/items', { headers: { Accept: 'application/vnd.pgrst.plan+json; for="text/csv"' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.pgrst.plan+json; for="text/csv"; charset=utf-8');
  });

  it('keeps returning rows for other media types', async () => {
    const res = await server.fetch('/items?select=id&order=id');
    expect(await res.json()).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('is PGRST107 when db-plan-enabled is off', async () => {
    const off = await startTestServer(db);
    try {
      const res = await off.fetch('/items', { headers: { Accept: 'application/vnd.pgrst.plan+json' } });
      expect(res.status).toBe(406);
      expect(await res.json()).toMatchObject({ code: 'PGRST107' });
    } finally {
      await off.close();
    }
  });
});
