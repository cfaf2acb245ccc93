// LISTEN on a dedicated connection (outside the pool), reconnecting after errors so schema
// reloads keep arriving when the server restarts.
import pg from 'pg';
import { quoteIdent } from '../query/sql.ts';

export const listenOn = async (
  connectionString: string,
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> => {
  let stopped = false;
  let client: pg.Client | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString, application_name: 'rowgate-listener' });
    c.on('notification', (m) => {
      if (m.channel === channel) onNotify(m.payload ?? '');
    });
    c.on('error', () => {
      if (stopped) return;
      c.end().catch(() => undefined);
      setTimeout(() => {
        if (!stopped) connect().then(onReconnect, () => c.emit('error', new Error('reconnect failed')));
      }, 1000).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${quoteIdent(channel)}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
};
