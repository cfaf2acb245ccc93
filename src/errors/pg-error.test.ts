import { describe, expect, it } from 'vitest';
import { fromPgError, statusForSqlState } from './pg-error.ts';

describe('statusForSqlState', () => {
  it.each([
    ['23505', 'duplicate key value violates unique constraint "x"', true, 409],
    ['23503', 'insert or update violates foreign key constraint', true, 409],
    ['25006', 'cannot execute INSERT in a read-only transaction', true, 405],
    ['42501', 'permission denied for table t', false, 401],
    ['42501', 'permission denied for table t', true, 403],
    ['42P01', 'relation "x" does not exist', true, 404],
    ['42883', 'function f(integer) does not exist', true, 404],
    ['22023', 'role "nobody" does not exist', true, 401],
    ['22023', 'invalid value for parameter "TimeZone": "x"', true, 400],
    ['P0001', 'raised', true, 400],
    ['PT418', 'teapot', true, 418],
    ['PT999', 'out of range', true, 500],
    ['PT101', 'an interim status', true, 500],
    ['21000', 'DELETE requires a WHERE clause', true, 400],
    ['21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time', true, 400],
    ['21000', 'more than one row returned by a subquery used as an expression', true, 500],
    ['54001', 'stack depth limit exceeded', true, 500],
    ['08006', 'connection failure', true, 503],
    ['22P02', 'invalid input syntax for type integer: "x"', true, 400],
  ])('%s %s (authenticated: %s) is %d', (code, message, authenticated, status) => {
    expect(statusForSqlState(code, message, authenticated)).toBe(status);
  });
});

describe('fromPgError', () => {
  it('keeps the SQLSTATE, message, detail and hint', () => {
    const e = fromPgError({ code: '23505', message: 'dup', detail: 'Key (id)=(1) already exists.', hint: 'h' }, true);
    expect({ status: e.status, ...e.body() }).toEqual({ status: 409, code: '23505', message: 'dup', details: 'Key (id)=(1) already exists.', hint: 'h' });
  });

  it('answers 401 with WWW-Authenticate for the anonymous role', () => {
    expect(fromPgError({ code: '42501', message: 'permission denied' }, false).headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });
});
