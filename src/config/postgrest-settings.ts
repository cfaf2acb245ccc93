// PostgREST's settings that shape a served Data API, as one table: each setting's names
// (config key, aliases, PGRST_ env variable, `pgrst.*` in-database name) and its one parser.
// postgrest.conf, the environment and in-database settings all go through this table, so a
// value means the same wherever it is set (PostgREST: Config.hs `parser`).
import { readFileSync } from 'node:fs';
import { defaultDataApiSettings, type DataApiSettings, type OpenApiMode, type TxEndSetting } from './data-api-settings.ts';
import { ConfigError, invalidSetting } from './config-error.ts';
import type { ConfValue } from './conf-file.ts';

/** A value as found: env and database values are strings, the file also has numbers and booleans. */
export type RawValue = ConfValue;

export interface SettingSpec<T> {
  /** The config-file name, e.g. `db-max-rows`. */
  readonly key: string;
  /** Older names PostgREST still reads when the main one is unset, e.g. `max-rows`. */
  readonly aliases: readonly string[];
  /** Settable with `ALTER ROLE authenticator SET pgrst.<key with underscores>`. */
  readonly inDatabase: boolean;
  /** `where` names the source in errors (`PGRST_DB_MAX_ROWS`, `pgrst.db_max_rows`, ...). */
  readonly parse: (value: RawValue, where: string) => Partial<T>;
}

export const envName = (key: string): string => `PGRST_${key.replaceAll('-', '_').replaceAll('.', '_').toUpperCase()}`;
export const inDatabaseName = (key: string): string => key.replaceAll('-', '_');

// --- value coercions, as lenient as PostgREST's configurator where it is well defined ---

export const toText = (key: string, v: RawValue, where: string): string => {
  if (Array.isArray(v)) throw invalidSetting(key, where, 'expected a string, got a list (use one comma-separated string)');
  return String(v);
};

/** A whole number in [min, max]; '' means unset (undefined), as PostgREST treats it. */
export const toInt = (key: string, v: RawValue, where: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
  const s = typeof v === 'number' ? String(v) : toText(key, v, where).trim();
  if (s === '') return undefined;
  if (!/^-?\d+$/.test(s)) throw invalidSetting(key, where, `expected a whole number, got ${JSON.stringify(s)}`);
  const n = Number(s);
  if (n < min || n > max)
    throw invalidSetting(key, where, `expected a number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}, got ${s}`);
  return n;
};

/** true/false in any case (quotes ignored, as PostgREST does), on/off, or a number (> 0 is true); '' is unset. */
export const toBool = (key: string, v: RawValue, where: string): boolean | undefined => {
  if (typeof v === 'boolean') return v;
  const s = toText(key, v, where).trim();
  if (s === '') return undefined;
  const word = s.replace(/[^A-Za-z]/g, '').toLowerCase();
  if (word === 'true' || word === 'on') return true;
  if (word === 'false' || word === 'off') return false;
  if (/^-?\d+$/.test(s)) return Number(s) > 0;
  throw invalidSetting(key, where, `expected true or false, got ${JSON.stringify(s)}`);
};

export const toChoice = <C extends string>(key: string, v: RawValue, where: string, choices: readonly C[]): C | undefined => {
  const s = toText(key, v, where).trim();
  if (s === '') return undefined;
  if (!(choices as readonly string[]).includes(s))
    throw invalidSetting(key, where, `expected one of ${choices.join(', ')}, got ${JSON.stringify(s)}`);
  return s as C;
};

/** `a, b,c` -> ['a', 'b', 'c']; empty items are dropped. */
export const toList = (key: string, v: RawValue, where: string): readonly string[] =>
  toText(key, v, where)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** PostgREST reads `@/path` values (db-uri, jwt-secret) from that file. */
