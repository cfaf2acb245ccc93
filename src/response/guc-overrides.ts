// Applies what the transaction asked for through the `response.status` and
// `response.headers` GUCs: the status replaces ours, and the headers replace ours of the
// same name (PGRST112 / PGRST111 when they are malformed, or could break the response).
import { gucHeadersError, gucStatusError } from '../errors/request-errors.ts';
import type { MainRow } from '../query/types.ts';

type Headers = Readonly<Record<string, string>>;

const parseStatus = (text: string): number => {
  if (!/^\s*\d+\s*$/.test(text)) throw gucStatusError();
  const status = Number(text);
  // 1xx are interim responses (RFC 9110 section 15.2): a body cannot follow one.
  if (status < 200 || status > 599) throw gucStatusError();
  return status;
};

// RFC 9110: a name is a token; a value holds no control character but tab (a CR or LF
// would end the header and start another one).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

// Header values are octets: text from Postgres goes out as its UTF-8 bytes, as PostgREST
// sends it (Node writes one latin1 byte per character and refuses any above U+00FF).
const asOctets = (value: string): string => (/^[\x20-\x7e\t]*$/.test(value) ? value : Buffer.from(value, 'utf8').toString('latin1'));

const parseHeaders = (text: string): readonly (readonly [string, string])[] => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw gucHeadersError();
  }
  if (!Array.isArray(value)) throw gucHeadersError();
  return value.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw gucHeadersError();
    const entries = Object.entries(item);
    const entry = entries[0];
    if (entries.length !== 1 || entry === undefined || typeof entry[1] !== 'string') throw gucHeadersError();
    const [name, value] = entry;
    if (!TOKEN.test(name) || CONTROL.test(value)) throw gucHeadersError();
    return [name, asOctets(value)] as const;
  });
};

export const applyGucOverrides = (
  status: number,
  headers: Headers,
  main: Pick<MainRow, 'response_status' | 'response_headers'>,
): { readonly status: number; readonly headers: Headers } => {
  const gucStatus = main.response_status === null ? undefined : parseStatus(main.response_status);
  const gucHeaders = main.response_headers === null ? [] : parseHeaders(main.response_headers);
  if (gucStatus === undefined && gucHeaders.length === 0) return { status, headers };
  const overridden = new Set(gucHeaders.map(([k]) => k.toLowerCase()));
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!overridden.has(k.toLowerCase())) merged[k] = v;
  for (const [k, v] of gucHeaders) merged[k] = v;
  return { status: gucStatus ?? status, headers: merged };
};
