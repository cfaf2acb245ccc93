// One Postgres cluster per test run: the embedded one (thrown away afterwards), or the
// server DATABASE_URL names. Test files get its admin URL through vitest's provide/inject.
import type { TestProject } from 'vitest/node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../src/db/embedded-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
  }
}

let cluster: EmbeddedCluster | undefined;
let dir: string | undefined;

// Roles are cluster-wide, so they are made once here; fixtures only grant to them.
const ROLES_SQL = `
do $$ begin
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit password 'authenticator';
  end if;
  if not exists (select from pg_roles where rolname = 'anonymous') then create role anonymous nologin; end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
end $$;
grant anonymous, authenticated to authenticator;
`;

const createRoles = async (url: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(ROLES_SQL);
  } finally {
    await client.end();
  }
};

export async function setup(project: TestProject): Promise<void> {
  const external = process.env.DATABASE_URL;
  if (external) {
    await createRoles(external);
    project.provide('adminUrl', external);
    return;
  }
  dir = await mkdtemp(join(tmpdir(), 'rowgate-test-'));
  cluster = await startEmbeddedCluster({ dataDir: dir, persistent: false });
  await createRoles(cluster.url('postgres'));
  project.provide('adminUrl', cluster.url('postgres'));
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