export const readAtFile = (key: string, value: string, where: string): string => {
  if (!value.startsWith('@')) return value;
  const path = value.slice(1);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw invalidSetting(key, where, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
};

const TX_END: readonly TxEndSetting[] = ['commit', 'commit-allow-override', 'rollback', 'rollback-allow-override'];
const OPENAPI_MODES: readonly OpenApiMode[] = ['follow-privileges', 'ignore-privileges', 'disabled'];
const FORBIDDEN_SCHEMAS: readonly string[] = ['pg_catalog', 'information_schema'];
const d = defaultDataApiSettings;

const optionalText = (key: string, v: RawValue, where: string): string | undefined => toText(key, v, where).trim() || undefined;

/** The settings of DataApiSettings, in PostgREST's names. An unset ('') value restores the default. */
export const dataApiSettingSpecs: readonly SettingSpec<DataApiSettings>[] = [
  {
    key: 'db-schemas',
    aliases: ['db-schema'],
    inDatabase: true,
    parse: (v, w) => {
      const schemas = toList('db-schemas', v, w);
      const forbidden = schemas.find((s) => FORBIDDEN_SCHEMAS.includes(s));
      if (forbidden) throw invalidSetting('db-schemas', w, `db-schemas does not allow schema '${forbidden}'`);
      return { dbSchemas: schemas.length > 0 ? schemas : d.dbSchemas };
    },
  },
  { key: 'db-anon-role', aliases: [], inDatabase: true, parse: (v, w) => ({ dbAnonRole: optionalText('db-anon-role', v, w) }) },
  { key: 'db-pre-request', aliases: ['pre-request'], inDatabase: true, parse: (v, w) => ({ dbPreRequest: optionalText('db-pre-request', v, w) }) },
  { key: 'db-max-rows', aliases: ['max-rows'], inDatabase: true, parse: (v, w) => ({ dbMaxRows: toInt('db-max-rows', v, w, 0) }) },
  // Unlike the others, '' here means "no extra schemas", not the default `public`.
  { key: 'db-extra-search-path', aliases: [], inDatabase: true, parse: (v, w) => ({ dbExtraSearchPath: toList('db-extra-search-path', v, w) }) },
  { key: 'db-tx-end', aliases: [], inDatabase: true, parse: (v, w) => ({ dbTxEnd: toChoice('db-tx-end', v, w, TX_END) ?? d.dbTxEnd }) },
  {
    key: 'db-aggregates-enabled',
    aliases: [],
    inDatabase: true,
    parse: (v, w) => ({ dbAggregatesEnabled: toBool('db-aggregates-enabled', v, w) ?? d.dbAggregatesEnabled }),
  },
  {
    key: 'db-prepared-statements',
    aliases: [],
    inDatabase: true,
    parse: (v, w) => ({ dbPreparedStatements: toBool('db-prepared-statements', v, w) ?? d.dbPreparedStatements }),
  },
  { key: 'db-plan-enabled', aliases: [], inDatabase: true, parse: (v, w) => ({ dbPlanEnabled: toBool('db-plan-enabled', v, w) ?? d.dbPlanEnabled }) },
  // The pool is sized once at start-up, so PostgREST does not read it from the database.
  { key: 'db-pool', aliases: [], inDatabase: false, parse: (v, w) => ({ dbPoolSize: toInt('db-pool', v, w, 1, 10_000) ?? d.dbPoolSize }) },
  {
    key: 'jwt-secret',
    aliases: [],
    inDatabase: true,
    parse: (v, w) => {
      const s = optionalText('jwt-secret', v, w);
      // A file's one trailing newline is not part of the secret.
      return { jwtSecret: s === undefined ? undefined : readAtFile('jwt-secret', s, w).replace(/\r?\n$/, '') || undefined };
    },
  },
  {
    key: 'jwt-secret-is-base64',
    aliases: ['secret-is-base64'],
    inDatabase: true,
    parse: (v, w) => ({ jwtSecretIsBase64: toBool('jwt-secret-is-base64', v, w) ?? false }),
  },
  {
    key: 'jwt-aud',
    aliases: [],
    inDatabase: true,
    parse: (v, w) => {
      const aud = optionalText('jwt-aud', v, w);
      // RFC 7519: an audience is a StringOrURI, so anything with a colon must be a URI.
      if (aud?.includes(':') && !/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(aud))
        throw invalidSetting('jwt-aud', w, 'jwt-aud should be a string or a valid URI');
      return { jwtAud: aud };
    },
  },
  {
    key: 'jwt-role-claim-key',
    aliases: ['role-claim-key'],
    inDatabase: true,
    parse: (v, w) => {
      const path = optionalText('jwt-role-claim-key', v, w);
      if (path !== undefined && !/^[.$]/.test(path))
        throw invalidSetting('jwt-role-claim-key', w, `expected a JSPath such as .role or $.role, got ${JSON.stringify(path)}`);
      return { jwtRoleClaimKey: path ?? d.jwtRoleClaimKey };
    },
  },
  { key: 'openapi-mode', aliases: [], inDatabase: true, parse: (v, w) => ({ openapiMode: toChoice('openapi-mode', v, w, OPENAPI_MODES) ?? d.openapiMode }) },
  {
    key: 'server-cors-allowed-origins',
    aliases: [],
    inDatabase: true,
    parse: (v, w) => {
      const origins = toList('server-cors-allowed-origins', v, w);
      return { serverCorsAllowedOrigins: origins.length > 0 ? origins : undefined };
    },
  },
  {
    key: 'server-timing-enabled',
    aliases: [],
    inDatabase: true,
    parse: (v, w) => ({ serverTimingEnabled: toBool('server-timing-enabled', v, w) ?? d.serverTimingEnabled }),
  },
];

/**
 * Applies specs to `base`; `lookup(name)` gives a name's value and where it came from. A
 * spec reads its main name, and its aliases only while that is unset or '' (PostgREST's
 * optWithAlias); a final '' restores the default.
 */
export const applySpecs = <T>(
  specs: readonly SettingSpec<T>[],
  base: T,
  lookup: (name: string) => { readonly value: RawValue; readonly where: string } | undefined,
): T => {
  let out = base;
  for (const spec of specs) {
    let found: { readonly value: RawValue; readonly where: string } | undefined;
    for (const name of [spec.key, ...spec.aliases]) {
      const candidate = lookup(name);
      if (candidate === undefined) continue;
      found ??= candidate;
      if (candidate.value !== '') {
        found = candidate;
        break;
      }
    }
    if (found !== undefined) out = { ...out, ...spec.parse(found.value, found.where) };
  }
  return out;
};

const secretBytes = (secret: string, isBase64: boolean): Buffer => {
  if (!isBase64) return Buffer.from(secret, 'utf8');
  // PostgREST accepts the URL-safe alphabet too.
  const b64 = secret.trim().replaceAll('_', '/').replaceAll('-', '+').replaceAll('.', '=');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0)
    throw new ConfigError('jwt-secret', 'Invalid jwt-secret: jwt-secret-is-base64 is true but the secret is not valid base64');
  return Buffer.from(b64, 'base64');
};

const isJsonObject = (bytes: Buffer): boolean => {
  try {
    const v: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof v === 'object' && v !== null;
  } catch {
    return false;
  }
};

/** Checks what only the combination of settings can tell; run after every layer is applied. */
export const checkDataApiSettings = (settings: DataApiSettings): DataApiSettings => {
  if (settings.jwtSecret !== undefined) {
    const bytes = secretBytes(settings.jwtSecret, settings.jwtSecretIsBase64 ?? false);
    // A JWK or JWKS (JSON) is checked when JWT verification loads it; a shared secret must be long.
    if (!isJsonObject(bytes) && bytes.length < 32)
      throw new ConfigError('jwt-secret', 'Invalid jwt-secret: the JWT secret must be at least 32 characters long');
  }
  return settings;
};
