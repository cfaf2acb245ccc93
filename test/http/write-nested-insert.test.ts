// Nested inserts (beyond PostgREST): payload keys naming embeddable relationships insert
// children (one-to-many, one-to-one) and parents (many-to-one) with their rows in one
// statement, as the caller so RLS checks every row, returning the tree with select=; a
// failing row anywhere leaves nothing behind.
import { describe, expect, it } from 'vitest';
import { pgrstError, useWriteServer } from './write-setup.ts';

const api = useWriteServer();
const rep = { Prefer: 'return=representation' };
const count = async (table: string, where = 'true') =>
  (await api.rows(`select count(*)::int as n from ${table} where ${where}`))[0]!.n as number;

describe('children (one-to-many)', () => {
  it('inserts the parent and its children, filling their FK', async () => {
    const r = await api.post('/authors', { name: 'Ann', books: [{ title: 'A1' }, { title: 'A2', year: 2001 }] });
    expect(r.status).toBe(201);
    expect(await api.rows("select a.name, b.title, b.year, b.owner from books b join authors a on a.id = b.author_id where a.name = 'Ann' order by b.title")).toEqual([
      { name: 'Ann', title: 'A1', year: null, owner: 'anonymous' },
      { name: 'Ann', title: 'A2', year: 2001, owner: 'anonymous' },
    ]);
  });

  it('returns the tree with select=*,books(*)', async () => {
    const r = await api.post('/authors?select=*,books(*)', { name: 'Bea', books: [{ title: 'B1' }] }, rep);
    expect(r.status).toBe(201);
    const [author] = r.json as { id: number }[];
    expect(author).toEqual({
      id: author!.id,
      name: 'Bea',
      owner: 'anonymous',
      books: [{ id: expect.any(Number), title: 'B1', author_id: author!.id, publisher_id: null, year: null, owner: 'anonymous' }],
    });
  });

  it('nests several levels and shapes each with select=', async () => {
    const r = await api.post(
      '/authors?select=name,books(title,reviews(stars,body))',
      { name: 'Cid', books: [{ title: 'C1', reviews: [{ stars: 5, body: 'great' }, { stars: 3 }] }, { title: 'C2', reviews: [] }] },
      rep,
    );
    expect(r.json).toEqual([
      {
        name: 'Cid',
        books: [
          { title: 'C1', reviews: [{ stars: 5, body: 'great' }, { stars: 3, body: null }] },
          { title: 'C2', reviews: [] },
        ],
      },
    ]);
    expect(await count('reviews r join books b on b.id = r.book_id', "b.title = 'C1'")).toBe(2);
  });

  it('links the children of many parents to their own parent', async () => {
    const authors = Array.from({ length: 300 }, (_, i) => ({
      name: `bulk ${i}`,
      books: Array.from({ length: i % 4 }, (_, j) => ({ title: `bulk ${i} book ${j}` })),
    }));
    const r = await api.post('/authors', authors, { Prefer: 'count=exact' });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-range')).toBe('*/300');
    const rows = await api.rows("select a.name, b.title from books b join authors a on a.id = b.author_id where a.name like 'bulk %'");
    expect(rows).toHaveLength(authors.reduce((n, a) => n + a.books.length, 0));
    for (const row of rows) expect(String(row.title).startsWith(`${String(row.name)} book`)).toBe(true);
  });

  it('shows the new children in every embed of their relationship', async () => {
    const r = await api.post('/authors?select=name,books(title),again:books(year)', { name: 'Sol', books: [{ title: 'S1', year: 1999 }] }, rep);
    expect(r.json).toEqual([{ name: 'Sol', books: [{ title: 'S1' }], again: [{ year: 1999 }] }]);
  });

  it('inserts the one-to-one side from an object', async () => {
    const r = await api.post('/authors?select=name,author_bios(bio)', { name: 'Dee', author_bios: { bio: 'Born.' } }, rep);
    expect(r.json).toEqual([{ name: 'Dee', author_bios: { bio: 'Born.' } }]);
  });
});

