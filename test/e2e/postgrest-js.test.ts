// The real @supabase/postgrest-js client (what @neondatabase/postgrest-js and neon-js wrap)
// against the server: the guide's query, embedding (paged by referencedTable, spread, computed,
// filtering the parent by an embed), counts, single rows, writes and RPC; and
// the guide's own NeonPostgrestClient (anonymous until JWT verification lands).
import { NeonPostgrestClient } from '@neondatabase/postgrest-js';
import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, fixture, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let server: TestServer;
let client: PostgrestClient;

beforeAll(async () => {
  db = await createTestDatabase(await fixture('sdk.sql'));
  server = await startTestServer(db);
  client = new PostgrestClient(server.url);
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('@supabase/postgrest-js', () => {
  it("runs the guide's query: published posts, newest first", async () => {
    const { data, error } = await client.from('posts').select('*').eq('is_published', true).order('created_at', { ascending: false });
    expect(error).toBeNull();
    expect(data!.map((p) => p.content)).toEqual(['second', 'first']);
  });

  it('embeds, filters on the embed, counts and pages', async () => {
    const { data, count, error } = await client
      .from('posts')
      .select('content, authors!inner(name)', { count: 'exact' })
      .eq('authors.name', 'ann')
      .order('id')
      .range(0, 0);
    expect(error).toBeNull();
    expect(count).toBe(2);
    expect(data).toEqual([{ content: 'first', authors: { name: 'ann' } }]);
  });

  it("pages and orders a to-many embed with the SDK's referencedTable options, under RLS", async () => {
    const { data, error } = await client
      .from('authors')
      .select('name, posts(content)')
      .order('id')
      .order('created_at', { referencedTable: 'posts', ascending: false })
      .limit(1, { referencedTable: 'posts' });
    expect(error).toBeNull();
    // bob's only post is a draft: the policy hides it inside the embed as it does at the top.
    expect(data).toEqual([
      { name: 'ann', posts: [{ content: 'second' }] },
      { name: 'bob', posts: [] },
    ]);
  });

  it('spreads, computed relationships and computed fields, and filters the parent by an embed', async () => {
    const spread = await client.from('posts').select('content, ...authors(author:name)').order('id');
    expect(spread.error).toBeNull();
    expect(spread.data).toEqual([
      { content: 'first', author: 'ann' },
      { content: 'second', author: 'ann' },
    ]);
    const computed = await client.from('authors').select('display_name, latest_post(content)').order('id');
    expect(computed.error).toBeNull();
    expect(computed.data).toEqual([
      { display_name: 'Ann', latest_post: { content: 'second' } },
      { display_name: 'Bob', latest_post: null },
    ]);
    const byEmbed = await client.from('posts').select('content, authors(name)').eq('authors(name)', 'ann').order('id', { ascending: false });
    expect(byEmbed.error).toBeNull();
    expect(byEmbed.data!.map((p) => p.content)).toEqual(['second', 'first']);
  });

  it('answers single() and maybeSingle() as PostgREST does', async () => {
    const one = await client.from('authors').select('name').eq('id', 2).single();
    expect(one.data).toEqual({ name: 'bob' });
    const none = await client.from('authors').select('name').eq('id', 99).maybeSingle();
    expect(none).toMatchObject({ data: null, error: null });
    const many = await client.from('authors').select('name').single();
    expect(many.error).toMatchObject({ code: 'PGRST116' });
    expect(many.status).toBe(406);
  });

  it('inserts, updates and deletes with representation', async () => {
    const inserted = await client.from('posts').insert({ content: 'third', is_published: true, author_id: 2 }).select('id, content').single();
    expect(inserted.error).toBeNull();
    expect(inserted.status).toBe(201);
    const id = (inserted.data as { id: number }).id;
    const updated = await client.from('posts').update({ content: 'third, edited' }).eq('id', id).select('content');
    expect(updated.data).toEqual([{ content: 'third, edited' }]);
    const removed = await client.from('posts').delete().eq('id', id).select('id');
    expect(removed.data).toEqual([{ id }]);
  });

  it('upserts on the primary key', async () => {
    const { data, error } = await client.from('authors').upsert({ id: 1, name: 'ann b.' }).select('id, name');
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 1, name: 'ann b.' }]);
  });

  it('returns RLS refusals and constraint errors as PostgREST errors', async () => {
    const hidden = await client.from('posts').insert({ content: 'secret', is_published: false });
    expect(hidden.error).toMatchObject({ code: '42501' });
    expect(hidden.status).toBe(401);
    const bad = await client.from('posts').insert({ content: null, is_published: true });
    expect(bad.error).toMatchObject({ code: '23502' });
    const missing = await client.from('nope').select('*');
    expect(missing.error).toMatchObject({ code: 'PGRST205' });
  });

  it('calls functions', async () => {
    const { data, error } = await client.rpc('published_count');
    expect(error).toBeNull();
    expect(data).toBe(2);
  });

  it('reads CSV', async () => {
    const { data } = await client.from('authors').select('id, name').order('id').csv();
    // PostgREST's CSV is each row's record text, so a value with a space is quoted.
    expect(data).toBe('id,name\n1,"ann b."\n2,bob');
  });
});

describe('@neondatabase/postgrest-js', () => {
  it("runs the guide's query through NeonPostgrestClient at the dataApiUrl", async () => {
    const neon = new NeonPostgrestClient({ dataApiUrl: server.url, options: { global: { fetch } } });
    const { data, error } = await neon.from('posts').select('*').eq('is_published', true).order('created_at', { ascending: false });
    expect(error).toBeNull();
    expect((data as { content: string }[]).map((p) => p.content)).toEqual(['second', 'first']);
  });
});

