// One statement per request, whatever the depth of embedding: a read, a count and a write
// with `return=representation` each compile to a single main statement with every level
// of the tree inside it as a LATERAL subquery (no statement per level, no N+1 queries),
// and to-one levels run per row of a to-many one are fenced to stay index lookups.
import { describe, expect, it } from 'vitest';
import { parseApiRequest } from '../api-request/api-request.ts';
import { parsePayload } from '../api-request/payload.ts';
import type { RawRequest } from '../api-request/types.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { planRequest } from '../plan/plan-request.ts';
import { testCache } from '../plan/test-schema.ts';
import { compileRequest } from './compile-request.ts';
import type { CompiledRequest } from './types.ts';

const settings = { ...defaultDataApiSettings, dbAggregatesEnabled: true };

const compiled = (method: string, path: string, search: string, headers: RawRequest['headers'] = {}, body = ''): CompiledRequest => {
  const raw: RawRequest = { method, path, search, headers, body: Buffer.from(body) };
  const parsed = parseApiRequest(raw, { schemas: ['public'] });
  const payload = parsePayload(raw.body, parsed.contentType, { action: parsed.action, columns: parsed.query.columns });
  const plan = planRequest(payload === undefined ? parsed : { ...parsed, payload }, testCache, settings);
  if (plan.kind === 'info' || plan.kind === 'openapi') throw new Error(`${path} planned no statement`);
  return compileRequest(plan);
};

// tasks <-> users through users_tasks, alternating: `users(id,tasks(id,users(id,...)))`.
const chain = (depth: number): string => {
  let select = 'id';
  for (let level = depth; level >= 1; level--) select = `id,${level % 2 === 1 ? 'users' : 'tasks'}(${select})`;
  return select;
};

const lateralCount = (text: string): number => text.split('JOIN LATERAL').length - 1;

describe('one statement per request', () => {
  it.each([1, 2, 3, 8, 32])('a read embedding %i levels deep is one statement with a lateral per level', (depth) => {
    const { main, plannedCount } = compiled('GET', '/tasks', `select=${chain(depth)}`);
    expect(plannedCount).toBeUndefined();
    expect(main.text).not.toContain(';');
    expect(lateralCount(main.text)).toBe(depth);
    // Every level filters its children by the parent row, through the junction.
    expect(main.text.split('"users_tasks"').length - 1).toBe(depth);
  });

  it('counts exactly in the same statement, !inner levels as EXISTS', () => {
    const { main, plannedCount } = compiled('GET', '/tasks', 'select=id,users!inner(id,tasks!inner(id))&limit=5', {
      prefer: 'count=exact',
    });
    expect(plannedCount).toBeUndefined();
    expect(main.text).not.toContain(';');
    expect(main.text).toContain('pgrst_source_count AS (SELECT 1 FROM "public"."tasks" AS "tasks" WHERE EXISTS (');
  });

  it('writes and returns a three-level representation in one statement', () => {
    const { main } = compiled(
      'POST',
      '/projects',
      `select=${encodeURIComponent('id,clients(id,projects(id,tasks(id)))')}`,
      { prefer: 'return=representation', 'content-type': 'application/json' },
      '[{"id": 9, "name": "p", "client_id": 1}]',
    );
    expect(main.text).not.toContain(';');
    expect(main.text.startsWith('WITH ')).toBe(true);
    expect(main.text).toContain('INSERT INTO "public"."projects"');
    expect(lateralCount(main.text)).toBe(3);
  });

  it('fences a to-one embed below a to-many one with OFFSET 0, and only there', () => {
    const top = compiled('GET', '/projects', 'select=id,clients(id)').main.text;
    expect(top).not.toContain('OFFSET');
    const below = compiled('GET', '/clients', 'select=id,projects(id,clients(id,projects(id)))').main.text;
    expect(below.match(/OFFSET 0/g)).toHaveLength(1);
    expect(below).toContain('WHERE "clients_2"."id" = "projects_1"."client_id" OFFSET 0)');
    // A page of its own is fence enough.
    const paged = compiled('GET', '/clients', 'select=id,projects(id,clients(id))&projects.clients.limit=1').main.text;
    expect(paged).toContain('LIMIT $1 OFFSET $2)');
    expect(paged).not.toContain('OFFSET 0');
  });

  it('keeps the statement text and parameter count linear in the depth', () => {
    const at = (depth: number) => compiled('GET', '/tasks', `select=${chain(depth)}&limit=1`).main;
    const [a, b, c] = [at(8), at(16), at(32)];
    expect(b.text.length - a.text.length).toBeGreaterThan(0);
    // 16 more levels add about twice the text 8 more did: no level is compiled twice.
    expect((c.text.length - b.text.length) / (b.text.length - a.text.length)).toBeLessThan(2.2);
    expect(c.params.length).toBe(a.params.length);
  });
});
