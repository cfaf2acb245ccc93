// Picks the media type of a read's body from the Accept header's ranges (already ordered
// by q): the first one a table can produce wins, as in PostgREST; none is PGRST107.
import type { MediaType } from '../api-request/types.ts';
import { mediaTypeError } from '../errors/request-errors.ts';

export interface ReadMedia {
  readonly media: MediaType;
  readonly stripNulls: boolean;
}

const parse = (range: string): { type: string; params: ReadonlyMap<string, string> } => {
  const [type = '', ...rest] = range.split(';');
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return { type: type.trim().toLowerCase(), params };
};

const producible = (range: string): ReadMedia | undefined => {
  const { type, params } = parse(range);
  const stripNulls = params.get('nulls') === 'stripped';
  switch (type) {
    case '*/*':
    case 'application/json':
      return { media: 'application/json', stripNulls: false };
    case 'application/vnd.pgrst.array+json':
    case 'application/vnd.pgrst.array':
      return { media: 'application/json', stripNulls };
    case 'application/vnd.pgrst.object+json':
    case 'application/vnd.pgrst.object':
      return { media: 'application/vnd.pgrst.object+json', stripNulls };
    case 'text/csv':
      return { media: 'text/csv', stripNulls: false };
    default:
      return undefined;
  }
};

export const negotiateReadMedia = (accept: readonly string[]): ReadMedia => {
  if (accept.length === 0) return { media: 'application/json', stripNulls: false };
  for (const range of accept) {
    const picked = producible(range);
    if (picked !== undefined) return picked;
  }
  throw mediaTypeError(accept.map((r) => parse(r).type));
};
