// Reads a `postgrest.conf` in the format PostgREST's configurator (configurator-pg) accepts:
// `key = value` (strings, numbers, on/off/true/false, [lists]), `# comments`, `group { ... }`
// (keys become `group.key`), `import "file"`, `#;` to comment out a directive, and
// `$(NAME)` in strings, taken from earlier keys or else the environment (`$$` is a `$`).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config-error.ts';

export type ConfValue = string | number | boolean | readonly ConfValue[];
export type ConfMap = ReadonlyMap<string, ConfValue>;

export type Directive =
  | { readonly kind: 'bind'; readonly key: string; readonly value: ConfValue; readonly at: string }
  | { readonly kind: 'group'; readonly key: string; readonly body: readonly Directive[] }
  | { readonly kind: 'import'; readonly path: string; readonly at: string }
  | { readonly kind: 'comment' };

const isWordStart = (c: string): boolean => /\p{L}/u.test(c);
const isWordChar = (c: string): boolean => /[\p{L}\p{N}_-]/u.test(c);

/** Parses one file's text into directives; `source` names it in error messages. */
export const parseConfText = (text: string, source: string): readonly Directive[] => {
  // Editors on Windows may start the file with a byte-order mark.
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  const where = (at = i): string => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    return `${source}:${line}:${at - before.lastIndexOf('\n')}`;
  };
  const fail = (expected: string, at = i): never => {
    const found = i >= text.length ? 'end of file' : JSON.stringify(text.slice(at, at + 12).split('\n')[0]);
    throw new ConfigError(undefined, `Syntax error in config file ${where(at)}: expected ${expected}, found ${found}`);
  };
  const skipComment = (): void => {
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  };
  // Blank lines and comments; `#;` is not a comment here but a commented-out directive.
  const skipLines = (): void => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '#' && text[i + 1] !== ';') skipComment();
      else return;
    }
  };
  const skipHorizontal = (): void => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t') i++;
      else if (c === '#') skipComment();
      else return;
    }
  };

  const identifier = (): string => {
    const start = i;
    for (;;) {
      if (!isWordStart(text[i] ?? '')) fail('a setting name (a letter first)');
      i++;
      while (i < text.length && isWordChar(text[i]!)) i++;
      if (text[i] !== '.') return text.slice(start, i);
      i++;
    }
  };

  const hexQuad = (): number => {
    const digits = text.slice(i, i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) fail('four hexadecimal digits');
    i += 4;
    return parseInt(digits, 16);
  };

  const string = (): string => {
    if (text[i] !== '"') fail('a string in double quotes');
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('a closing double quote');
      const c = text[i++]!;
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[i++];
      if (e === 'n') out += '\n';
      else if (e === 't') out += '\t';
      else if (e === 'r') out += '\r';
      else if (e === '"' || e === '\\') out += e;
      else if (e === 'u') {
        const a = hexQuad();
        if (a < 0xd800 || a > 0xdfff) out += String.fromCharCode(a);
        else {
          if (text.slice(i, i + 2) !== '\\u') fail('the second half of a UTF-16 surrogate pair');
          i += 2;
          const b = hexQuad();
          if (a > 0xdbff || b < 0xdc00 || b > 0xdfff) fail('a valid UTF-16 surrogate pair', i - 6);
          out += String.fromCharCode(a, b);
        }
      } else fail('an escape: \\n \\t \\r \\" \\\\ or \\uXXXX', i - 1);
    }
  };

  const value = (): ConfValue => {
    for (const [word, v] of [['on', true], ['off', false], ['true', true], ['false', false]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const c = text[i];
    if (c === '"') return string();
    if (c === '[') {
      i++;
      skipLines();
      const items: ConfValue[] = [];
      while (text[i] !== ']') {
        if (items.length > 0) {
          if (text[i] !== ',') fail('"," or "]"');
          i++;
          skipLines();
        }
        items.push(value());
        skipLines();
      }
      i++;
      return items;
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (number) {
      i += number[0].length;
      return Number(number[0]);
    }
    return fail('a value: a "string", a number, true/false/on/off or a [list]');
  };

  const directive = (): Directive => {
    if (text.startsWith('#;', i)) {
      i += 2;
      skipHorizontal();
      directive();
      return { kind: 'comment' };
    }
    const at = where();
    if (text.startsWith('import', i) && !/[\p{L}\p{N}_.-]/u.test(text[i + 6] ?? '')) {
      i += 6;
      skipLines();
      return { kind: 'import', path: string(), at };
    }
    const key = identifier();
    skipLines();
    if (text[i] === '=') {
      i++;
      skipLines();
      return { kind: 'bind', key, value: value(), at };
    }
    if (text[i] === '{') {
      i++;
      const body = directives();
      if (text[i] !== '}') fail('"}"');
      i++;
      return { kind: 'group', key, body };
    }
    return fail(`"=" or "{" after ${key}`);
  };

  // Directives end at a line break, or at the `}` closing their group.
  const directives = (): Directive[] => {
    const out: Directive[] = [];
    skipLines();
    while (i < text.length && text[i] !== '}') {
      out.push(directive());
      skipHorizontal();
      if (i < text.length && text[i] !== '\n' && text[i] !== '\r' && text[i] !== '}') fail('a line break after the value');
      skipLines();
    }
    return out;
  };

  const top = directives();
  if (i < text.length) fail('a setting (unbalanced "}")');
  return top;
};

/** `$(name)`: the innermost enclosing group's key first, then outer ones, then the env. */
const interpolate = (
  text: string,
  prefix: string,
  config: ReadonlyMap<string, ConfValue>,
  env: NodeJS.ProcessEnv,
  at: string,
): string =>
  text.includes('$')
    ? text.replace(/\$(\$|\(([^)]*)\)|)/g, (_whole, tail: string, name: string | undefined) => {
        if (tail === '$') return '$';
        if (name === undefined || name === '') throw new ConfigError(undefined, `Syntax error in config file ${at}: "$" must be followed by "$" or "(NAME)"`);
        const scopes = prefix.split('.').filter((s) => s !== '');
        for (let n = scopes.length; n >= 0; n--) {
          const found = config.get([...scopes.slice(0, n), name].join('.'));
          if (typeof found === 'string' || typeof found === 'number') return String(found);
          if (found !== undefined) throw new ConfigError(undefined, `Config file ${at}: $(${name}) is not a string or number`);
        }
        const fromEnv = env[name];
        if (fromEnv === undefined) throw new ConfigError(undefined, `Config file ${at}: no such variable $(${name}) in the file or the environment`);
        return fromEnv;
      })
    : text;

const readText = async (path: string, from: string | undefined): Promise<string> => {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError('--config', `Cannot read config file ${path}${from ? ` (imported at ${from})` : ''}: ${reason}`);
  }
};

/** Loads a config file and its imports into a flat map of dotted keys; later keys win. */
export const loadConfFile = async (path: string, env: NodeJS.ProcessEnv): Promise<ConfMap> => {
  const config = new Map<string, ConfValue>();
  const apply = async (ds: readonly Directive[], prefix: string, file: string, depth: number): Promise<void> => {
    for (const d of ds) {
      if (d.kind === 'bind') {
        const key = prefix + d.key;
        config.set(key, typeof d.value === 'string' ? interpolate(d.value, prefix, config, env, d.at) : d.value);
      } else if (d.kind === 'group') await apply(d.body, `${prefix}${d.key}.`, file, depth);
      else if (d.kind === 'import') {
        if (depth > 20) throw new ConfigError('--config', `Config file ${d.at}: imports nested too deeply (a cycle?)`);
        const target = resolve(dirname(file), d.path);
        await apply(parseConfText(await readText(target, d.at), target), prefix, target, depth + 1);
      }
    }
  };
  const full = resolve(path);
  await apply(parseConfText(await readText(full, undefined), path), '', full, 0);
  return config;
};
