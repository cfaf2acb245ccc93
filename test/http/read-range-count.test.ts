// Pages and counts: limit/offset, the Range header, db-max-rows, Content-Range on every
// read, 200/206/416, count=exact|planned|estimated, HEAD, and limits on embeds.
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer();
const capped = useReadServer({ dbMaxRows: 2 });

const exact = { Prefer: 'count=exact' };

describe('limit and offset', () => {
  it('pages with limit and offset', async () => {
    const r = await api.get('/tasks?select=id&order=id&limit=2&offset=3');
    expect([r.status, r.headers.get('content-range'), r.json]).toEqual([200, '3-4/*', [{ id: 4 }, { id: 5 }]]);
  });
  it('has a Content-Range on every read', async () => {
    expect((await api.get('/tasks?select=id')).headers.get('content-range')).toBe('0-7/*');
    expect((await api.get('/tasks?id=eq.0')).headers.get('content-range')).toBe('*/*');
    expect((await api.get('/tasks?id=eq.0', exact)).headers.get('content-range')).toBe('*/0');
  });
  it('returns [] for limit=0', async () => {
    const r = await api.get('/tasks?select=id&limit=0');
    expect([r.status, r.headers.get('content-range'), r.text]).toEqual([200, '*/*', '[]']);
  });
  it('treats a negative offset as none and refuses a negative limit', async () => {
    expect((await api.get('/tasks?select=id&order=id&offset=-4&limit=1')).json).toEqual([{ id: 1 }]);
    const r = await api.get('/tasks?limit=-1');
    expect([r.status, r.json]).toEqual([
      416,
      { code: 'PGRST103', message: 'Requested range not satisfiable', details: 'Limit should be greater than or equal to zero.', hint: null },
    ]);
  });
  it('returns [] past the end without a count', async () => {
    const r = await api.get('/tasks?offset=100');
    expect([r.status, r.headers.get('content-range'), r.text]).toEqual([200, '*/*', '[]']);
  });
  it('limits embedded resources on every level', async () => {
    const r = await api.get(
      '/clients?select=id,projects(id,tasks(id))&order=id&limit=1&projects.order=id&projects.limit=1&projects.tasks.order=id.desc&projects.tasks.limit=1&projects.tasks.offset=1',
    );
    expect([r.headers.get('content-range'), r.json]).toEqual(['0-0/*', [{ id: 1, projects: [{ id: 1, tasks: [{ id: 1 }] }] }]]);
  });
});

describe('the Range header', () => {
  it('pages with a range', async () => {
    const r = await api.get('/tasks?select=id&order=id', { Range: '2-3' });
    expect([r.status, r.headers.get('content-range'), r.json]).toEqual([200, '2-3/*', [{ id: 3 }, { id: 4 }]]);
  });
  it('understands open ranges and truncates past the end', async () => {
    expect((await api.get('/tasks?select=id&order=id', { Range: '6-' })).headers.get('content-range')).toBe('6-7/*');
    expect((await api.get('/tasks?select=id&order=id', { Range: '6-100' })).headers.get('content-range')).toBe('6-7/*');
  });
  it('refuses a range whose end is before its start', async () => {
    const r = await api.get('/tasks', { Range: '1-0' });
    expect([r.status, (r.json as { code: string }).code]).toEqual([416, 'PGRST103']);
  });
  it('wins over limit and offset', async () => {
    expect((await api.get('/tasks?select=id&order=id&limit=5', { Range: '0-1' })).json).toEqual([{ id: 1 }, { id: 2 }]);
  });
  it('answers 206 when the count shows more rows', async () => {
    const r = await api.get('/tasks?select=id&order=id', { Range: '0-1', ...exact });
    expect([r.status, r.headers.get('content-range')]).toEqual([206, '0-1/8']);
  });
});

