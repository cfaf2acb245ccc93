// The one way SQL is built: immutable fragments of trusted text and bound values.
// Identifiers go through ident() (the only quoting function), values always become $n
// parameters, and toSqlQuery() numbers them. Nothing else concatenates SQL.
// Fragments nest without copying (a request builds hundreds); toSqlQuery walks the tree once.

export type SqlValue = string | number | boolean | null;

export interface Sql {
  readonly kind: 'sql';
  /** Trusted text pieces; `parts.length === values.length + 1` (flattened on first read). */
  readonly parts: readonly string[];
  readonly values: readonly SqlValue[];
}

export interface SqlQuery {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

type Interpolated = Sql | SqlValue;

const isSql = (v: unknown): v is Sql => typeof v === 'object' && v !== null && (v as Sql).kind === 'sql';

/** `strings[0] args[0] strings[1] ... strings[n]`, where an arg is a nested fragment or a value. */
class Fragment implements Sql {
  readonly kind = 'sql' as const;
  #flat: { parts: string[]; values: SqlValue[] } | undefined;

  constructor(
    readonly strings: readonly string[],
    readonly args: readonly Interpolated[],
  ) {}

  get parts(): readonly string[] {
    return this.flatten().parts;
  }

  get values(): readonly SqlValue[] {
    return this.flatten().values;
  }

  private flatten(): { parts: string[]; values: SqlValue[] } {
    if (this.#flat === undefined) {
      const parts = [''];
      const values: SqlValue[] = [];
      write(this, (text) => (parts[parts.length - 1] += text), (value) => {
        values.push(value);
        parts.push('');
      });
      this.#flat = { parts, values };
    }
    return this.#flat;
  }
}

/** Walks a fragment in order, handing out its text and its values. */
const write = (node: Sql, text: (t: string) => void, value: (v: SqlValue) => void): void => {
  if (node instanceof Fragment) {
    const { strings, args } = node;
    text(strings[0]!);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (isSql(arg)) write(arg, text, value);
      else value(arg);
      text(strings[i + 1]!);
    }
    return;
  }
  // A flat fragment made elsewhere from `parts` and `values`.
  text(node.parts[0]!);
  for (let i = 0; i < node.values.length; i++) {
    value(node.values[i]!);
    text(node.parts[i + 1]!);
  }
};

/** Tagged template: interpolated fragments are spliced in, anything else becomes a parameter. */
export const sql = (strings: TemplateStringsArray, ...args: readonly Interpolated[]): Sql => new Fragment(strings, args);

/** Trusted text only: keywords and operators chosen from a closed set by the compiler. */
export const raw = (text: string): Sql => new Fragment([text], []);

export const empty: Sql = raw('');

/** A bound parameter (same as interpolating a value, named for clarity at call sites). */
export const param = (value: SqlValue): Sql => new Fragment(['', ''], [value]);

// Requests name the same tables, columns and aliases over and over: quoting each once saves a
// scan and a copy per name (the compiler quotes a hundred or more per embed request). Names
// Postgres could hold (up to 63 bytes; longer ones it truncates) are cached, at most 10,000
// of them, so callers' own aliases cannot grow it without bound.
const QUOTED_CACHE_LIMIT = 10_000;
const quoted = new Map<string, string>();

/**
 * Quotes an identifier the way Postgres's quote_ident does, always quoting. No identifier can
 * hold a NUL, and one in the statement text breaks the wire protocol (the grammar refuses them).
 */
export const quoteIdent = (name: string): string => {
  const cached = quoted.get(name);
  if (cached !== undefined) return cached;
  if (name.includes('\u0000')) throw new Error('an identifier cannot contain NUL');
  const q = `"${name.replaceAll('"', '""')}"`;
  if (name.length <= 63) {
    if (quoted.size >= QUOTED_CACHE_LIMIT) quoted.clear();
    quoted.set(name, q);
  }
  return q;
};

export const ident = (...names: readonly string[]): Sql =>
  raw(names.length === 1 ? quoteIdent(names[0]!) : names.map(quoteIdent).join('.'));

export const join = (fragments: readonly Sql[], separator: string): Sql => {
  if (fragments.length === 0) return empty;
  const strings = [''];
  for (let i = 1; i < fragments.length; i++) strings.push(separator);
  strings.push('');
  return new Fragment(strings, fragments);
};

export const isEmpty = (f: Sql): boolean => {
  let blank = true;
  write(f, (t) => (blank &&= t === ''), () => (blank = false));
  return blank;
};

/** Numbers the parameters $1..$n and returns the text and parameter list to send. */
export const toSqlQuery = (fragment: Sql): SqlQuery => {
  let text = '';
  const params: SqlValue[] = [];
  write(fragment, (t) => (text += t), (v) => {
    params.push(v);
    text += `$${params.length}`;
  });
  return { text, params };
};