describe('parents (many-to-one)', () => {
  it('inserts the parent first and points the row at it, by FK constraint name', async () => {
    const r = await api.post('/books?select=title,author(name)', { title: 'E1', author: { name: 'Eve' } }, rep);
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ title: 'E1', author: { name: 'Eve' } }]);
    expect(await api.rows("select a.name from books b join authors a on a.id = b.author_id where b.title = 'E1'")).toEqual([{ name: 'Eve' }]);
  });

  it('inserts two parents of one row, and children below it too', async () => {
    const r = await api.post(
      '/books?select=title,author(name),publisher(name),reviews(stars)',
      { title: 'F1', author: { name: 'Fay' }, publisher: { name: 'Pub F' }, reviews: [{ stars: 4 }] },
      rep,
    );
    expect(r.json).toEqual([{ title: 'F1', author: { name: 'Fay' }, publisher: { name: 'Pub F' }, reviews: [{ stars: 4 }] }]);
  });

  it('keeps a given FK where no parent object is nested', async () => {
    const [existing] = await api.rows("insert into authors (name, owner) values ('Existing', 'anonymous') returning id");
    const r = await api.post(
      '/books?select=title,author(name)&order=title',
      [
        { title: 'G1', author_id: existing!.id, author: null },
        { title: 'G2', author_id: null, author: { name: 'Gus' } },
      ],
      rep,
    );
    expect(r.json).toEqual([
      { title: 'G1', author: { name: 'Existing' } },
      { title: 'G2', author: { name: 'Gus' } },
    ]);
  });

  it('names the relationship by the alias of its embed in select=', async () => {
    const r = await api.post('/books?select=title,writer:author(name)', { title: 'H1', writer: { name: 'Hal' } }, rep);
    expect(r.json).toEqual([{ title: 'H1', writer: { name: 'Hal' } }]);
  });
});

describe('many-to-many', () => {
  it('inserts the rows and one junction row each, returning them embedded', async () => {
    const r = await api.post(
      '/books?select=title,tags(name)',
      [
        { title: 'Q1', tags: [{ name: 'fiction' }, { name: 'classic' }] },
        { title: 'Q2', tags: [{ name: 'poetry' }] },
      ],
      rep,
    );
    expect(r.status).toBe(201);
    expect(r.json).toEqual([
      { title: 'Q1', tags: [{ name: 'fiction' }, { name: 'classic' }] },
      { title: 'Q2', tags: [{ name: 'poetry' }] },
    ]);
    expect(await api.rows("select b.title, t.name from book_tags bt join books b on b.id = bt.book_id join tags t on t.id = bt.tag_id where b.title like 'Q%' order by 1, 2")).toEqual([
      { title: 'Q1', name: 'classic' },
      { title: 'Q1', name: 'fiction' },
      { title: 'Q2', name: 'poetry' },
    ]);
  });

  it('leaves no book, tag or junction row behind when a tag fails', async () => {
    const r = await api.post('/books', { title: 'R1', tags: [{ name: 'fiction' }] });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ code: '23505', details: 'Key (name)=(fiction) already exists.' });
    expect(await count('books', "title = 'R1'")).toBe(0);
  });
});

describe('no partial write', () => {
  it('leaves no parent or child behind when a child fails', async () => {
    const r = await api.post('/authors', { name: 'Ivy', books: [{ title: 'I1', reviews: [{ stars: 5 }, { stars: 9 }] }] });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: '23514', message: 'new row for relation "reviews" violates check constraint "reviews_stars_check"' });
    expect(await count('authors', "name = 'Ivy'")).toBe(0);
    expect(await count('books', "title = 'I1'")).toBe(0);
  });

  it('leaves no child behind when a parent fails', async () => {
    const r = await api.post('/books', [{ title: 'J1', publisher: { name: '' } }]);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: '23514' });
    expect(await count('books', "title = 'J1'")).toBe(0);
  });

  it('refuses to link rows when a trigger skipped a parent, leaving nothing', async () => {
    const r = await api.post('/authors', [{ name: 'ghost', books: [{ title: 'K1' }] }, { name: 'Kim', books: [{ title: 'K2' }] }]);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type integer: "nested insert into authors: 1 of 2 rows were inserted, so related rows cannot be linked"',
    });
    expect(await count('authors', "name = 'Kim'")).toBe(0);
    expect(await count('books', "title like 'K%'")).toBe(0);
  });
});

