import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfFile, type ConfValue } from './conf-file.ts';
import { ConfigError } from './config-error.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rowgate-conf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const load = async (text: string, env: NodeJS.ProcessEnv = {}): Promise<Record<string, ConfValue>> => {
  const path = join(dir, `c${n++}.conf`);
  await writeFile(path, text);
  return Object.fromEntries(await loadConfFile(path, env));
};

describe('postgrest.conf syntax', () => {
  const cases: readonly (readonly [string, string, Record<string, ConfValue>])[] = [
    ['strings, numbers, booleans', 'db-uri = "postgres://x"\nserver-port = 3000\ndb-plan-enabled = true\nx = off', { 'db-uri': 'postgres://x', 'server-port': 3000, 'db-plan-enabled': true, x: false }],
    ['comments and blank lines', '# a comment\n\n  a = 1   # trailing\n#b = 2\n', { a: 1 }],
    ['dotted keys', 'app.settings.jwt_secret = "s"', { 'app.settings.jwt_secret': 's' }],
    ['groups prefix keys', 'app { settings { x = "1"\n y = 2 } }', { 'app.settings.x': '1', 'app.settings.y': 2 }],
    ['escapes', String.raw`s = "a\"b\\c\n\tA\u00e9\ud83d\ude00"`, { s: 'a"b\\c\n\tAé😀' }],
    ['a string spans lines', 's = "a\nb"', { s: 'a\nb' }],
    ['lists', 'l = [1, "two",\n true]', { l: [1, 'two', true] }],
    ['decimals and exponents', 'a = 1.5\nb = 2e3', { a: 1.5, b: 2000 }],
    ['newlines around =', 'a\n=\n 1', { a: 1 }],
    ['#; comments out a directive', '#; a = 1\nb = 2\n#; g {\n x = 1\n}', { b: 2 }],
    ['later keys win', 'a = 1\na = 2', { a: 2 }],
    ['$$ is a dollar', 's = "$$5"', { s: '$5' }],
    ['$(key) from the file', 'base = "/srv"\np = "$(base)/x"', { base: '/srv', p: '/srv/x' }],
    ['$(key) from the enclosing group first', 'x = "top"\ng { x = "in"\n p = "$(x)" }', { x: 'top', 'g.x': 'in', 'g.p': 'in' }],
    ['keys may use -, _ and digits', 'a-b_c2 = 1', { 'a-b_c2': 1 }],
    ['importance is a key, not an import', 'importance = 7', { importance: 7 }],
    ['CRLF line ends and a byte-order mark', '\uFEFFa = 1\r\nb = "x"\r\n', { a: 1, b: 'x' }],
  ];
  it.each(cases)('%s', async (_name, text, expected) => {
    expect(await load(text)).toEqual(expected);
  });

  it('interpolates environment variables', async () => {
    expect(await load('app.settings.secret = "$(MY_SECRET)"', { MY_SECRET: 'abc' })).toEqual({ 'app.settings.secret': 'abc' });
  });

  it('imports files relative to the importing one', async () => {
    await writeFile(join(dir, 'inner.conf'), 'y = 2\n');
    expect(await load('x = 1\ng { import "inner.conf" }')).toEqual({ x: 1, 'g.y': 2 });
  });

  const errors: readonly (readonly [string, string, RegExp])[] = [
    ['unterminated string', 'a = "abc', /:1:\d+: expected a closing double quote/],
    ['missing value', 'a =\n', /expected a value/],
    ['two settings on a line', 'a = 1 b = 2', /expected a line break after the value/],
    ['single quotes', "a = 'x'", /expected a value/],
    ['bad escape', 'a = "\\q"', /expected an escape/],
    ['unbalanced brace', 'a = 1\n}', /unbalanced/],
    ['no = after a key', 'abc 1', /expected "=" or "\{" after abc/],
    ['unknown variable', 'a = "$(NOPE_NOT_SET)"', /no such variable \$\(NOPE_NOT_SET\)/],
    ['lone dollar', 'a = "5$"', /"\$" must be followed by/],
  ];
  it.each(errors)('rejects %s with the line and column', async (_name, text, message) => {
    const error = await load(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/Syntax error|Config file/);
  });

  it('names a missing file', async () => {
    await expect(loadConfFile(join(dir, 'missing.conf'), {})).rejects.toThrow(/Cannot read config file .*missing\.conf: ENOENT/);
  });
});
