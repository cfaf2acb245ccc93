// Builds write requests over test-schema.ts's cache (plus a table without a key and one with
// column defaults) for the write planner's, compiler's and renderer's table-driven tests.
// Test support only; nothing imports it at run time.
import { parsePayload } from '../api-request/payload.ts';
import type { Action, ApiRequest, Preferences, QueryParams } from '../api-request/types.ts';
import { tableKey, type Column, type SchemaCache, type Table } from '../schema-cache/types.ts';
import { readRequest, testCache, testTable } from './test-schema.ts';

const withDefault = (c: Column, def: string | null): Column => ({ ...c, default: def });

const projects = testTable('projects');
const noPk: Table = { ...testTable('clients'), name: 'no_pk', primaryKey: [] };
// projects with defaults: id from a sequence, name a constant.
const defaulted: Table = {
  ...projects,
  name: 'defaulted',
  columns: new Map(
    [...projects.columns].map(([n, c]) => [
      n,
      withDefault(c, n === 'id' ? "nextval('defaulted_id_seq'::regclass)" : n === 'name' ? "'anon'::text" : null),
    ]),
  ),
};

export const writeCache: SchemaCache = {
  ...testCache,
  tables: new Map([...testCache.tables, ...[noPk, defaulted].map((t) => [tableKey(t.schema, t.name), t] as const)]),
};

const METHOD: Readonly<Record<string, string>> = { create: 'POST', update: 'PATCH', 'single-upsert': 'PUT', delete: 'DELETE' };

export interface WriteOptions {
  readonly query?: Partial<QueryParams>;
  readonly prefs?: Partial<Preferences>;
  readonly accept?: readonly string[];
  readonly contentType?: string;
}

/** A write of `body` (JSON unless `contentType` says otherwise) to `table`. */
export const writeRequest = (
  table: string,
  kind: 'create' | 'update' | 'single-upsert' | 'delete',
  body: string | undefined,
  options: WriteOptions = {},
): ApiRequest => {
  const action: Action = { kind };
  const request = readRequest(table, options.query ?? {}, {
    method: METHOD[kind]!,
    action,
    preferences: { handling: 'lenient', invalid: [], ...options.prefs },
    accept: options.accept ?? [],
    contentType: options.contentType ?? 'application/json',
  });
  const payload =
    body === undefined
      ? undefined
      : parsePayload(Buffer.from(body), options.contentType, { action, columns: options.query?.columns });
  return payload === undefined ? request : { ...request, payload };
};
