// A small hand-built schema cache and request builder for the planner's and compiler's
// table-driven tests (projects -> clients, projects <- tasks, users <-> tasks through
// users_tasks, messages -> users twice, a jsonb/array/tsvector table, computed relationships
// projects -> clients and clients -> projects, computed fields of projects and items).
// Test support only; nothing imports it at run time.
import type { ApiRequest, Field, Filter, JsonStep, Operation, QueryParams, SelectItem } from '../api-request/types.ts';
import { tableKey, type Column, type ComputedField, type Relationship, type SchemaCache, type Table } from '../schema-cache/types.ts';

const column = (name: string, type: string, position: number): Column => ({
  name,
  description: null,
  nullable: true,
  type,
  nominalType: type.replace(/\(.*\)/, ''),
  category: type.endsWith('[]') ? 'A' : 'U',
  maxLength: null,
  default: null,
  enumValues: [],
  generated: false,
  position,
});

const computedField = (name: string, type: string): ComputedField => ({
  name,
  function: { schema: 'public', name },
  description: null,
  type,
  nominalType: type,
  category: 'U',
});

// Names Postgres would call on a row (pg_catalog's polymorphic functions, as the catalog reports them).
const ROW_FUNCTIONS: ReadonlySet<string> = new Set(['to_json', 'count']);

const table = (
  name: string,
  columns: readonly (readonly [string, string])[],
  primaryKey: readonly string[] = ['id'],
  computed: readonly (readonly [string, string])[] = [],
): Table => ({
  schema: 'public',
  name,
  kind: 'table',
  description: null,
  insertable: true,
  updatable: true,
  deletable: true,
  primaryKey,
  uniqueKeys: [],
  columns: new Map(columns.map(([n, t], i) => [n, column(n, t, i + 1)])),
  computedFields: new Map(computed.map(([n, t]) => [n, computedField(n, t)])),
  rowFunctionNames: ROW_FUNCTIONS,
  grants: {},
});

const q = (name: string) => ({ schema: 'public', name });

const fk = (
  from: string,
  to: string,
  constraint: string,
  columns: readonly (readonly [string, string])[],
): readonly Relationship[] => [
  { kind: 'm2o', table: q(from), foreignTable: q(to), constraint, columns, isSelf: from === to },
  {
    kind: 'o2m',
    table: q(to),
    foreignTable: q(from),
    constraint,
    columns: columns.map(([a, b]) => [b, a] as const),
    isSelf: from === to,
  },
];

const tables = [
  table('clients', [
    ['id', 'integer'],
    ['name', 'text'],
  ]),
  table(
    'projects',
    [
      ['id', 'integer'],
      ['name', 'text'],
      ['client_id', 'integer'],
    ],
    ['id'],
    [['label', 'text']],
  ),
  table('tasks', [
    ['id', 'integer'],
    ['name', 'text'],
    ['project_id', 'integer'],
  ]),
  table('users', [
    ['id', 'integer'],
    ['name', 'text'],
  ]),
  table(
    'users_tasks',
    [
      ['user_id', 'integer'],
      ['task_id', 'integer'],
    ],
    ['user_id', 'task_id'],
  ),
  table('messages', [
    ['id', 'integer'],
    ['sender_id', 'integer'],
    ['recipient_id', 'integer'],
  ]),
  table(
    'items',
    [
      ['id', 'integer'],
      ['data', 'jsonb'],
      ['meta', 'json'],
      ['tags', 'text[]'],
      ['tsv', 'tsvector'],
      ['body', 'text'],
      ['status', 'integer'],
    ],
    ['id'],
    [
      ['doc', 'jsonb'],
      ['words', 'tsvector'],
      ['weight', 'integer'],
    ],
  ),
];

