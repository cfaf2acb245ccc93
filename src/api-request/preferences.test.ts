import { describe, expect, it } from 'vitest';
import { parsePreferences } from './preferences.ts';
import type { Preferences } from './types.ts';

const none: Preferences = { handling: 'lenient', invalid: [] };

describe('parsePreferences', () => {
  it.each<[string, string | string[] | undefined, Partial<Preferences>]>([
    ['no header', undefined, {}],
    ['empty header', '', {}],
    ['resolution', 'resolution=merge-duplicates', { resolution: 'merge-duplicates' }],
    ['ignore-duplicates', 'resolution=ignore-duplicates', { resolution: 'ignore-duplicates' }],
    ['return=representation', 'return=representation', { return: 'representation' }],
    ['return=minimal', 'return=minimal', { return: 'minimal' }],
    ['return=headers-only', 'return=headers-only', { return: 'headers-only' }],
    ['count=exact', 'count=exact', { count: 'exact' }],
    ['count=planned', 'count=planned', { count: 'planned' }],
    ['count=estimated', 'count=estimated', { count: 'estimated' }],
    ['tx=commit', 'tx=commit', { tx: 'commit' }],
    ['tx=rollback', 'tx=rollback', { tx: 'rollback' }],
    ['missing=default', 'missing=default', { missing: 'default' }],
    ['missing=null', 'missing=null', { missing: 'null' }],
    ['handling=strict', 'handling=strict', { handling: 'strict', handlingSent: true }],
    ['handling=lenient', 'handling=lenient', { handling: 'lenient', handlingSent: true }],
    ['timezone', 'timezone=America/Los_Angeles', { timezone: 'America/Los_Angeles' }],
    ['numeric timezone', 'timezone=-4', { timezone: '-4' }],
    ['max-affected', 'max-affected=5', { maxAffected: 5 }],
    ['negative max-affected', 'max-affected=-1', { maxAffected: -1 }],
    ['max-affected not a number', 'max-affected=abc', {}],
    [
      'one header, several',
      'resolution=ignore-duplicates, count=exact, timezone=America/Los_Angeles, max-affected=100',
      { resolution: 'ignore-duplicates', count: 'exact', timezone: 'America/Los_Angeles', maxAffected: 100 },
    ],
    [
      'several headers',
      ['resolution=ignore-duplicates', 'count=exact', 'missing=null', 'handling=lenient', 'invalid', 'max-affected=5999'],
      { resolution: 'ignore-duplicates', count: 'exact', missing: 'null', handling: 'lenient', handlingSent: true, maxAffected: 5999, invalid: ['invalid'] },
    ],
    ['first wins', 'tx=commit, tx=rollback', { tx: 'commit' }],
    ['first wins across headers', ['resolution=ignore-duplicates', 'resolution=merge-duplicates'], { resolution: 'ignore-duplicates' }],
    ['first handling wins', 'handling=lenient, handling=strict', { handling: 'lenient', handlingSent: true }],
    ['first timezone wins', 'timezone=UTC, timezone=CET', { timezone: 'UTC' }],
    ['first max-affected wins even when bad', 'max-affected=x, max-affected=5', {}],
    [
      'arbitrary spaces',
      'count=exact,    tx=commit   ,return=representation , missing=default, handling=strict, anything',
      { count: 'exact', tx: 'commit', return: 'representation', missing: 'default', handling: 'strict', handlingSent: true, invalid: ['anything'] },
    ],
    ['unknown values are invalid', 'return=everything, count=none, params=single-object', { invalid: ['return=everything', 'count=none', 'params=single-object'] }],
    ['matching is exact', 'Count=Exact, count = exact', { invalid: ['Count=Exact', 'count = exact'] }],
    ['empty items are skipped', 'count=exact,, ,', { count: 'exact' }],
    ['invalid in strict order', ['handling=strict', 'something, else'], { handling: 'strict', handlingSent: true, invalid: ['something', 'else'] }],
  ])('%s', (_, header, expected) => {
    expect(parsePreferences(header)).toEqual({ ...none, ...expected });
  });

  it('drops tx when db-tx-end allows no override, without calling it invalid', () => {
    expect(parsePreferences('tx=rollback, count=exact', { allowTxOverride: false })).toEqual({ ...none, count: 'exact' });
  });
});
