// The Preference-Applied header: the preferences the response honoured, in PostgREST's
// order. Each action passes the ones that apply to it.
import type { Preferences } from '../api-request/types.ts';

export type AppliedPreference = 'resolution' | 'missing' | 'return' | 'count' | 'tx' | 'handling' | 'timezone' | 'maxAffected';

export const preferenceApplied = (
  prefs: Preferences,
  applies: readonly AppliedPreference[],
): Record<string, string> => {
  const on = new Set(applies);
  const values = [
    on.has('resolution') && prefs.resolution !== undefined ? `resolution=${prefs.resolution}` : undefined,
    on.has('missing') && prefs.missing !== undefined ? `missing=${prefs.missing}` : undefined,
    on.has('return') && prefs.return !== undefined ? `return=${prefs.return}` : undefined,
    on.has('count') && prefs.count !== undefined ? `count=${prefs.count}` : undefined,
    on.has('tx') && prefs.tx !== undefined ? `tx=${prefs.tx}` : undefined,
    // The default (lenient) is not echoed unless it could be told apart from an absent header.
    on.has('handling') && prefs.handling === 'strict' ? 'handling=strict' : undefined,
    on.has('timezone') && prefs.timezone !== undefined ? `timezone=${prefs.timezone}` : undefined,
    on.has('maxAffected') && prefs.handling === 'strict' && prefs.maxAffected !== undefined
      ? `max-affected=${prefs.maxAffected}`
      : undefined,
  ].filter((v): v is string => v !== undefined);
  return values.length === 0 ? {} : { 'Preference-Applied': values.join(', ') };
};
