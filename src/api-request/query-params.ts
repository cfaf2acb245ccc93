// Parses the whole query string into QueryParams: which key is which kind of parameter, each
// value through its grammar, and the limit/offset ranges (PostgREST: QueryParams.hs parse).
// Unlike PostgREST, a value must be read to its end: `select=id)` is an error, not `id`.
import { invalidRange, parseError } from '../errors/request-errors.ts';
import { Cursor, FAIL, type Fail } from './cursor.ts';
import { filterPath, opExpr, restOfValue, treePath } from './filter-parser.ts';
import { logicPath, logicTree } from './logic-parser.ts';
import { nameList, orderTerms } from './order-parser.ts';
import { canonicalQueryString, splitQueryString, type QueryPair } from './query-string.ts';
import { selectForest } from './select-parser.ts';
import type {
  EmbedPath,
  LogicTree,
  PathFilter,
  PathLogic,
  PathOrder,
  PathRange,
  QueryParams,
  RowRange,
  SelectItem,
} from './types.ts';

export interface QueryParamsOptions {
  /** A GET/HEAD on a function: values that are not operator expressions are its arguments. */
  readonly rpcRead?: boolean;
}

const RESERVED = new Set(['select', 'columns', 'on_conflict']);
const DEFAULT_SELECT: readonly SelectItem[] = Object.freeze([Object.freeze({ kind: 'star' as const })]);

// Whether the key's last dot-separated segment is `word` (`order`, `rel.order`).
const endsWith = (key: string, word: string): boolean =>
  key.endsWith(word) && (key.length === word.length || key.charCodeAt(key.length - word.length - 1) === 46);

/** Explains why `src` does not parse, by parsing it again keeping failure records. */
const failureOf = (src: string, subject: string, parse: (c: Cursor) => unknown): Error => {
  const c = new Cursor(src, true);
  if (parse(c) !== FAIL) c.eof();
  return c.failure(subject);
};

/** Runs `parse` over all of `src`, or throws PGRST100 naming `subject`. */
const parseAll = <T>(src: string, subject: string, parse: (c: Cursor) => T | Fail): T =>
  Cursor.guarded(subject, src, () => {
    const c = new Cursor(src);
    const result = parse(c);
    if (result === FAIL || !c.atEnd) throw failureOf(src, subject, parse);
    return result;
  });

const pathOf = (key: string): EmbedPath => parseAll(key, `failed to parse tree path (${key})`, treePath).path;

const logicOf = (key: string, value: string): PathLogic => {
  const { path, op } = parseAll(key, `failed to parse logic path (${key})`, logicPath);
  // PostgREST parses `or` followed by the value, so columns count from the operator.
  const tree = parseAll<LogicTree>(`${op}${value}`, `failed to parse logic tree (${value})`, (c) => {
    const t = logicTree(c);
    if (t === FAIL || t.kind === 'expr') return t;
    // `or=a.eq.1` would read as a filter on column `ora`; PostgREST accepts that, we do not.
    return c.failInstead('"("', op.length);
  });
  return { path, tree };
};

// A filter, or for rpcRead a function argument when the value is not an operator expression.
const filterOf = (
  key: string,
  value: string,
  rpcRead: boolean,
): { readonly path: EmbedPath; readonly filter?: PathFilter; readonly arg?: readonly [string, string] } => {
  const { path, relation, field } = parseAll(key, `failed to parse tree path (${key})`, filterPath);
  const c = new Cursor(value);
  const op = opExpr(c, restOfValue);
  // No argument is named `rel(key)`, so such a key is always a filter.
  if (op === FAIL && rpcRead && c.pos === 0 && relation === undefined) return { path, arg: [field.name, value] };
  if (op === FAIL || !c.atEnd) throw failureOf(value, `failed to parse filter (${value})`, filterValue);
  const filter = relation === undefined ? { field, opExpr: op } : { relation, field, opExpr: op };
  return { path, filter: { path, filter } };
};

const filterValue = (c: Cursor) => opExpr(c, restOfValue);

const INTEGER = /^\s*-?\d+\s*$/;

// PostgREST ignores a limit or offset that is not an integer; silently returning every row is
// a surprise, so here it is PGRST100.
const integerOf = (key: string, value: string): number => {
  const n = INTEGER.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw parseError(key, value, 'expecting an integer');
  return n === 0 ? 0 : n;
};

