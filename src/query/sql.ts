// The one way SQL is built: immutable fragments of trusted text and bound values.
// Identifiers go through ident() (the only quoting function), values always become $n
// parameters, and toSqlQuery() numbers them. Nothing else concatenates SQL.

export type SqlValue = string | number | boolean | null;

export interface Sql {
  readonly kind: 'sql';
  /** Trusted text pieces; `parts.length === values.length + 1`. */
  readonly parts: readonly string[];
  readonly values: readonly SqlValue[];
}

export interface SqlQuery {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

type Interpolated = Sql | SqlValue;

const isSql = (v: unknown): v is Sql => typeof v === 'object' && v !== null && (v as Sql).kind === 'sql';

const make = (parts: string[], values: SqlValue[]): Sql => Object.freeze({ kind: 'sql', parts, values });

/** Tagged template: interpolated fragments are spliced in, anything else becomes a parameter. */
export const sql = (strings: TemplateStringsArray, ...args: readonly Interpolated[]): Sql => {
  const parts: string[] = [strings[0]!];
  const values: SqlValue[] = [];
  args.forEach((arg, i) => {
    const next = strings[i + 1]!;
    if (isSql(arg)) {
      parts[parts.length - 1] += arg.parts[0]!;
      for (let j = 0; j < arg.values.length; j++) {
        values.push(arg.values[j]!);
        parts.push(arg.parts[j + 1]!);
      }
      parts[parts.length - 1] += next;
    } else {
      values.push(arg);
      parts.push(next);
    }
  });
  return make(parts, values);
};

/** Trusted text only: keywords and operators chosen from a closed set by the compiler. */
export const raw = (text: string): Sql => make([text], []);

export const empty: Sql = raw('');

/** A bound parameter (same as interpolating a value, named for clarity at call sites). */
export const param = (value: SqlValue): Sql => make(['', ''], [value]);

/** Quotes an identifier the way Postgres's quote_ident does, always quoting. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export const ident = (...names: readonly string[]): Sql => raw(names.map(quoteIdent).join('.'));

export const join = (fragments: readonly Sql[], separator: string): Sql => {
  if (fragments.length === 0) return empty;
  const parts: string[] = [''];
  const values: SqlValue[] = [];
  fragments.forEach((f, i) => {
    if (i > 0) parts[parts.length - 1] += separator;
    parts[parts.length - 1] += f.parts[0]!;
    for (let j = 0; j < f.values.length; j++) {
      values.push(f.values[j]!);
      parts.push(f.parts[j + 1]!);
    }
  });
  return make(parts, values);
};

export const isEmpty = (f: Sql): boolean => f.values.length === 0 && f.parts.every((p) => p === '');

/** Numbers the parameters $1..$n and returns the text and parameter list to send. */
export const toSqlQuery = (fragment: Sql): SqlQuery => {
  let text = fragment.parts[0]!;
  for (let i = 0; i < fragment.values.length; i++) text += `$${i + 1}${fragment.parts[i + 1]!}`;
  return { text, params: fragment.values };
};
