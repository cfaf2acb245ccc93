// Reload on NOTIFY (schema, empty payload, config; bursts debounced) and the event trigger
// that notifies on DDL, against a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type DbPool } from '../db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { loadSchemaCache, schemaChangeTriggerSql, watchSchemaCache } from './schema-cache.ts';

let db: TestDatabase;
let pool: DbPool;
let reloads = 0;
let configReloads = 0;
let stop: () => Promise<void>;
let waiters: (() => void)[] = [];

const nextReload = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  db = await createTestDatabase('create table existing (id integer primary key);');
  pool = createPool({ connectionString: db.url, max: 2 });
  stop = await watchSchemaCache(
    pool,
    'pgrst',
    () => {
      reloads++;
      const pending = waiters;
      waiters = [];
      for (const resolve of pending) resolve();
    },
    { onReloadConfig: () => configReloads++, debounceMs: 100 },
  );
});

afterAll(async () => {
  await stop?.();
  await pool?.end();
  await db?.drop();
});

describe('watchSchemaCache', () => {
  it("reloads on 'reload schema' and on an empty payload", async () => {
    const before = reloads;
    let reloaded = nextReload();
    await db.sql("notify pgrst, 'reload schema'");
    await reloaded;
    reloaded = nextReload();
    await db.sql('notify pgrst');
    await reloaded;
    expect(reloads).toBe(before + 2);
  });

  it('folds a burst of notifications into one reload', async () => {
    const before = reloads;
    const reloaded = nextReload();
    // Separate transactions (Postgres folds identical notifications within one), sent as one
    // multi-statement query so they follow each other closely even on a loaded CI machine.
    await db.sql(Array.from({ length: 5 }, () => "select pg_notify('pgrst', 'reload schema')").join('; '));
    await reloaded;
    await sleep(250);
    expect(reloads).toBe(before + 1);
  });

  it("passes 'reload config' to its own callback and ignores other payloads", async () => {
    const before = { reloads, configReloads };
    await db.sql("notify pgrst, 'reload config'");
    await db.sql("notify pgrst, 'something else'");
    await db.sql("notify other_channel, 'reload schema'");
    await sleep(250);
    expect({ reloads, configReloads }).toEqual({ reloads: before.reloads, configReloads: before.configReloads + 1 });
  });
});

describe('schemaChangeTriggerSql', () => {
  it('installs idempotently and notifies on DDL, so a reload sees the change', async () => {
    await db.sql(schemaChangeTriggerSql);
    await db.sql(schemaChangeTriggerSql);
    const triggers = await db.sql('select evtname, evtevent from pg_event_trigger order by evtname');
    expect(triggers.rows).toEqual([
      { evtname: 'rowgate_schema_change', evtevent: 'ddl_command_end' },
      { evtname: 'rowgate_schema_drop', evtevent: 'sql_drop' },
    ]);

    let reloaded = nextReload();
    await db.sql('create table created_later (id integer primary key)');
    await reloaded;
    const cache = await loadSchemaCache(pool, ['public']);
    expect([...cache.tables.values()].map((t) => t.name).sort()).toEqual(['created_later', 'existing']);
    // The trigger function lives outside the exposed schema, so it is not an RPC.
    expect(cache.routines.size).toBe(0);

    reloaded = nextReload();
    await db.sql('drop table created_later');
    await reloaded;
    expect((await loadSchemaCache(pool, ['public'])).tables.size).toBe(1);
  });
});