// limit/offset per embed path; the last of a repeated key wins. A negative offset is no
// offset, as PostgREST makes it at the top level; a negative limit is PGRST103 at any level.
const rangesOf = (limits: readonly GivenPair[], offsets: readonly GivenPair[]): PathRange[] => {
  const byKey = new Map<string, { limit?: number; offset?: number }>();
  for (const p of limits) byKey.set(p.key, { ...byKey.get(p.key), limit: integerOf(p.key, p.value) });
  for (const p of offsets) {
    const key = `${p.key.slice(0, -'offset'.length)}limit`;
    byKey.set(key, { ...byKey.get(key), offset: integerOf(p.key, p.value) });
  }
  const ranges: PathRange[] = [];
  for (const [key, { limit, offset }] of byKey) {
    if (limit !== undefined && limit < 0) throw invalidRange({ kind: 'negative-limit' });
    const range: RowRange = limit === undefined ? { offset: Math.max(0, offset ?? 0) } : { offset: Math.max(0, offset ?? 0), limit };
    ranges.push({ path: pathOf(key), range });
  }
  return ranges;
};

const distinct = (names: readonly string[]): string[] => [...new Set(names)];

type GivenPair = QueryPair & { readonly value: string };

// The first pair with `key`, even one without a value, as PostgREST's lookup finds it.
const firstValue = (pairs: readonly QueryPair[], key: string): string | undefined => {
  for (const p of pairs) if (p.key === key) return p.value;
  return undefined;
};

const parseUncached = (search: string, rpcRead: boolean): QueryParams => {
  const pairs = splitQueryString(search);
  const orders: GivenPair[] = [];
  const logics: GivenPair[] = [];
  const limits: GivenPair[] = [];
  const offsets: GivenPair[] = [];
  const candidates: GivenPair[] = [];
  for (const p of pairs) {
    if (p.value === undefined) continue;
    const given = p as GivenPair;
    if (endsWith(p.key, 'order')) orders.push(given);
    else if (endsWith(p.key, 'and') || endsWith(p.key, 'or')) logics.push(given);
    else if (endsWith(p.key, 'limit')) limits.push(given);
    else if (endsWith(p.key, 'offset')) offsets.push(given);
    else if (!RESERVED.has(p.key)) candidates.push(given);
  }

  // Checked in PostgREST's order, so the first error reported is the one it reports.
  const order: PathOrder[] = orders.map((p) => ({
    path: pathOf(p.key),
    terms: parseAll(p.value, `failed to parse order (${p.value})`, orderTerms),
  }));
  const logic = logics.map((p) => logicOf(p.key, p.value));
  const columnsValue = firstValue(pairs, 'columns');
  const columns =
    columnsValue === undefined ? undefined : distinct(parseAll(columnsValue, `failed to parse columns parameter (${columnsValue})`, nameList));
  const selectValue = firstValue(pairs, 'select');
  const select =
    selectValue === undefined ? DEFAULT_SELECT : parseAll(selectValue, `failed to parse select parameter (${selectValue})`, selectForest);

  const filters: PathFilter[] = [];
  const rootParams: (readonly [string, string])[] = [];
  const rpcArgs: (readonly [string, string])[] = [];
  for (const p of candidates) {
    const { path, filter, arg } = filterOf(p.key, p.value, rpcRead);
    if (filter !== undefined) filters.push(filter);
    if (arg !== undefined) rpcArgs.push(arg);
    if (path.length === 0) rootParams.push([p.key, p.value]);
  }
  const onConflictValue = firstValue(pairs, 'on_conflict');
  const onConflict =
    onConflictValue === undefined
      ? undefined
      : parseAll(onConflictValue, `failed to parse on_conflict parameter (${onConflictValue})`, nameList);
  const ranges = rangesOf(limits, offsets);

  let canonical: string | undefined;
  const params: { -readonly [K in keyof QueryParams]: QueryParams[K] } = {
    select,
    filters,
    logic,
    order,
    ranges,
    rootParams,
    // Only reads need it (Content-Location), so it is rendered on first use.
    get canonical() {
      return (canonical ??= canonicalQueryString(pairs));
    },
  };
  if (columns !== undefined) params.columns = columns;
  if (onConflict !== undefined) params.onConflict = onConflict;
  if (rpcRead) params.rpcArgs = rpcArgs;
  return params;
};

// Query strings repeat (the same page of the same list), so parsed ones are kept a while.
// Results are shared, which is safe because nothing mutates stage data.
const CACHE_LIMIT = 500;
const MAX_CACHED_LENGTH = 4096;
const cache = new Map<string, QueryParams>();

/** Parses a raw query string (without '?'); throws PGRST100 (or PGRST103 for a negative limit). */
export const parseQueryParams = (search: string, options: QueryParamsOptions = {}): QueryParams => {
  const rpcRead = options.rpcRead === true;
  if (search.length > MAX_CACHED_LENGTH) return parseUncached(search, rpcRead);
  const key = rpcRead ? `r${search}` : `-${search}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const parsed = parseUncached(search, rpcRead);
  // Dropping all at once is cheaper than evicting from the front of a Map, one by one.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed);
  return parsed;
};
