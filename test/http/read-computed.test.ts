// Functions taking a table's row type: computed relationships (embeds by function name,
// to-one or to-many, nested, aliased, !inner with counts, spreads, self joins, overloads,
// FK overrides, RPC results and write representations) and computed fields (select, filters,
// logic trees, order, JSON paths, full-text search, casts, embeds, spreads, aggregates).
import { describe, expect, it } from 'vitest';
import { pgrstError, sendTo, useFixtureClient, type Reply } from '../support/fixture-server.ts';
import type { TestServer } from '../support/server.ts';

const client = (server: () => TestServer) => ({
  send: (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> =>
    sendTo(server(), method, path, body, headers),
  get: (path: string, headers?: Record<string, string>): Promise<Reply> => sendTo(server(), 'GET', path, undefined, headers),
});

// Every write is rolled back, so the tests share the fixture's rows as they are.
const api = useFixtureClient('computed.sql', { dbTxEnd: 'rollback' }, client);

const json = async (path: string, headers?: Record<string, string>): Promise<unknown> => {
  const r = await api.get(path, headers);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
  return r.json;
};

const RETURN = { Prefer: 'return=representation' };

const games = (designer: (name: string) => unknown) => [
  { name: 'Civilization I', designer: designer('Sid Meier') },
  { name: 'Civilization II', designer: designer('Sid Meier') },
  { name: 'Final Fantasy I', designer: designer('Hironobu Sakaguchi') },
  { name: 'Final Fantasy II', designer: designer('Hironobu Sakaguchi') },
];

describe('computed relationships', () => {
  it('embeds a to-one relationship, with SETOF and ROWS 1 or without SETOF', async () => {
    const expected = games((name) => ({ name }));
    expect(await json('/videogames?select=name,designer:computed_designers(name)&order=id')).toEqual(expected);
    expect(await json('/videogames?select=name,designer:computed_designers_noset(name)&order=id')).toEqual(expected);
  });

  it('embeds a to-many relationship as an array', async () => {
    expect(await json('/designers?select=name,videogames:computed_videogames(name)&order=id')).toEqual([
      { name: 'Sid Meier', videogames: [{ name: 'Civilization I' }, { name: 'Civilization II' }] },
      { name: 'Hironobu Sakaguchi', videogames: [{ name: 'Final Fantasy I' }, { name: 'Final Fantasy II' }] },
    ]);
  });

  it('filters the parent with !inner and counts what it keeps', async () => {
    const many = await api.get(
      '/designers?select=name,videogames:computed_videogames!inner(name)&videogames.name=eq.Civilization%20I',
      { Prefer: 'count=exact' },
    );
    expect([many.status, many.json, many.headers.get('content-range')]).toEqual([
      200,
      [{ name: 'Sid Meier', videogames: [{ name: 'Civilization I' }] }],
      '0-0/1',
    ]);
    for (const fn of ['computed_designers', 'computed_designers_noset']) {
      const one = await api.get(`/videogames?select=name,designer:${fn}!inner(name)&designer.name=like.*Hironobu*&order=id`, {
        Prefer: 'count=exact',
      });
      expect([one.status, one.json, one.headers.get('content-range')]).toEqual([
        200,
        games((name) => ({ name })).slice(2),
        '0-1/2',
      ]);
    }
    // A page below the total: the count query walks the call too.
    const paged = await api.get('/videogames?select=id,computed_designers!inner()&computed_designers.name=eq.Sid%20Meier&limit=1', {
      Prefer: 'count=exact',
    });
    expect([paged.json, paged.headers.get('content-range')]).toEqual([[{ id: 1 }], '0-0/2']);
  });

  it('takes embedded filters, orders and limits, and rel=not.is.null', async () => {
    expect(
      await json('/designers?select=name,computed_videogames(name)&computed_videogames.order=name.desc&computed_videogames.limit=1&order=id'),
    ).toEqual([
      { name: 'Sid Meier', computed_videogames: [{ name: 'Civilization II' }] },
      { name: 'Hironobu Sakaguchi', computed_videogames: [{ name: 'Final Fantasy II' }] },
    ]);
    const path = '/designers?select=name,computed_videogames(name)&computed_videogames.name=like.Final*&computed_videogames=not.is.null';
    const r = await api.get(path, { Prefer: 'count=exact' });
    expect([r.json, r.headers.get('content-range')]).toEqual([
      [{ name: 'Hironobu Sakaguchi', computed_videogames: [{ name: 'Final Fantasy I' }, { name: 'Final Fantasy II' }] }],
      '0-0/1',
    ]);
    expect(await json('/videogames?select=id,computed_designers(name)&computed_designers=is.null')).toEqual([]);
  });

  it('orders the parent by a column of a to-one computed embed', async () => {
    expect(await json('/videogames?select=id,d:computed_designers(name)&order=d(name).asc,id.desc')).toEqual([
      { id: 4, d: { name: 'Hironobu Sakaguchi' } },
      { id: 3, d: { name: 'Hironobu Sakaguchi' } },
      { id: 2, d: { name: 'Sid Meier' } },
      { id: 1, d: { name: 'Sid Meier' } },
    ]);
  });

  it('spreads to-one and to-many computed embeds', async () => {
    expect(await json('/videogames?select=name,...computed_designers(designer:name)&id=in.(1,3)&order=id')).toEqual([
      { name: 'Civilization I', designer: 'Sid Meier' },
      { name: 'Final Fantasy I', designer: 'Hironobu Sakaguchi' },
    ]);
    expect(await json('/designers?select=name,...computed_videogames(games:name)&id=eq.1')).toEqual([
      { name: 'Sid Meier', games: ['Civilization I', 'Civilization II'] },
    ]);
  });

  it('works with self joins', async () => {
    expect(await json('/web_content?select=name,child_web_content(name),parent_web_content(name)&id=in.(0,1)&order=id')).toEqual([
      { name: 'tardis', child_web_content: [{ name: 'fezz' }, { name: 'foo' }, { name: 'bar' }], parent_web_content: { name: 'wat' } },
      { name: 'fezz', child_web_content: [{ name: 'wut' }], parent_web_content: { name: 'tardis' } },
    ]);
    // Three levels of the same table, each call fed the row of the level above.
    expect(await json('/web_content?select=name,parent_web_content(name,parent_web_content(name))&id=eq.4')).toEqual([
      { name: 'wut', parent_web_content: { name: 'fezz', parent_web_content: { name: 'tardis' } } },
    ]);
  });

  it('nests with the right aliases, also after and before FK embeds (PostgREST #2455)', async () => {
    expect(await json('/fee?select=*,jsbaz(*,janedoe(*))')).toEqual([
      { fee_id: 1, jsbaz: [{ baz_id: 10, janedoe: [{ janedoe_id: 100, baz_id: 10 }] }] },
    ]);
    expect(await json('/fee?select=*,jsbaz(*,johnsmith(johnsmith_id,fee(*)))')).toEqual([
      { fee_id: 1, jsbaz: [{ baz_id: 10, johnsmith: [{ johnsmith_id: 1000, fee: { fee_id: 1 } }] }] },
    ]);
    expect(await json('/projects?select=name,clients(name,computed_projects(name))&limit=1&order=id')).toEqual([
      { name: 'Windows 7', clients: { name: 'Microsoft', computed_projects: [{ name: 'Windows 7' }, { name: 'Windows 10' }] } },
    ]);
    expect(await json('/clients?select=name,projects(name,computed_clients(name))&limit=1&order=id&projects.order=id')).toEqual([
      {
        name: 'Microsoft',
        projects: [
          { name: 'Windows 7', computed_clients: { name: 'Microsoft' } },
          { name: 'Windows 10', computed_clients: { name: 'Microsoft' } },
        ],
      },
    ]);
  });

  it('tells overloads for different row types apart (PostgREST #2963)', async () => {
    expect(await json('/items?select=*,computed_rel_overload(*)&limit=1&order=id')).toEqual([{ id: 1, computed_rel_overload: [{ id: 1 }] }]);
    expect(await json('/items2?select=*,computed_rel_overload(*)&limit=1&order=id')).toEqual([
      { id: 1, computed_rel_overload: [{ id: 1 }, { id: 2 }] },
    ]);
    expect(await json('/rpc/search?id=1&select=*,computed_rel_overload(*)')).toEqual([{ id: 1, computed_rel_overload: [{ id: 1 }] }]);
    expect(await json('/rpc/search2?id=1&select=*,computed_rel_overload(*)')).toEqual([
      { id: 1, computed_rel_overload: [{ id: 1 }, { id: 2 }] },
    ]);
  });

  it('embeds in the rows a function returns', async () => {
    expect(await json('/rpc/getallvideogames?select=name,designer:computed_designers(name)')).toEqual(games((name) => ({ name })));
    expect(await json('/rpc/getalldesigners?select=name,videogames:computed_videogames(name)')).toEqual([
      { name: 'Sid Meier', videogames: [{ name: 'Civilization I' }, { name: 'Civilization II' }] },
      { name: 'Hironobu Sakaguchi', videogames: [{ name: 'Final Fantasy I' }, { name: 'Final Fantasy II' }] },
    ]);
    const r = await api.get('/rpc/getallvideogames?select=id,computed_designers!inner(name)&computed_designers.name=eq.Sid%20Meier&limit=1', {
      Prefer: 'count=exact',
    });
    expect([r.json, r.headers.get('content-range')]).toEqual([[{ id: 1, computed_designers: { name: 'Sid Meier' } }], '0-0/2']);
  });

  it('shapes the representation of POST, PATCH and DELETE', async () => {
    const post = await api.send('POST', '/videogames?select=name,designer:computed_designers(name)', { id: 5, name: 'Chrono Trigger', designer_id: 2, year: 1995 }, RETURN);
    expect([post.status, post.json]).toEqual([201, [{ name: 'Chrono Trigger', designer: { name: 'Hironobu Sakaguchi' } }]]);
    const patch = await api.send('PATCH', '/designers?select=name,videogames:computed_videogames(name)&id=eq.1', { name: 'Sidney K. Meier' }, RETURN);
    expect([patch.status, patch.json]).toEqual([
      200,
      [{ name: 'Sidney K. Meier', videogames: [{ name: 'Civilization I' }, { name: 'Civilization II' }] }],
    ]);
    const del = await api.send('DELETE', '/videogames?select=name,designer:computed_designers(name)&id=eq.3', undefined, RETURN);
    expect([del.status, del.json]).toEqual([200, [{ name: 'Final Fantasy I', designer: { name: 'Hironobu Sakaguchi' } }]]);
    expect(await api.rows('select count(*)::int as n, max(id) as max from videogames')).toEqual([{ n: 4, max: 4 }]);
  });

  it('overrides FK relationships named like the function, in that direction only', async () => {
    // designers(videogames) and videogames(designers) return no rows, where the FKs would.
    expect(await json('/videogames?select=*,designers!inner(*)')).toEqual([]);
    expect(await json('/designers?select=*,videogames!inner(*)')).toEqual([]);
    // first -> second has two one-to-one FKs, ambiguous but for the function `second(first)`.
    expect(await json('/first?select=name,second(name)')).toEqual([{ name: 'one', second: { name: 'dos' } }]);
    const r = await api.get('/second?select=name,first(name)');
    expect([r.status, (r.json as { code: string }).code]).toEqual([300, 'PGRST201']);
  });

  it('is ambiguous beside a FK target of the same name, described as PostgREST does', async () => {
    const r = await api.get('/videogames?select=name,publishers(name)');
    expect(r.status).toBe(300);
    expect(r.json).toEqual(
      pgrstError(
        'PGRST201',
        "Could not embed because more than one relationship was found for 'videogames' and 'publishers'",
        [
          {
            cardinality: 'many-to-one',
            embedding: 'videogames with publishers',
            relationship: 'videogames_publisher_id_fkey using videogames(publisher_id) and publishers(id)',
          },
          {},
        ],
        "Try changing 'publishers' to one of the following: 'publishers!videogames_publisher_id_fkey', . Find the desired relationship in the 'details' key.",
      ),
    );
    // The FK hint picks the FK; the hint does not reach the computed one.
    expect(await json('/videogames?select=name,publishers!videogames_publisher_id_fkey(name)&id=eq.1')).toEqual([
      { name: 'Civilization I', publishers: { name: 'MicroProse' } },
    ]);
  });

  it('answers PGRST200 for an unknown function name, in PostgREST words', async () => {
    const r = await api.get('/videogames?select=name,computed_designerz(name)');
    expect([r.status, r.json]).toEqual([
      400,
      pgrstError(
        'PGRST200',
        "Could not find a relationship between 'videogames' and 'computed_designerz' in the schema cache",
        "Searched for a foreign key relationship between 'videogames' and 'computed_designerz' in the schema 'public', but no matches were found.",
        "Perhaps you meant 'designers' instead of 'computed_designerz'.",
      ),
    ]);
  });

  it('does not insert nested rows through a computed relationship: the key is an unknown column', async () => {
    const r = await api.send('POST', '/videogames', { id: 9, name: 'X', year: 2000, computed_designers: { id: 9, name: 'Y' } }, RETURN);
    expect([r.status, r.json]).toEqual([400, pgrstError('PGRST204', "Could not find the 'computed_designers' column of 'videogames' in the schema cache")]);
    expect(await api.rows('select count(*)::int as n from designers')).toEqual([{ n: 2 }]);
  });
});

describe('computed fields', () => {
  it('selects them by name, aliased or cast, but not with *', async () => {
    expect(await json('/videogames?select=id,name_upper,a:age,code,age::text&id=eq.1')).toEqual([
      { id: 1, name_upper: 'CIVILIZATION I', a: 9, code: 'VG-1', age: '9' },
    ]);
    expect(Object.keys((await json('/videogames?select=*&id=eq.1') as object[])[0]!)).toEqual(['id', 'name', 'designer_id', 'publisher_id', 'year']);
    // A column hides a computed field of the same name.
    expect(await json('/videogames?select=name&id=eq.1')).toEqual([{ name: 'Civilization I' }]);
  });

  it('filters by them, also in logic trees, and orders by them', async () => {
    expect(await json('/videogames?select=id&name_upper=eq.FINAL%20FANTASY%20I')).toEqual([{ id: 3 }]);
    expect(await json('/videogames?select=id&is_classic=is.true&order=age.asc')).toEqual([{ id: 4 }, { id: 3 }]);
    expect(await json('/videogames?select=id&or=(name_upper.like.CIV*,age.gt.12)&order=id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(await json('/videogames?select=id&not.and=(age.gt.5,is_classic.is.false)&order=age.desc')).toEqual([{ id: 3 }, { id: 4 }, { id: 2 }]);
  });

  it('reads JSON paths of a jsonb field as jsonb and searches a tsvector field as it is', async () => {
    expect(await json('/videogames?select=id,genre:meta->>genre,first:meta->ids->0&meta->>genre=eq.rpg&order=id')).toEqual([
      { id: 3, genre: 'rpg', first: 3 },
      { id: 4, genre: 'rpg', first: 4 },
    ]);
    expect(await json('/videogames?select=id&search_vector=fts(simple).fantasy%20%26%20ii')).toEqual([{ id: 4 }]);
    expect(await json('/videogames?select=id&meta=cs.{"genre":"strategy"}&order=id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('works inside embeds, spreads and the rows a function returns', async () => {
    expect(await json('/designers?select=initial,computed_videogames(name_upper)&computed_videogames.order=age&id=eq.2')).toEqual([
      { initial: 'H', computed_videogames: [{ name_upper: 'FINAL FANTASY II' }, { name_upper: 'FINAL FANTASY I' }] },
    ]);
    expect(await json('/clients?select=name,projects(label)&projects.label=like.*%2310&id=eq.1')).toEqual([{ name: 'Microsoft', projects: [] }]);
    expect(await json('/clients?select=name,projects(label)&projects.order=id&id=eq.1')).toEqual([
      { name: 'Microsoft', projects: [{ label: 'Windows 7 #1' }, { label: 'Windows 10 #2' }] },
    ]);
    expect(await json('/videogames?select=id,...computed_designers(initial)&order=id&limit=1')).toEqual([{ id: 1, initial: 'S' }]);
    expect(await json('/rpc/getallvideogames?select=id,name_upper&age=lt.10&order=age')).toEqual([
      { id: 2, name_upper: 'CIVILIZATION II' },
      { id: 1, name_upper: 'CIVILIZATION I' },
    ]);
  });

  it('aggregates them when aggregates are enabled', async () => {
    const agg = await api.withSettings({ dbAggregatesEnabled: true });
    const r = await agg.get('/videogames?select=designer_id,age.sum(),oldest:age.max()&order=designer_id');
    expect(r.json).toEqual([
      { designer_id: 1, sum: 13, oldest: 9 },
      { designer_id: 2, sum: 25, oldest: 13 },
    ]);
    expect((await agg.get('/designers?select=name,computed_videogames(age.avg()::int)&id=eq.1')).json).toEqual([
      { name: 'Sid Meier', computed_videogames: [{ avg: 7 }] },
    ]);
  });

  it('shapes and filters writes: the representation and the WHERE call them', async () => {
    const post = await api.send('POST', '/videogames?select=id,name_upper,age', { id: 5, name: 'Chrono Trigger', year: 1995 }, RETURN);
    expect([post.status, post.json]).toEqual([201, [{ id: 5, name_upper: 'CHRONO TRIGGER', age: 5 }]]);
    const patch = await api.send('PATCH', '/videogames?select=id,name_upper&name_upper=eq.CIVILIZATION%20II', { name: 'Civ 2' }, RETURN);
    expect([patch.status, patch.json]).toEqual([200, [{ id: 2, name_upper: 'CIV 2' }]]);
    const del = await api.send('DELETE', '/videogames?select=id&is_classic=is.true&order=age.desc&limit=1', undefined, RETURN);
    expect([del.status, del.json]).toEqual([200, [{ id: 3 }]]);
    const ordered = await api.send('PATCH', '/videogames?select=id&order=age.desc&id=in.(1,2)', { year: 1990 }, RETURN);
    expect(ordered.json).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('finds fields of db-extra-search-path schemas, and only there', async () => {
    const missing = await api.get('/designers?select=shout');
    expect([missing.status, (missing.json as { code: string }).code]).toEqual([400, '42703']);
    const extra = await api.withSettings({ dbExtraSearchPath: ['ext'] });
    expect((await extra.get('/designers?select=shout&order=id')).json).toEqual([{ shout: 'SID MEIER!' }, { shout: 'HIRONOBU SAKAGUCHI!' }]);
  });

  it("refuses names Postgres would answer with a function of the row, as an unknown column", async () => {
    const refusal = (name: string) =>
      pgrstError(
        '42703',
        `column videogames.${name} does not exist`,
        `'${name}' is a function that is not a computed field of 'videogames'`,
        "A computed field is a function of one 'videogames' row, in an exposed schema or the extra search path, returning neither a set nor a table's rows",
      );
    const cases = [
      ['/videogames?select=to_json', 'to_json'],
      // An aggregate would otherwise answer, aggregates enabled or not (a bare `count` in select is count()).
      ['/videogames?order=count', 'count'],
      ['/videogames?select=max', 'max'],
      ['/videogames?to_jsonb=is.null', 'to_jsonb'],
      ['/videogames?order=row_to_json', 'row_to_json'],
      ['/videogames?or=(id.eq.1,concat.eq.x)', 'concat'],
      // A set-returning function of the row is no computed field either.
      ['/videogames?select=name_words', 'name_words'],
    ] as const;
    for (const [path, name] of cases) {
      const r = await api.get(path);
      expect([path, r.status, r.json]).toEqual([path, 400, refusal(name)]);
    }
    const embedded = await api.get('/designers?select=computed_videogames(to_json)');
    expect([embedded.status, (embedded.json as { message: string }).message]).toEqual([400, 'column videogames.to_json does not exist']);
    const write = await api.send('PATCH', '/videogames?concat=eq.x', { year: 1 }, RETURN);
    expect([write.status, (write.json as { code: string }).code]).toEqual([400, '42703']);
  });

  it('leaves other unknown names to Postgres, whose 42703 names them', async () => {
    const r = await api.get('/videogames?select=nope');
    expect([r.status, r.json]).toEqual([
      400,
      {
        code: '42703',
        message: 'column videogames.nope does not exist',
        details: null,
        hint: 'Perhaps you meant to reference the column "videogames.name".',
      },
    ]);
  });
});
