import { describe, expect, it } from 'vitest';
import { preRequestStatement } from './pre-request.ts';

describe('preRequestStatement', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['check_request', { text: 'select "check_request"()', params: [] }],
    ['api.check_request', { text: 'select "api"."check_request"()', params: [] }],
    ['odd"name', { text: 'select "odd""name"()', params: [] }],
  ])('%s', (name, expected) => {
    expect(preRequestStatement(name)).toEqual(expected);
  });
});
