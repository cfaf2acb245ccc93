// Reads the Prefer headers (RFC 7240) into Preferences as PostgREST does (ApiRequest/
// Preferences.hs): comma-separated, any number of headers, the first of each kind wins, and
// anything not understood is kept in `invalid` for `handling=strict` to refuse.
import type { Preferences } from './types.ts';

export interface PreferenceOptions {
  /** db-tx-end allows clients to choose: otherwise `tx=` is accepted but ignored. */
  readonly allowTxOverride?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Kind = 'resolution' | 'return' | 'count' | 'tx' | 'missing' | 'handling';

// Each accepted token and the preference it sets; matching is exact, as in PostgREST.
const TOKENS: ReadonlyMap<string, readonly [Kind, string]> = new Map(
  (
    [
      ['resolution', ['merge-duplicates', 'ignore-duplicates']],
      ['return', ['representation', 'minimal', 'headers-only']],
      ['count', ['exact', 'planned', 'estimated']],
      ['tx', ['commit', 'rollback']],
      ['missing', ['default', 'null']],
      ['handling', ['strict', 'lenient']],
    ] as const
  ).flatMap(([kind, values]) => values.map((v) => [`${kind}=${v}`, [kind, v]] as const)),
);

const TIMEZONE = 'timezone=';
const MAX_AFFECTED = 'max-affected=';

/** The preferences of every Prefer header (Node joins repeated ones with ", "). */
export const parsePreferences = (
  header: string | readonly string[] | undefined,
  options: PreferenceOptions = {},
): Preferences => {
  const allowTx = options.allowTxOverride ?? true;
  const prefs: Mutable<Preferences> = { handling: 'lenient', invalid: [] };
  if (header === undefined) return prefs;
  const invalid: string[] = [];
  const seen = new Set<Kind | 'timezone' | 'max-affected'>();
  for (const value of typeof header === 'string' ? [header] : header) {
    for (const raw of value.split(',')) {
      const token = raw.trim();
      // An empty item (a trailing comma) is not a preference at all; PostgREST lists it as invalid.
      if (token === '') continue;
      const known = TOKENS.get(token);
      if (known !== undefined) {
        const [kind, v] = known;
        if (seen.has(kind)) continue;
        seen.add(kind);
        if (kind === 'handling') prefs.handlingSent = true;
        if (kind !== 'tx' || allowTx) (prefs as Record<Kind, string>)[kind] = v;
      } else if (token.startsWith(TIMEZONE)) {
        if (!seen.has('timezone')) prefs.timezone = token.slice(TIMEZONE.length);
        seen.add('timezone');
      } else if (token.startsWith(MAX_AFFECTED)) {
        // Only the first is read; when it is not a number there is no limit (PostgREST's readMaybe).
        const digits = token.slice(MAX_AFFECTED.length);
        const n = /^-?\d+$/.test(digits) ? Number(digits) : NaN;
        if (!seen.has('max-affected') && Number.isSafeInteger(n)) prefs.maxAffected = n;
        seen.add('max-affected');
      } else invalid.push(token);
    }
  }
  prefs.invalid = invalid;
  return prefs;
};
