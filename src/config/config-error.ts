// The one error configuration loading throws: bad values, unreadable files, syntax errors.
// `setting` names what was wrong (a PostgREST key, an env variable or a flag) so start-up
// can print one clear line and exit instead of a stack trace.

export class ConfigError extends Error {
  constructor(
    /** The setting at fault, as the user wrote it (e.g. `db-max-rows`, `PORT`, `--port`). */
    readonly setting: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `Invalid <setting> (<where>): <reason>`; `where` says which source the value came from. */
export const invalidSetting = (setting: string, where: string | undefined, reason: string): ConfigError =>
  new ConfigError(setting, `Invalid ${setting}${where && where !== setting ? ` (from ${where})` : ''}: ${reason}`);
