// Media types: the Accept header as ordered media ranges (Network.Wai.Parse parseHttpAccept),
// Content-Type, and the choice among what a response can offer (PostgREST: MediaType.hs
// decodeMediaType and Plan/Negotiate.hs), including the vnd.pgrst variants' parameters.
import type { MediaType } from './types.ts';

export interface MediaRange {
  /** Lower-cased; `*` for a wildcard. */
  readonly type: string;
  readonly subtype: string;
  /** Names lower-cased, values as sent, without q. */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[A-Za-z0-9.*]+$/;
const SUBTOKEN = /^[A-Za-z0-9.*+-]+$/;
const PARAM = /^\s*([A-Za-z0-9-]+)\s*=\s*(?:"([^"]*)"|([A-Za-z0-9|-]+))\s*$/;

// Splits on `;` outside double quotes: `for="application/json;x"` stays one parameter.
const splitParams = (text: string): string[] => {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === ';' && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
};

/** `type/subtype; k=v; k="v"`; a parameter that does not parse is dropped (RFC 9110 section 5.6.6). */
export const parseMediaRange = (text: string): MediaRange | undefined => {
  const [essence = '', ...rest] = splitParams(text);
  const slash = essence.indexOf('/');
  const type = essence.slice(0, slash).trim();
  const subtype = essence.slice(slash + 1).trim();
  if (slash < 0 || !TOKEN.test(type) || !SUBTOKEN.test(subtype)) return undefined;
  const params: Record<string, string> = {};
  for (const p of rest) {
    const m = PARAM.exec(p);
    if (m !== null) params[m[1]!.toLowerCase()] = m[2] ?? m[3]!;
  }
  return { type: type.toLowerCase(), subtype: subtype.toLowerCase(), params };
};

const quoteIfNeeded = (v: string): string => (/^[A-Za-z0-9|-]+$/.test(v) ? v : `"${v}"`);

export const formatMediaRange = (r: MediaRange): string =>
  [`${r.type}/${r.subtype}`, ...Object.entries(r.params).map(([k, v]) => `${k}=${quoteIfNeeded(v)}`)].join(';');

const Q = /;q=([0-9.eE+-]*)/;

/**
 * The Accept header as media ranges, best first: by q, then by specificity (parameters count
 * for, wildcards against, as parseHttpAccept ranks them), then header order. q=0 means "not
 * this", so it is dropped (PostgREST keeps it). No header, or a blank one, accepts anything.
 */
export const parseAccept = (header: string | undefined): readonly string[] => {
  if (header === undefined || header.trim() === '') return ['*/*'];
  const ranked: { range: string; q: number; specificity: number; index: number }[] = [];
  for (const [index, item] of header.split(',').entries()) {
    // parseHttpAccept strips every space, and drops what follows q's own parameter.
    const compact = item.replaceAll(' ', '');
    const m = Q.exec(compact);
    const q = m === null ? 1 : Number.parseFloat(m[1]!);
    const text = m === null ? compact : compact.slice(0, m.index);
    if (text === '' || q === 0) continue;
    // A range that does not parse is kept as sent: nothing matches it, but a 406 names it.
    const parsed = parseMediaRange(text);
    const range = parsed === undefined ? text : formatMediaRange(parsed);
    const specificity = (text.match(/;/g)?.length ?? 0) - (text.match(/\*/g)?.length ?? 0);
    ranked.push({ range, q: Number.isNaN(q) ? 1 : q, specificity, index });
  }
  ranked.sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.index - b.index);
  return ranked.map((r) => r.range);
};

/** The request body's type: the canonical MediaType when known, else `type/subtype`; JSON when absent. */
export const parseContentType = (header: string | undefined): MediaType | string => {
  if (header === undefined) return 'application/json';
  const r = parseMediaRange(header);
  return r === undefined ? header.trim().toLowerCase() : canonicalOf(r).mediaType;
};

export interface NegotiatedMedia {
  readonly mediaType: MediaType | string;
  /** `nulls=stripped` on vnd.pgrst.object+json or vnd.pgrst.array+json. */
  readonly nullsStripped: boolean;
  /** For vnd.pgrst.plan: the output format, the media type planned for, and EXPLAIN options. */
  readonly plan?: { readonly format: 'json' | 'text'; readonly for: string; readonly options: readonly string[] };
}

const PLAN_OPTIONS = ['analyze', 'verbose', 'settings', 'buffers', 'wal'];

// decodeMediaType: the vendored types' aliases and parameters.
const canonicalOf = (r: MediaRange): NegotiatedMedia => {
  const essence = `${r.type}/${r.subtype}`;
  const stripped = r.params.nulls === 'stripped';
  switch (essence) {
    case 'application/vnd.pgrst.object':
    case 'application/vnd.pgrst.object+json':
      return { mediaType: 'application/vnd.pgrst.object+json', nullsStripped: stripped };
    case 'application/vnd.pgrst.array':
    case 'application/vnd.pgrst.array+json':
      // Without nulls=stripped the array type is plain JSON.
      return stripped
        ? { mediaType: 'application/vnd.pgrst.array+json', nullsStripped: true }
        : { mediaType: 'application/json', nullsStripped: false };
    case 'application/vnd.pgrst.plan':
    case 'application/vnd.pgrst.plan+text':
    case 'application/vnd.pgrst.plan+json': {
      const forRange = parseMediaRange(r.params.for ?? 'application/json');
      const options = (r.params.options ?? '').split('|');
      return {
        mediaType: 'application/vnd.pgrst.plan+json',
        nullsStripped: false,
        plan: {
          format: essence.endsWith('+json') ? 'json' : 'text',
          for: forRange === undefined ? 'application/json' : String(canonicalOf(forRange).mediaType),
          options: PLAN_OPTIONS.filter((o) => options.includes(o)),
        },
      };
    }
    default:
      return { mediaType: essence, nullsStripped: false };
  }
};

/**
 * The first accepted range (in `accept`'s order) that one of `offered` satisfies, the first
 * such offer for a wildcard: `*\/*` takes offered[0], `text/*` the first text offer.
 */
export const negotiateMedia = (accept: readonly string[], offered: readonly MediaType[]): NegotiatedMedia | undefined => {
  for (const text of accept) {
    const r = parseMediaRange(text);
    if (r === undefined) continue;
    if (r.type === '*' && r.subtype === '*') {
      if (offered[0] !== undefined) return { mediaType: offered[0], nullsStripped: false };
      continue;
    }
    if (r.subtype === '*') {
      const hit = offered.find((o) => o.startsWith(`${r.type}/`));
      if (hit !== undefined) return { mediaType: hit, nullsStripped: false };
      continue;
    }
    const wanted = canonicalOf(r);
    if (offered.includes(wanted.mediaType as MediaType)) return wanted;
  }
  return undefined;
};

/** The MediaType chosen for a response, or undefined for a 406 (PGRST107). */
export const negotiate = (accept: readonly string[], offered: readonly MediaType[]): MediaType | undefined =>
  negotiateMedia(accept, offered)?.mediaType as MediaType | undefined;
