// The settings of one served Data API (one database): PostgREST's settings, whether they
// come from postgrest.conf / PGRST_* (PostgREST mode), from `ALTER ROLE ... SET pgrst.*`
// in the database, or from the control plane (Neon-style snake_case names).

export type TxEndSetting = 'commit' | 'commit-allow-override' | 'rollback' | 'rollback-allow-override';
export type OpenApiMode = 'follow-privileges' | 'ignore-privileges' | 'disabled';

export interface DataApiSettings {
  /** Exposed schemas; the first is the default. */
  readonly dbSchemas: readonly string[];
  /** Role for requests without a JWT; undefined means anonymous requests get 401. */
  readonly dbAnonRole?: string;
  readonly dbMaxRows?: number;
  readonly dbExtraSearchPath: readonly string[];
  readonly dbPreparedStatements: boolean;
  readonly dbAggregatesEnabled: boolean;
  readonly dbPlanEnabled: boolean;
  readonly dbTxEnd: TxEndSetting;
  readonly dbPreRequest?: string;
  readonly dbPoolSize: number;
  readonly jwtRoleClaimKey: string;
  /** HS256 secret, or a JWK / JWKS as JSON (PostgREST's jwt-secret); verified by auth/. */
  readonly jwtSecret?: string;
  /** When set, a token's `aud` must match it. */
  readonly jwtAud?: string;
  /** jwtSecret is base64 (URL-safe alphabet allowed) and is decoded before use. */
  readonly jwtSecretIsBase64?: boolean;
  readonly serverCorsAllowedOrigins?: readonly string[];
  readonly serverTimingEnabled: boolean;
  readonly openapiMode: OpenApiMode;
  /** `app.settings.*`: set as GUCs in every request transaction. */
  readonly appSettings: Readonly<Record<string, string>>;
}

export const defaultDataApiSettings: DataApiSettings = Object.freeze({
  dbSchemas: ['public'],
  dbAnonRole: undefined,
  dbMaxRows: undefined,
  dbExtraSearchPath: ['public'],
  dbPreparedStatements: true,
  dbAggregatesEnabled: false,
  dbPlanEnabled: false,
  dbTxEnd: 'commit',
  dbPreRequest: undefined,
  dbPoolSize: 10,
  jwtRoleClaimKey: '.role',
  jwtSecret: undefined,
  jwtAud: undefined,
  jwtSecretIsBase64: false,
  serverCorsAllowedOrigins: undefined,
  serverTimingEnabled: false,
  openapiMode: 'follow-privileges',
  appSettings: {},
});
