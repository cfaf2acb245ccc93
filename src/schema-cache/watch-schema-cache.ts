// Reloading on NOTIFY, as PostgREST does: `reload schema` (or an empty payload) and
// `reload config` on the channel, debounced because DDL scripts notify once per statement;
// and the event trigger that sends the notification on every DDL command.
import type { DbPool } from '../db/pool.ts';

export interface WatchOptions {
  /** Called for `reload config` (and, like PostgREST, not for schema reloads). */
  readonly onReloadConfig?: () => void;
  /** Quiet time after the last notification before reloading. */
  readonly debounceMs?: number;
  /** Reload anyway once a burst has lasted this long. */
  readonly maxWaitMs?: number;
}

/** Calls `fn` once a burst of calls has been quiet for `waitMs` (or has lasted `maxWaitMs`). */
const debounce = (fn: () => void, waitMs: number, maxWaitMs: number): { (): void; cancel(): void } => {
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  const fire = (): void => {
    timer = undefined;
    fn();
  };
  const call = (): void => {
    const now = Date.now();
    if (timer === undefined) firstAt = now;
    else clearTimeout(timer);
    timer = setTimeout(fire, Math.max(0, Math.min(waitMs, firstAt + maxWaitMs - now)));
  };
  call.cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return call;
};

/**
 * Listens on `channel` with a dedicated connection; resolves once listening, to a function
 * that stops. A reconnect also reloads: notifications sent while disconnected are lost.
 */
export const watchSchemaCache = async (
  pool: DbPool,
  channel: string = 'pgrst',
  onReload: () => void,
  options: WatchOptions = {},
): Promise<() => Promise<void>> => {
  const reload = debounce(onReload, options.debounceMs ?? 50, options.maxWaitMs ?? 1000);
  const reloadConfig = debounce(options.onReloadConfig ?? (() => undefined), options.debounceMs ?? 50, 1000);
  const stop = await pool.listen(
    channel,
    (payload) => {
      const command = payload.trim().toLowerCase();
      if (command === '' || command === 'reload schema') reload();
      else if (command === 'reload config') reloadConfig();
    },
    reload,
  );
  return async () => {
    reload.cancel();
    reloadConfig.cancel();
    await stop();
  };
};

/**
 * Installs (idempotently) `rowgate.notify_schema_change()` and event triggers on
 * ddl_command_end and sql_drop that send `NOTIFY pgrst, 'reload schema'`. Needs a
 * superuser. Notifications are delivered at commit, and Postgres folds identical ones
 * within a transaction, so a migration in one transaction reloads once.
 */
export const schemaChangeTriggerSql = `
create schema if not exists rowgate;

create or replace function rowgate.notify_schema_change() returns event_trigger
language plpgsql as $$
begin
  -- Refreshing a materialized view changes rows, not the schema.
  if tg_tag <> 'REFRESH MATERIALIZED VIEW' then
    notify pgrst, 'reload schema';
  end if;
end
$$;

do $$
begin
  if not exists (select 1 from pg_event_trigger where evtname = 'rowgate_schema_change') then
    create event trigger rowgate_schema_change on ddl_command_end
      execute function rowgate.notify_schema_change();
  end if;
  if not exists (select 1 from pg_event_trigger where evtname = 'rowgate_schema_drop') then
    create event trigger rowgate_schema_drop on sql_drop
      execute function rowgate.notify_schema_change();
  end if;
end
$$;
`;
