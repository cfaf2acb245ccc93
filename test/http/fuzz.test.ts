// Thousands of random and hostile query strings: every answer must be a 2xx, or a 4xx with
// PostgREST's JSON error body, and no answer may ever contain a row the role cannot see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, fixture, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase(await fixture('fuzz.sql'));
  server = await startTestServer(db, { dbMaxRows: 1000 });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

// A small seeded PRNG so a failure can be replayed from the printed seed.
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const COLUMNS = ['id', 'author_id', 'title', 'body', 'published', 'tags', 'meta', 'score', 'created_at', 'period', 'search', 'nope', 'secrets', ''];
const OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch', 'in', 'is', 'isdistinct', 'fts', 'plfts', 'phfts', 'wfts', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj', 'bogus', 'eq(any)', 'like(all)', 'fts(english)'];
const VALUES = [
  '1', '0', '-1', '99999999999999999999999', '1.5', 'true', 'false', 'null', 'not_null', 'unknown',
  "' or 1=1 --", '"; drop table docs; --', '(1,2,3)', '("a,b",c)', '{t1,x}', '{}', '[1,10)', '(,)', '*VISIBLE*', '%',
  'ü日本', '\u0000', '\\', '"', "''", '()', ')(', ',,,', 'a.b.c', 'VISIBLE', 'x'.repeat(5000), '{"n":1}', '\ud83d\ude00', '..',
  'select pg_sleep(10)', '$1', '::text', '->>', 'title.eq.1', 'or(', 'and()',
];
const SELECTS = [
  '*', 'id,title', 'title:body', 'id::text', 'meta->n', 'meta->>k', 'meta->arr->0', 'tags->0', 'authors(*)', '*,authors(name)',
  '*,secrets(*)', 'id,', ',', '(', 'a:b:c', 'id::', 'nope', '...authors(name)', 'authors!inner(*)', 'count()', 'id.sum()',
  'docs(*)', '"title"', 'title,title', "id'x", '*,authors!docs_author_id_fkey(name)', 'x'.repeat(300),
];

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const logicTree = (rand: () => number, depth: number): string => {
  const n = 1 + Math.floor(rand() * 3);
  const items = Array.from({ length: n }, () =>
    depth > 0 && rand() < 0.3
      ? `${pick(rand, ['and', 'or', 'not.and', 'not.or'])}(${logicTree(rand, depth - 1)})`
      : `${pick(rand, COLUMNS)}.${rand() < 0.2 ? 'not.' : ''}${pick(rand, OPERATORS)}.${pick(rand, VALUES)}`,
  );
  return items.join(',');
};

const queryString = (rand: () => number): string => {
  const parts: string[] = [];
  const enc = (s: string) => (rand() < 0.8 ? encodeURIComponent(s) : s.replace(/[#&?\s]/g, encodeURIComponent));
  if (rand() < 0.6) parts.push(`select=${enc(pick(rand, SELECTS))}`);
  const filters = Math.floor(rand() * 4);
  for (let i = 0; i < filters; i++)
    parts.push(`${enc(pick(rand, COLUMNS))}=${enc(`${rand() < 0.2 ? 'not.' : ''}${pick(rand, OPERATORS)}.${pick(rand, VALUES)}`)}`);
  if (rand() < 0.3) parts.push(`${pick(rand, ['or', 'and', 'not.or', 'authors.or'])}=${enc(`(${logicTree(rand, 3)})`)}`);
  if (rand() < 0.3) parts.push(`order=${enc(`${pick(rand, COLUMNS)}${pick(rand, ['', '.asc', '.desc', '.nullsfirst', '.desc.nullslast', '.bogus'])}`)}`);
  if (rand() < 0.2) parts.push(`limit=${enc(pick(rand, ['0', '1', '10', '-1', 'x', '1e9', '']))}`);
  if (rand() < 0.2) parts.push(`offset=${enc(pick(rand, ['0', '5', '-3', 'y', '100000']))}`);
  if (rand() < 0.1) parts.push(enc(pick(rand, VALUES)));
  return parts.join('&');
};

const HEADER_CHOICES: readonly Record<string, string>[] = [
  {},
  { Range: '0-4' },
  { Range: '10-2' },
  { Range: 'bogus' },
  { Prefer: 'count=exact' },
  { Prefer: 'count=planned' },
  { Prefer: 'count=estimated, handling=strict' },
  { Prefer: 'nonsense=1, handling=strict' },
  { Accept: 'text/csv' },
  { Accept: 'application/vnd.pgrst.object+json' },
  { Accept: 'image/png' },
  { 'Accept-Profile': 'private' },
];

const FORBIDDEN = /HIDDEN|TOPSECRET/;

const check = async (path: string, headers: Record<string, string>): Promise<string | undefined> => {
  const res = await server.fetch(path, { headers });
  const text = await res.text();
  if (res.status >= 500) return `${res.status} for ${path} ${JSON.stringify(headers)}: ${text.slice(0, 300)}`;
  if (res.status >= 300 && res.status < 400 && res.status !== 300) return `unexpected ${res.status} for ${path}`;
  // Query values never contain the markers, so one in any answer came from a row.
  if (FORBIDDEN.test(text)) return `leaked a row for ${path} ${JSON.stringify(headers)}: ${text.slice(0, 300)}`;
  if (res.status >= 400 || res.status === 300) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return `non-JSON error for ${path}: ${text.slice(0, 200)}`;
    }
    if (typeof body.code !== 'string' || typeof body.message !== 'string' || !('details' in body) || !('hint' in body))
      return `malformed error body for ${path}: ${text.slice(0, 200)}`;
    if (/\bat .*\.ts:\d+/.test(text)) return `stack trace in error for ${path}`;
  }
  return undefined;
};

describe('fuzzed query strings', () => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261201);
  it(`answers 3000 random requests with 2xx or a 4xx JSON error and never leaks a row (seed ${seed})`, async () => {
    const rand = prng(seed);
    const cases = Array.from({ length: 3000 }, () => ({
      path: `/${pick(rand, ['docs', 'docs', 'docs', 'authors', 'secrets', 'nope', 'docs/x', ''])}?${queryString(rand)}`,
      headers: pick(rand, HEADER_CHOICES),
    }));
    const failures: string[] = [];
    let ok = 0;
    for (let i = 0; i < cases.length; i += 25) {
      const batch = await Promise.all(cases.slice(i, i + 25).map((c) => check(c.path, c.headers)));
      for (const f of batch) if (f) failures.push(f);
      ok += batch.filter((f) => f === undefined).length;
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(ok).toBe(cases.length);
  }, 240_000);

  it('the unfiltered read returns exactly the published rows', async () => {
    const res = await server.fetch('/docs?select=id&order=id');
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { id: number }[]).map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => i + 1).filter((i) => i % 3 !== 0));
  });

  it('the table without privileges is refused', async () => {
    const res = await server.fetch('/secrets');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: '42501' });
  });
});
