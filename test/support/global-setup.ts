// One Postgres cluster per test run: the embedded one (thrown away afterwards), or the
// server DATABASE_URL names. Test files get its admin URL through vitest's provide/inject.
import type { TestProject } from 'vitest/node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../src/db/embedded-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
  }
}

let cluster: EmbeddedCluster | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('adminUrl', external);
    return;
  }
  dir = await mkdtemp(join(tmpdir(), 'rowgate-test-'));
  cluster = await startEmbeddedCluster({ dataDir: dir, persistent: false });
  project.provide('adminUrl', cluster.url('postgres'));
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
