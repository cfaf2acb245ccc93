import { describe, expect, it } from 'vitest';
import { contentRange, parseRangeHeader, rangeStatus, requestedRange } from './range.ts';
import type { RowRange } from './types.ts';

describe('parseRangeHeader', () => {
  it.each([
    ['0-9', { lower: 0, upper: 9 }],
    ['10-', { lower: 10 }],
    ['0-0', { lower: 0, upper: 0 }],
    ['5-1', { lower: 5, upper: 1 }],
    ['007-010', { lower: 7, upper: 10 }],
    [undefined, undefined],
    ['', undefined],
    ['bytes=0-9', undefined],
    ['items=0-9', undefined],
    ['-9', undefined],
    ['0-9,20-29', undefined],
    [' 0-9', undefined],
    ['a-b', undefined],
    ['99999999999999999999-', undefined],
  ])('%j', (value, expected) => {
    expect(parseRangeHeader(value)).toEqual(expected);
  });
});

describe('requestedRange', () => {
  it.each<[string, string, string | undefined, RowRange | undefined, RowRange, boolean]>([
    ['everything', 'GET', undefined, undefined, { offset: 0 }, false],
    ['limit', 'GET', undefined, { offset: 0, limit: 3 }, { offset: 0, limit: 3 }, false],
    ['limit and offset', 'GET', undefined, { offset: 2, limit: 3 }, { offset: 2, limit: 3 }, false],
    ['offset', 'GET', undefined, { offset: 5 }, { offset: 5 }, false],
    ['header', 'GET', '0-1', undefined, { offset: 0, limit: 2 }, true],
    ['open header', 'GET', '10-', undefined, { offset: 10 }, true],
    ['header narrows the limit', 'GET', '0-1', { offset: 0, limit: 3 }, { offset: 0, limit: 2 }, true],
    ['limit narrows the header', 'GET', '0-99', { offset: 0, limit: 3 }, { offset: 0, limit: 3 }, true],
    ['header within an offset window', 'GET', '10-100', { offset: 10, limit: 3 }, { offset: 10, limit: 3 }, true],
    ['header past the offset', 'GET', '5-', { offset: 2 }, { offset: 5 }, true],
    ['header ignored unless GET', 'HEAD', '0-1', undefined, { offset: 0 }, false],
    ['header ignored on PATCH', 'PATCH', '0-1', { offset: 0, limit: 5 }, { offset: 0, limit: 5 }, false],
    ['unparsable header ignored', 'GET', 'bytes=0-1', undefined, { offset: 0 }, false],
    ['limit 0', 'GET', undefined, { offset: 0, limit: 0 }, { offset: 0, limit: 0 }, false],
    ['limit 0 beats a reversed header', 'GET', '5-1', { offset: 0, limit: 0 }, { offset: 0, limit: 0 }, true],
    ['limit 0 with an offset', 'GET', undefined, { offset: 5, limit: 0 }, { offset: 5, limit: 0 }, false],
    ['PUT without limit', 'PUT', '0-1', { offset: 0 }, { offset: 0 }, false],
  ])('%s', (_, method, header, params, range, fromHeader) => {
    expect(requestedRange(method, header, params)).toEqual({ range, fromHeader });
  });

  it.each<[string, string, string | undefined, RowRange | undefined, string, string]>([
    ['reversed header', 'GET', '1-0', undefined, 'PGRST103', 'The lower boundary must be lower than or equal to the upper boundary in the Range header.'],
    ['header outside the limit', 'GET', '10-100', { offset: 0, limit: 3 }, 'PGRST103', 'Limit should be greater than or equal to zero.'],
    ['PUT with limit', 'PUT', undefined, { offset: 0, limit: 1 }, 'PGRST114', ''],
    ['PUT with offset', 'PUT', undefined, { offset: 1 }, 'PGRST114', ''],
    ['PUT with limit 0', 'PUT', undefined, { offset: 0, limit: 0 }, 'PGRST114', ''],
  ])('%s fails', (_, method, header, params, code, details) => {
    expect(() => requestedRange(method, header, params)).toThrow(expect.objectContaining({ code, ...(details && { details }) }));
  });
});

describe('contentRange and rangeStatus', () => {
  it.each<[number, number, number | undefined, string, number]>([
    [0, 15, undefined, '0-14/*', 200],
    [0, 0, undefined, '*/*', 200],
    [0, 2, undefined, '0-1/*', 200],
    [10, 5, undefined, '10-14/*', 200],
    [2, 3, undefined, '2-4/*', 200],
    [0, 15, 15, '0-14/15', 200],
    [0, 7, 8, '0-6/8', 206],
    [3, 2, 15, '3-4/15', 206],
    [0, 0, 0, '*/0', 200],
    [1, 0, 0, '*/0', 416],
    [100, 0, 15, '*/15', 416],
    [15, 0, 15, '*/15', 206],
    [1, 0, undefined, '*/*', 200],
    [1, 0, 42, '*/42', 206],
  ])('offset %i, %i rows of %s', (offset, rows, total, header, status) => {
    expect(contentRange(offset, rows, total)).toBe(header);
    expect(rangeStatus(offset, rows, total)).toBe(status);
  });
});
