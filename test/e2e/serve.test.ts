// `rowgate serve` as users run it, in a child process: the embedded cluster (start-up
// output, the default branch's endpoint, clean stop on SIGTERM) and PostgREST mode (PGRST_*
// environment, a postgrest.conf file, in-database settings of the authenticator role,
// db-config, db-pre-config, --port, the warning for settings Rowgate does not implement).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded-cluster.ts';
import pg from 'pg';
import { authenticatorUrl, createTestDatabase, fixture, type TestDatabase } from '../support/database.ts';

interface Running {
  readonly child: ChildProcess;
  output: string;
  exited: Promise<number | null>;
}

const start = (args: string[], env: Record<string, string>): Running => {
  const child = spawn(process.execPath, ['bin/rowgate.js', 'serve', ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: Running = {
    child,
    output: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (d: Buffer) => (running.output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (running.output += d.toString()));
  return running;
};

const waitFor = async (running: Running, pattern: RegExp, ms = 60_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!pattern.test(running.output)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; output:\n${running.output}`);
    if (running.child.exitCode !== null) throw new Error(`exited early:\n${running.output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('rowgate serve with the embedded cluster', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rowgate-serve-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts Postgres, prints the URLs, serves /main/neondb/rest/v1 and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const running = start(['--port', String(port)], { ROWGATE_DATA_DIR: dir });
    try {
      // The start-up lines come in separate writes: wait for the last of them.
      await waitFor(running, /Postgres \(owner connection\): \S+\n/);
      expect(running.output).toContain('starting embedded Postgres');
      expect(running.output).toContain(`Data API (branch main, database neondb): http://localhost:${port}/main/neondb/rest/v1`);
      const root = await fetch(`http://127.0.0.1:${port}/main/neondb/rest/v1/`);
      expect(root.status).toBe(200);
      expect(await root.json()).toMatchObject({ swagger: '2.0', basePath: '/main/neondb/rest/v1' });
      const missing = await fetch(`http://127.0.0.1:${port}/main/neondb/rest/v1/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ code: 'PGRST205' });
      // The guide's SQL runs as written (auth.user_id() is installed), and the DDL trigger
      // serves the table at once: anonymous has no grant on it, so the answer is 401.
      const owner = new pg.Client({ connectionString: /Postgres \(owner connection\): (\S+)/.exec(running.output)![1]! });
      await owner.connect();
      await owner.query(await fixture('getting-started.sql'));
      await owner.end();
      let posts: Response | undefined;
      for (let i = 0; i < 50 && (posts === undefined || posts.status === 404); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 100));
        posts = await fetch(`http://127.0.0.1:${port}/main/neondb/rest/v1/posts`);
      }
      expect(posts!.status).toBe(401);
      expect(await posts!.json()).toMatchObject({ code: '42501', message: 'permission denied for table posts' });
    } finally {
      running.child.kill('SIGTERM');
    }
    expect(await running.exited).toBe(0);
    expect(running.output).toContain('stopping embedded Postgres');
  }, 90_000);

  it('keeps the same Postgres port across restarts, so the owner connection string stays valid', async () => {
    const ownerUrl = async (): Promise<string> => {
      const running = start(['--port', String(await freePort())], { ROWGATE_DATA_DIR: dir });
      try {
        // The line after "serving" may arrive in a later chunk of output: wait for it itself.
        await waitFor(running, /Postgres \(owner connection\): \S+\n/);
        return /Postgres \(owner connection\): (\S+)/.exec(running.output)![1]!;
      } finally {
        running.child.kill('SIGTERM');
        await running.exited;
      }
    };
    const first = await ownerUrl();
    expect(first).toMatch(/^postgres:\/\/postgres:postgres@127\.0\.0\.1:\d+\/neondb$/);
    expect(await ownerUrl()).toBe(first);
  }, 90_000);

  it('prints the usage for serve --help and exits 0', async () => {
    const running = start(['--help'], {});
    expect(await running.exited).toBe(0);
    expect(running.output).toMatch(/^usage: rowgate <command>/);
    expect(running.output).toContain('PostgREST mode');
  });

  it('refuses a bad setting with a message naming it', async () => {
    const running = start([], { PORT: 'eighty', ROWGATE_DATA_DIR: dir });
    expect(await running.exited).toBe(2);
    expect(running.output).toMatch(/PORT/);
    expect(running.output).not.toMatch(/\n\s+at /);
  });
});

describe('rowgate serve in PostgREST mode', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase(`
      create schema api;
      create table api.things (id int primary key, name text);
      insert into api.things select i, 'thing ' || i from generate_series(1, 5) i;
      create table public.other (id int);
      insert into public.other values (1);
      grant usage on schema api to anonymous;
      grant select on api.things, public.other to anonymous;
      create function public.pre_config() returns void language sql as $$
        select set_config('pgrst.openapi_mode', 'disabled', true)
      $$;
    `);
    await db.sql(`alter role authenticator in database ${db.name} set pgrst.db_max_rows = '3'`);
    dir = await mkdtemp(join(tmpdir(), 'rowgate-pgrst-'));
  });
  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves PGRST_DB_URI at / with PostgREST settings and in-database settings', async () => {
    const port = await freePort();
    const running = start([], {
      PGRST_DB_URI: authenticatorUrl(db),
      PGRST_DB_SCHEMAS: 'api, public',
      PGRST_DB_ANON_ROLE: 'anonymous',
      PGRST_SERVER_PORT: String(port),
    });
    try {
      await waitFor(running, /listening on/);
      const things = await fetch(`http://127.0.0.1:${port}/things?select=id&order=id`);
      expect(things.status).toBe(200);
      // db-max-rows = 3 comes from ALTER ROLE authenticator IN DATABASE ... SET pgrst.db_max_rows.
      expect(await things.json()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      expect(things.headers.get('content-range')).toBe('0-2/*');
      const other = await fetch(`http://127.0.0.1:${port}/other`, { headers: { 'Accept-Profile': 'public' } });
      expect(await other.json()).toEqual([{ id: 1 }]);
    } finally {
      running.child.kill('SIGTERM');
    }
    expect(await running.exited).toBe(0);
  }, 60_000);

  it('reads a postgrest.conf given with --config', async () => {
    const port = await freePort();
    const conf = join(dir, 'postgrest.conf');
    await writeFile(
      conf,
      `# as PostgREST reads it\ndb-uri = "${authenticatorUrl(db)}"\ndb-schemas = "api"\ndb-anon-role = "anonymous"\nserver-port = ${port}\n`,
    );
    const running = start(['--config', conf], {});
    try {
      await waitFor(running, /listening on/);
      const res = await fetch(`http://127.0.0.1:${port}/things?id=eq.5`, { headers: { Accept: 'application/vnd.pgrst.object+json' } });
      expect(await res.json()).toEqual({ id: 5, name: 'thing 5' });
    } finally {
      running.child.kill('SIGTERM');
    }
    expect(await running.exited).toBe(0);
  }, 60_000);

  it('skips in-database settings with db-config = false, lets --port win over server-port and PORT, and warns of ignored settings', async () => {
    const [port, other, third] = [await freePort(), await freePort(), await freePort()];
    const running = start(['--port', String(port)], {
      PGRST_DB_URI: authenticatorUrl(db),
      PGRST_DB_SCHEMAS: 'api',
      PGRST_DB_ANON_ROLE: 'anonymous',
      PGRST_DB_CONFIG: 'false',
      PGRST_SERVER_PORT: String(other),
      PGRST_LOG_LEVEL: 'info',
      PGRST_DB_CHANNEL: 'pgrst',
      PORT: String(third),
    });
    try {
      await waitFor(running, /listening on/);
      expect(running.output).toContain(`listening on http://localhost:${port}/`);
      expect(running.output).toMatch(/WARN .*ignoring PostgREST settings that Rowgate does not implement: db-channel, log-level\n/);
      // pgrst.db_max_rows = 3 of the role is not read.
      const things = await fetch(`http://127.0.0.1:${port}/things?select=id`);
      expect(await things.json()).toHaveLength(5);
    } finally {
      running.child.kill('SIGTERM');
    }
    expect(await running.exited).toBe(0);
  }, 60_000);

  it('runs db-pre-config with the in-database settings', async () => {
    const port = await freePort();
    const running = start([], {
      PGRST_DB_URI: authenticatorUrl(db),
      PGRST_DB_SCHEMAS: 'api',
      PGRST_DB_ANON_ROLE: 'anonymous',
      PGRST_DB_PRE_CONFIG: 'public.pre_config',
      PGRST_SERVER_PORT: String(port),
    });
    try {
      await waitFor(running, /listening on/);
      expect(running.output).not.toContain('WARN');
      const root = await fetch(`http://127.0.0.1:${port}/`);
      expect(root.status).toBe(404);
      expect(await root.json()).toMatchObject({ code: 'PGRST126' });
    } finally {
      running.child.kill('SIGTERM');
    }
    expect(await running.exited).toBe(0);
  }, 60_000);

  it('stops with one line, not a stack trace, when start-up cannot read the database', async () => {
    const running = start([], { PGRST_DB_URI: authenticatorUrl(db), PGRST_DB_PRE_CONFIG: 'public.no_such_function' });
    expect(await running.exited).toBe(1);
    expect(running.output).toMatch(/rowgate: Postgres: function public\.no_such_function\(\) does not exist/);
    expect(running.output).not.toMatch(/\n\s+at /);
  }, 60_000);
});
