// Parses a write's request body once, by its Content-Type (PostgREST: ApiRequest/Payload.hs):
// JSON objects and arrays, text/csv with a header row and x-www-form-urlencoded become the
// one JSON text a write binds, plus the keys the planner turns into columns.
import { invalidBody } from '../errors/request-errors.ts';
import { parseCsvPayload } from './csv-payload.ts';
import type { Action, Payload } from './types.ts';

export interface PayloadContext {
  readonly action: Action;
  /** `?columns=`: keys then come from it and arrays may mix keys (PostgREST's RawJSON). */
  readonly columns?: readonly string[] | undefined;
}

type JsonPayload = Extract<Payload, { kind: 'json' }>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const jsonPayload = (raw: string, value: unknown, keys: ReadonlySet<string>): JsonPayload => ({
  kind: 'json',
  raw,
  keys,
  isArray: Array.isArray(value),
  rowCount: Array.isArray(value) ? value.length : 1,
  value,
});

// Anything but an object or an array of objects is taken as no rows, as PostgREST does.
const EMPTY: JsonPayload = jsonPayload('[]', [], new Set());

const sameKeys = (a: ReadonlySet<string>, o: Record<string, unknown>): boolean => {
  const keys = Object.keys(o);
  return keys.length === a.size && keys.every((k) => a.has(k));
};

/** Keys of an object, or of the objects of an array; PGRST102 unless every element is an object with the same keys. */
const jsonKeys = (value: unknown, uniform: boolean): ReadonlySet<string> | undefined => {
  if (isObject(value)) return new Set(Object.keys(value));
  if (!Array.isArray(value)) return undefined;
  const [first] = value;
  if (first === undefined) return new Set();
  if (!isObject(first)) throw invalidBody('All object keys must match');
  const keys = new Set(Object.keys(first));
  for (const element of value) {
    if (!isObject(element)) throw invalidBody('All object keys must match');
    if (uniform) {
      if (!sameKeys(keys, element)) throw invalidBody('All object keys must match');
    } else for (const k of Object.keys(element)) keys.add(k);
  }
  return keys;
};

/**
 * Postgres parses JSON recursively and fails past about 10,000 levels with 54001 (a 500), so
 * deeper documents are refused here as the client's mistake they are.
 */
export const MAX_JSON_DEPTH = 1000;

// Depth of valid JSON text: brackets outside strings, counted in one pass.
const jsonDepth = (text: string): number => {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      for (i++; text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (code === 91 || code === 123) {
      if (++depth > deepest) deepest = depth;
    } else if (code === 93 || code === 125) depth--;
  }
  return deepest;
};

const parseJson = (text: string, context: PayloadContext): JsonPayload => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // PostgREST drops the parser's message for a generic one (postgrest#2344).
    throw invalidBody('Empty or invalid json');
  }
  if (text.length > 2 * MAX_JSON_DEPTH && jsonDepth(text) > MAX_JSON_DEPTH)
    throw invalidBody(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  const keys = jsonKeys(value, context.columns === undefined);
  if (keys === undefined) return EMPTY;
  return jsonPayload(text, value, context.columns === undefined ? keys : new Set(context.columns));
};

const fromRows = (rows: readonly Record<string, unknown>[], keys: readonly string[], single: boolean): JsonPayload => {
  const value = single ? (rows[0] ?? {}) : rows;
  return jsonPayload(JSON.stringify(value), value, new Set(keys));
};

const parseForm = (text: string): JsonPayload => {
  // Later duplicates win, as in PostgREST's HashMap of the pairs. Without a prototype a
  // `__proto__` field is a key like any other, not lost.
  const object: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of new URLSearchParams(text)) object[k] = v;
  return fromRows([object], Object.keys(object), true);
};

/** `type/subtype` in lower case, without parameters; JSON when the header is absent. */
const mimeOf = (contentType: string | undefined): string =>
  (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase() || 'application/json';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as text; bytes that are not UTF-8 are PGRST102 rather than silently U+FFFD. */
const utf8 = (body: Buffer, message: string): string => {
  try {
    return UTF8.decode(body);
  } catch {
    throw invalidBody(message);
  }
};

const RAW_FOR_RPC = new Set(['text/plain', 'text/xml', 'application/octet-stream']);

/**
 * The payload of a write or an RPC call, or undefined for actions that take none (reads,
 * DELETE). Throws PGRST102 for a body that cannot be parsed or a Content-Type that cannot.
 */
export const parsePayload = (body: Buffer, contentType: string | undefined, context: PayloadContext): Payload | undefined => {
  const { action } = context;
  const isCall = action.kind === 'call';
  if (isCall ? action.method !== 'POST' : !['create', 'update', 'single-upsert'].includes(action.kind)) return undefined;
  const mime = mimeOf(contentType);
  switch (mime) {
    case 'application/json':
      // A call without a body is a call without arguments.
      return isCall && body.length === 0 ? jsonPayload('{}', {}, new Set()) : parseJson(utf8(body, 'Empty or invalid json'), context);
    case 'text/csv': {
      const { header, rows } = parseCsvPayload(utf8(body, 'Error in CSV body: invalid UTF-8'));
      return fromRows(rows, header, false);
    }
    case 'application/x-www-form-urlencoded':
      return parseForm(utf8(body, 'Invalid UTF-8 in the form body'));
  }
  if (isCall && RAW_FOR_RPC.has(mime)) {
    // Text goes to a text or xml parameter: bytes that are not UTF-8 are refused, not replaced.
    if (mime !== 'application/octet-stream') utf8(body, 'Invalid UTF-8 in the request body');
    return { kind: 'raw', raw: body, contentType: mime };
  }
  throw invalidBody(`Content-Type not acceptable: ${mime}`);
};
