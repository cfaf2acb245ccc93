// Splits a raw query string into decoded key/value pairs the way PostgREST's HTTP library does
// (http-types parseQueryReplacePlus True): `&` and `;` separate pairs, `+` is a space, bad `%`
// escapes stay as written; and renders its canonical form for Content-Location.

export interface QueryPair {
  readonly key: string;
  /** undefined for a key without `=`, which PostgREST treats as absent. */
  readonly value: string | undefined;
}

const hexValue = (b: number): number =>
  b >= 48 && b <= 57 ? b - 48 : b >= 65 && b <= 70 ? b - 55 : b >= 97 && b <= 102 ? b - 87 : -1;

/** Percent- and plus-decoding; invalid UTF-8 becomes U+FFFD rather than an error. */
export const decodeQueryComponent = (s: string, plusIsSpace = true): string => {
  const percent = s.indexOf('%');
  if (percent === -1) return plusIsSpace && s.includes('+') ? s.replaceAll('+', ' ') : s;
  const bytes = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 43 && plusIsSpace) out[n++] = 32;
    else if (b === 37 && i + 2 < bytes.length) {
      const high = hexValue(bytes[i + 1]!);
      const low = hexValue(bytes[i + 2]!);
      if (high < 0 || low < 0) out[n++] = b;
      else {
        out[n++] = high * 16 + low;
        i += 2;
      }
    } else out[n++] = b;
  }
  return out.toString('utf8', 0, n);
};

export const splitQueryString = (search: string): QueryPair[] => {
  const s = search.startsWith('?') ? search.slice(1) : search;
  const pairs: QueryPair[] = [];
  let start = 0;
  while (start < s.length) {
    let end = start;
    let eq = -1;
    for (let code = s.charCodeAt(end); end < s.length && code !== 38 && code !== 59; code = s.charCodeAt(++end)) {
      if (code === 61 && eq === -1) eq = end;
    }
    pairs.push(
      eq === -1
        ? { key: decodeQueryComponent(s.slice(start, end)), value: undefined }
        : { key: decodeQueryComponent(s.slice(start, eq)), value: decodeQueryComponent(s.slice(eq + 1, end)) },
    );
    start = end + 1;
  }
  return pairs;
};

const PLAIN = /^[A-Za-z0-9\-_.~]*$/;
// encodeURIComponent leaves these five alone; Network.HTTP.Base's urlEncode does not.
const EXTRA = /[!'()*]/g;

const encodeCanonical = (s: string): string => {
  if (PLAIN.test(s)) return s;
  try {
    return encodeURIComponent(s).replace(EXTRA, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    // A lone surrogate: encode its UTF-8 replacement bytes one by one.
    let out = '';
    for (const b of Buffer.from(s, 'utf8')) out += PLAIN.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    return out;
  }
};

/** Pairs sorted by key, a repeated key's values joined by `,` (Network.HTTP.Base urlEncodeVars). */
export const canonicalQueryString = (pairs: readonly QueryPair[]): string => {
  const sorted = [...pairs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    const key = sorted[i]!.key;
    const values: string[] = [];
    for (; i < sorted.length && sorted[i]!.key === key; i++) values.push(encodeCanonical(sorted[i]!.value ?? ''));
    parts.push(`${encodeCanonical(key)}=${values.join(',')}`);
  }
  return parts.join('&');
};
