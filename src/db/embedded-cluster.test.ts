import { describe, expect, it } from 'vitest';
import { postgresFlags } from './embedded-cluster.ts';

describe('postgresFlags', () => {
  it('keeps fsync on for the persistent cluster that holds the user data', () => {
    expect(postgresFlags(true).join(' ')).not.toContain('fsync');
    expect(postgresFlags(true)).toEqual(['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200']);
  });

  it('turns fsync off only for throwaway clusters', () => {
    expect(postgresFlags(false).slice(-2)).toEqual(['-c', 'fsync=off']);
  });
});
