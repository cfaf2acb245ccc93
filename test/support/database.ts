// A fresh database per test file, created on the run's cluster and loaded from fixture SQL.
import pg from 'pg';
import { inject } from 'vitest';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export interface TestDatabase {
  readonly name: string;
  /** Superuser (owner) connection string to this database. */
  readonly url: string;
  /** Runs SQL as the owner. */
  sql(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

export const fixture = (name: string): Promise<string> =>
  readFile(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

export const createTestDatabase = async (...fixtureSql: string[]): Promise<TestDatabase> => {
  const adminUrl = inject('adminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const text of fixtureSql) await client.query(text);
  return {
    name,
    url,
    sql: (text, params) => client.query(text, params),
    async drop() {
      await client.end();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
};

/** The same database, logged in as `authenticator` (the Data API's login role). */
export const authenticatorUrl = (db: TestDatabase): string => {
  const u = new URL(db.url);
  u.username = 'authenticator';
  u.password = 'authenticator';
  return u.toString();
};
