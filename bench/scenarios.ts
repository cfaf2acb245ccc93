// The bench's workload, as data: each scenario is one Data API request, sent over HTTP by wrk or
// autocannon (load-http.ts) and, as the same transaction, straight to Postgres. Adding one is one entry.
// `{id}` is a random published post id and `{n}` a request counter (worker/fill-request.cjs).

export interface Scenario {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query under the Data API's root. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export const scenarios: readonly Scenario[] = [
  { name: 'list 10 published', method: 'GET', path: '/posts?select=*&is_published=eq.true&order=created_at.desc&limit=10' },
  { name: 'read one by id', method: 'GET', path: '/posts?id=eq.{id}' },
  { name: 'one with its comments (embed)', method: 'GET', path: '/posts?select=id,content,comments(id,body)&id=eq.{id}' },
  {
    name: '10 with author and last 3 comments',
    method: 'GET',
    path:
      '/posts?select=id,content,created_at,author:authors(name),comments(id,body,created_at)' +
      '&comments.order=created_at.desc&comments.limit=3&is_published=eq.true&order=created_at.desc&limit=10',
  },
  {
    name: 'insert one, return=representation',
    method: 'POST',
    path: '/posts',
    headers: { 'content-type': 'application/json', prefer: 'return=representation' },
    // user_id is explicit while requests run as `anonymous` (auth.user_id() is NULL without a JWT).
    body: '{"user_id":"bench_writer","content":"bench post {n}","is_published":true}',
  },
];
