import { describe, expect, it } from 'vitest';
import { applyGucOverrides } from './guc-overrides.ts';

const main = (headers: unknown) => ({ response_status: null, response_headers: JSON.stringify(headers) });
const codeOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return (e as { code?: unknown }).code;
  }
  return undefined;
};

describe('applyGucOverrides', () => {
  it('replaces headers of the same name, whatever their case', () => {
    expect(applyGucOverrides(200, { 'Content-Type': 'a' }, main([{ 'content-type': 'b' }, { 'X-A': '1' }]))).toEqual({
      status: 200,
      headers: { 'content-type': 'b', 'X-A': '1' },
    });
  });

  it.each([
    ['a line break in a value', [{ 'X-A': 'a\r\nSet-Cookie: x=1' }]],
    ['a lone LF in a value', [{ 'X-A': 'a\nb' }]],
    ['a NUL in a value', [{ 'X-A': 'a\u0000' }]],
    ['a space in a name', [{ 'X A': 'x' }]],
    ['a colon in a name', [{ 'X-A:': 'x' }]],
    ['an empty name', [{ '': 'x' }]],
    ['a non-ASCII name', [{ 'X-é': 'x' }]],
  ])('refuses %s with PGRST111', (_, headers) => {
    expect(codeOf(() => applyGucOverrides(200, {}, main(headers)))).toBe('PGRST111');
  });

  it.each(['101', '199', '600', '99', 'x'])('refuses response.status %s with PGRST112', (status) => {
    expect(codeOf(() => applyGucOverrides(200, {}, { response_status: status, response_headers: null }))).toBe('PGRST112');
  });

  it('takes any final status', () => {
    expect(applyGucOverrides(200, {}, { response_status: '204', response_headers: null }).status).toBe(204);
    expect(applyGucOverrides(200, {}, { response_status: ' 599 ', response_headers: null }).status).toBe(599);
  });

  it('keeps tabs and sends other text as its UTF-8 bytes', () => {
    const { headers } = applyGucOverrides(200, {}, main([{ 'X-A': 'a\tb' }, { 'X-B': '€é' }]));
    expect(headers['X-A']).toBe('a\tb');
    expect(Buffer.from(headers['X-B']!, 'latin1').toString('utf8')).toBe('€é');
  });
});