const m2m: readonly Relationship[] = [
  {
    kind: 'm2m',
    table: q('users'),
    foreignTable: q('tasks'),
    junction: {
      table: q('users_tasks'),
      constraint1: 'users_tasks_user_id_fkey',
      constraint2: 'users_tasks_task_id_fkey',
      sourceColumns: [['id', 'user_id']],
      targetColumns: [['id', 'task_id']],
    },
    isSelf: false,
  },
  {
    kind: 'm2m',
    table: q('tasks'),
    foreignTable: q('users'),
    junction: {
      table: q('users_tasks'),
      constraint1: 'users_tasks_task_id_fkey',
      constraint2: 'users_tasks_user_id_fkey',
      sourceColumns: [['id', 'task_id']],
      targetColumns: [['id', 'user_id']],
    },
    isSelf: false,
  },
];

const relationships: readonly Relationship[] = [
  ...fk('projects', 'clients', 'projects_client_id_fkey', [['client_id', 'id']]),
  ...fk('tasks', 'projects', 'tasks_project_id_fkey', [['project_id', 'id']]),
  ...fk('users_tasks', 'users', 'users_tasks_user_id_fkey', [['user_id', 'id']]),
  ...fk('users_tasks', 'tasks', 'users_tasks_task_id_fkey', [['task_id', 'id']]),
  ...fk('messages', 'users', 'messages_sender_id_fkey', [['sender_id', 'id']]),
  ...fk('messages', 'users', 'messages_recipient_id_fkey', [['recipient_id', 'id']]),
  ...m2m,
  { kind: 'computed', table: q('projects'), foreignTable: q('clients'), function: q('client_of'), toOne: true, isSelf: false },
  { kind: 'computed', table: q('clients'), foreignTable: q('projects'), function: { schema: 'api', name: 'projects_of' }, toOne: false, isSelf: false },
];

const byTable = new Map<string, Relationship[]>();
for (const r of relationships) {
  const key = tableKey(r.table.schema, r.table.name);
  byTable.set(key, [...(byTable.get(key) ?? []), r]);
}

export const testCache: SchemaCache = {
  tables: new Map(tables.map((t) => [tableKey(t.schema, t.name), t])),
  relationships: byTable,
  routines: new Map(),
  schemas: ['public'],
  loadedAt: new Date(0),
};

export const testTable = (name: string): Table => {
  const t = testCache.tables.get(tableKey('public', name));
  if (t === undefined) throw new Error(`no test table ${name}`);
  return t;
};

const emptyQuery: QueryParams = { select: [], filters: [], logic: [], order: [], ranges: [], rootParams: [] };

/** A GET of `table` with the given parsed query (and overrides of the rest). */
export const readRequest = (table: string, query: Partial<QueryParams> = {}, rest: Partial<ApiRequest> = {}): ApiRequest => ({
  method: 'GET',
  action: { kind: 'read', headersOnly: false },
  target: { kind: 'relation', name: table },
  schema: 'public',
  schemaNegotiated: false,
  query: { ...emptyQuery, ...query },
  preferences: { handling: 'lenient', invalid: [] },
  range: { offset: 0 },
  rangeHeader: false,
  accept: [],
  contentType: 'application/json',
  path: `/${table}`,
  headers: {},
  cookies: {},
  ...rest,
});

type FieldItem = Extract<SelectItem, { kind: 'field' }>;
type RelationItem = Extract<SelectItem, { kind: 'relation' }>;

export const fieldOf = (name: string, jsonPath: readonly JsonStep[] = []): Field => ({ name, jsonPath });
export const col = (name: string, extra: Partial<FieldItem> = {}): SelectItem => ({ kind: 'field', field: fieldOf(name), ...extra });
export const star: SelectItem = { kind: 'star' };
export const rel = (relation: string, children: readonly SelectItem[], extra: Partial<RelationItem> = {}): SelectItem => ({
  kind: 'relation',
  relation,
  spread: false,
  children,
  ...extra,
});
export const filterOf = (name: string, operation: Operation, negated = false, jsonPath: readonly JsonStep[] = []): Filter => ({
  field: fieldOf(name, jsonPath),
  opExpr: { negated, operation },
});
export const eq = (name: string, value: string): Filter => filterOf(name, { kind: 'quant', op: 'eq', value });