describe('row-level security', () => {
  it("checks every nested row as the caller: a child that is not the caller's fails it all", async () => {
    const r = await api.post('/authors', { name: 'Lou', books: [{ title: 'L1' }, { title: 'L2', owner: 'someone_else' }] });
    expect(r.status).toBe(401);
    expect(r.json).toEqual(pgrstError('42501', 'new row violates row-level security policy for table "books"'));
    expect(await count('authors', "name = 'Lou'")).toBe(0);
    expect(await count('books', "title like 'L%'")).toBe(0);
  });

  it('checks a nested parent too', async () => {
    const r = await api.post('/books', { title: 'M1', author: { name: 'Mo', owner: 'postgres' } });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ message: 'new row violates row-level security policy for table "authors"' });
    expect(await count('books', "title = 'M1'")).toBe(0);
  });

  it('writes every row as the caller', async () => {
    await api.post('/authors', { name: 'Ned', books: [{ title: 'N1', reviews: [{ stars: 2 }] }] });
    expect(
      await api.rows("select a.owner as a, b.owner as b, r.owner as r from authors a join books b on b.author_id = a.id join reviews r on r.book_id = b.id where a.name = 'Ned'"),
    ).toEqual([{ a: 'anonymous', b: 'anonymous', r: 'anonymous' }]);
  });
});

describe('what cannot be nested', () => {
  it('PGRST204 for a key that is neither a column nor a relationship', async () => {
    const r = await api.post('/authors', { name: 'Oz', novels: [{ title: 'x' }] });
    expect(r.json).toEqual(pgrstError('PGRST204', "Could not find the 'novels' column of 'authors' in the schema cache"));
  });

  it('PGRST102 for children that are not objects', async () => {
    const r = await api.post('/authors', { name: 'Oz', books: ['x'] });
    expect(r.json).toEqual(pgrstError('PGRST102', "'books' must be an array of objects, an object or null"));
  });

  it('PGRST127 with an upsert resolution, PGRST204 in a PATCH', async () => {
    const upsert = await api.post('/authors', { id: 1, name: 'Oz', books: [] }, { Prefer: 'resolution=merge-duplicates' });
    expect(upsert.json).toMatchObject({ code: 'PGRST127' });
    const patch = await api.patch('/authors?id=eq.1', { books: [] });
    expect(patch.json).toMatchObject({ code: 'PGRST204' });
  });

  it('gives the Location of the root row with return=headers-only', async () => {
    const r = await api.post('/authors', { name: 'Pia', books: [{ title: 'P1' }] }, { Prefer: 'return=headers-only' });
    expect(r.status).toBe(201);
    const [pia] = await api.rows("select id from authors where name = 'Pia'");
    expect(r.headers.get('location')).toBe(`/authors?id=eq.${pia!.id}`);
  });
});

describe('nested insert depth', () => {
  // authors -> books -> author -> books ...: each key is one more nested level.
  const author = (levels: number): Record<string, unknown> => ({ name: `a${levels}`, ...(levels > 0 ? { books: [book(levels - 1)] } : {}) });
  const book = (levels: number): Record<string, unknown> => ({ title: `t${levels}`, ...(levels > 0 ? { author: author(levels - 1) } : {}) });
  const chain = author;

  it('refuses rows nested past 32 levels with PGRST100, writing nothing', async () => {
    const before = await count('authors', 'true');
    const r = await api.post('/authors', chain(40));
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'PGRST100', message: 'Nested inserts are nested too deeply' });
    expect(await count('authors', 'true')).toBe(before);
  });
});

