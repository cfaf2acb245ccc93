// Embedding at scale: three levels of embeds over 10,000 parents are one statement whose
// plan reaches the children through their foreign-key indexes (no sequential scan of a
// child table), read through db-plan-enabled's `application/vnd.pgrst.plan+json`, and the
// rows it returns are the ones the indexes lead to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, fixture, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase(await fixture('embed-plans.sql'));
  server = await startTestServer(db, { dbPlanEnabled: true });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Alias?: string;
  readonly Plans?: readonly PlanNode[];
}

const nodesOf = (node: PlanNode): readonly PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

const planOf = async (path: string): Promise<readonly PlanNode[]> => {
  const res = await server.fetch(path, { headers: { Accept: 'application/vnd.pgrst.plan+json' } });
  expect(res.status).toBe(200);
  const [explained] = (await res.json()) as { Plan: PlanNode }[];
  return nodesOf(explained!.Plan);
};

const scansOf = (nodes: readonly PlanNode[], relation: string) =>
  nodes.filter((n) => n['Relation Name'] === relation).map((n) => `${n['Node Type']} ${n['Index Name'] ?? ''}`.trim());

// posts -> comments (to-many) -> votes (to-many) -> voter (to-one), and the post's author.
const THREE_LEVELS = '/posts?select=id,title,author:authors(name),comments(id,body,votes(up,voter:authors(name)))';

describe('query plans of embeds', () => {
  it('reads the children of 10,000 parents through their foreign-key indexes', async () => {
    const nodes = await planOf(THREE_LEVELS);
    expect(scansOf(nodes, 'posts')).toHaveLength(1);
    for (const [child, index] of [
      ['comments', 'comments_post_id_idx'],
      ['votes', 'votes_comment_id_idx'],
    ] as const) {
      const scans = scansOf(nodes, child);
      expect(scans.length, child).toBeGreaterThan(0);
      expect(scans.filter((s) => s.startsWith('Seq Scan')), child).toEqual([]);
      expect(scans.some((s) => s.endsWith(index)) || nodes.some((n) => n['Index Name'] === index), child).toBe(true);
    }
    // The voter of each vote (a to-one below two to-many levels, run 60,000 times) is a lookup
    // by primary key, not a hash of all authors per comment; the post's author may be either.
    const voter = nodes.filter((n) => n.Alias === 'authors_3');
    expect(voter.map((n) => `${n['Node Type']} ${n['Index Name']}`)).toEqual(['Index Scan authors_pkey']);
    expect(scansOf(nodes, 'authors').filter((s) => s.startsWith('Seq Scan')).length).toBeLessThanOrEqual(1);
  });

  it('keeps the index scans with embedded filters, order and limit (the last comments of each post)', async () => {
    const nodes = await planOf(
      `${THREE_LEVELS}&comments.order=created_at.desc&comments.limit=2&comments.votes.up=is.true&order=created_at.desc&limit=50`,
    );
    expect(scansOf(nodes, 'comments').filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
    expect(scansOf(nodes, 'votes').filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
  });

  it('returns every parent with its whole tree', async () => {
    const res = await server.fetch(THREE_LEVELS + '&order=id', { headers: { Prefer: 'count=exact' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('0-9999/10000');
    const posts = (await res.json()) as {
      id: number;
      author: { name: string };
      comments: { id: number; votes: { up: boolean; voter: { name: string } }[] }[];
    }[];
    expect(posts).toHaveLength(10_000);
    expect(posts.every((p) => p.comments.length === 3 && p.comments.every((c) => c.votes.length === 2))).toBe(true);
    const last = posts[9_999]!;
    expect(last).toMatchObject({ id: 10_000, author: { name: 'Author 1' } });
    expect(last.comments.map((c) => c.id).sort((a, b) => a - b)).toEqual([29_998, 29_999, 30_000]);
    expect(last.comments[0]!.votes.map((v) => v.voter.name).sort()).toEqual(
      [1, 2].map((k) => `Author ${((last.comments[0]!.id + k) % 500) + 1}`).sort(),
    );
  });
});