describe('counts', () => {
  it('counts exactly in the same statement', async () => {
    const r = await api.get('/tasks?select=id&project_id=eq.1', exact);
    expect([r.status, r.headers.get('content-range'), r.headers.get('preference-applied')]).toEqual([200, '0-1/2', 'count=exact']);
  });
  it('echoes handling when it was sent', async () => {
    expect((await api.get('/tasks?select=id', { Prefer: 'count=exact, handling=lenient' })).headers.get('preference-applied')).toBe(
      'count=exact, handling=lenient',
    );
  });
  it('counts past the page', async () => {
    const r = await api.get('/tasks?select=id&order=id&limit=3&offset=2', exact);
    expect([r.status, r.headers.get('content-range'), r.json]).toEqual([206, '2-4/8', [{ id: 3 }, { id: 4 }, { id: 5 }]]);
  });
  it('counts the rows an inner join keeps', async () => {
    const r = await api.get('/projects?select=id,clients!inner(id)&limit=1', exact);
    expect(r.headers.get('content-range')).toBe('0-0/4');
    const nulls = await api.get('/countries?select=id,capitals()&capitals=is.null', exact);
    expect(nulls.headers.get('content-range')).toBe('0-0/1');
  });
  it('answers 416 past the end with a count', async () => {
    const r = await api.get('/tasks?offset=100', exact);
    expect([r.status, r.headers.get('content-range'), r.json]).toEqual([
      416,
      '*/8',
      { code: 'PGRST103', message: 'Requested range not satisfiable', details: 'An offset of 100 was requested, but there are only 8 rows.', hint: null },
    ]);
    const empty = await api.get('/tasks?id=eq.0&offset=1', exact);
    expect([empty.status, empty.headers.get('content-range')]).toEqual([416, '*/0']);
  });
  it('gives the planner estimate for count=planned', async () => {
    const r = await api.get('/tasks?select=id&limit=2', { Prefer: 'count=planned' });
    expect(r.headers.get('content-range')).toMatch(/^0-1\/\d+$/);
    expect(r.headers.get('preference-applied')).toBe('count=planned');
  });
  it('counts exactly with count=estimated below db-max-rows', async () => {
    const r = await api.get('/tasks?select=id&order=id&limit=2', { Prefer: 'count=estimated' });
    expect([r.status, r.headers.get('content-range')]).toEqual([206, expect.stringMatching(/^0-1\/\d+$/)]);
  });
});

describe('db-max-rows', () => {
  it('caps the page and embeds', async () => {
    const r = await capped.get('/clients?select=id,projects(id)&order=id&projects.order=id');
    expect([r.headers.get('content-range'), r.json]).toEqual([
      '0-1/*',
      [
        { id: 1, projects: [{ id: 1 }, { id: 2 }] },
        { id: 2, projects: [{ id: 3 }, { id: 4 }] },
      ],
    ]);
    expect((await capped.get('/tasks?select=id&order=id&limit=10')).json).toEqual([{ id: 1 }, { id: 2 }]);
    expect((await capped.get('/tasks?select=id&order=id&limit=1')).json).toEqual([{ id: 1 }]);
  });
  it('still counts every row', async () => {
    const r = await capped.get('/tasks?select=id', exact);
    expect([r.status, r.headers.get('content-range')]).toEqual([206, '0-1/8']);
  });
  it('counts exactly with count=estimated while the total stays within db-max-rows', async () => {
    const r = await capped.get('/clients?select=id', { Prefer: 'count=estimated' });
    expect([r.status, r.headers.get('content-range')]).toEqual([200, '0-1/2']);
  });
  it('uses the planner estimate with count=estimated past db-max-rows', async () => {
    const r = await capped.get('/tasks?select=id', { Prefer: 'count=estimated' });
    const total = Number(r.headers.get('content-range')?.split('/')[1]);
    expect(r.status).toBe(206);
    expect(total).toBeGreaterThanOrEqual(3);
  });
});

describe('HEAD', () => {
  it('sends the headers of the GET and no body', async () => {
    const r = await api.head('/tasks?select=id&limit=2', exact);
    expect([r.status, r.text, r.headers.get('content-range'), r.headers.get('content-type')]).toEqual([
      206,
      '',
      '0-1/8',
      'application/json; charset=utf-8',
    ]);
  });
  it('counts with count=planned', async () => {
    const r = await api.head('/tasks', { Prefer: 'count=planned' });
    expect(r.headers.get('content-range')).toMatch(/^0-7\/\d+$/);
  });
});
