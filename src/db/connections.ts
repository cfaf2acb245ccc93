// The connections of a pool and who may use them. A connection is shared by several
// transactions at once when each goes out whole (BEGIN ... COMMIT in one flight): Postgres
// runs them in order, and their writes leave together. A transaction that must see results
// before it ends takes a connection exclusively, once nothing else is in flight on it.
import pg from 'pg';

export interface Connection {
  readonly client: pg.Client;
  /** Whole transactions sent on it and not yet answered. */
  inFlight: number;
  /** When each of those was sent, oldest first (they are answered in order). */
  readonly sentAt: number[];
  exclusive: boolean;
  broken: boolean;
  /** To be closed once idle (it holds too many prepared statements, or is from before a reload). */
  retiring: boolean;
  readonly generation: number;
  corked: boolean;
}

// A transaction queues behind one that has run this long only when no connection is better:
// a slow call must not hold up the fast reads that happen to land behind it.
const STALLED_MS = 20;

type Want = 'shared' | 'exclusive';

interface Waiter {
  readonly want: Want;
  readonly resolve: (c: Connection) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export interface ConnectionSetOptions {
  readonly connect: () => pg.Client;
  readonly max: number;
  /** How many whole transactions may queue on one connection. */
  readonly maxInFlight: number;
  readonly acquireTimeoutMs: number;
}

export class AcquireTimeout extends Error {}

export const createConnectionSet = (options: ConnectionSetOptions) => {
  const live: Connection[] = [];
  let opening = 0;
  let generation = 0;
  let ended = false;
  const waiters: Waiter[] = [];

  // Retiring and pre-reload connections take no new work, so they drain even under load.
  const usable = (c: Connection, want: Want): boolean =>
    !c.broken &&
    !c.exclusive &&
    !c.retiring &&
    c.generation === generation &&
    (want === 'exclusive' ? c.inFlight === 0 : c.inFlight < options.maxInFlight);

  const stalled = (c: Connection, now: number): boolean => c.sentAt.length > 0 && now - c.sentAt[0]! > STALLED_MS;

  // The least loaded connection that is moving. A stalled one only when every connection is
  // stalled: while one is merely full, waiting for it is quicker than queueing behind a stall.
  const pick = (want: Want): Connection | undefined => {
    const now = performance.now();
    let moving: Connection | undefined;
    let stuck: Connection | undefined;
    let anyMoving = false;
    for (const c of live) {
      const s = stalled(c, now);
      if (!s && !c.broken) anyMoving = true;
      if (!usable(c, want)) continue;
      if (!s && (moving === undefined || c.inFlight < moving.inFlight)) moving = c;
      if (s && (stuck === undefined || c.inFlight < stuck.inFlight)) stuck = c;
    }
    return moving ?? (anyMoving ? undefined : stuck);
  };

  const drop = (c: Connection): void => {
    if (c.broken) return;
    c.broken = true;
    const i = live.indexOf(c);
    if (i >= 0) live.splice(i, 1);
    c.client.end().catch(() => undefined);
  };

  const take = (c: Connection, want: Want): Connection => {
    if (want === 'exclusive') c.exclusive = true;
    else {
      c.inFlight++;
      c.sentAt.push(performance.now());
    }
    return c;
  };

  const open = async (): Promise<Connection> => {
    opening++;
    try {
      const client = options.connect();
      const c: Connection = { client, inFlight: 0, sentAt: [], exclusive: false, broken: false, retiring: false, generation, corked: false };
      client.on('error', () => {
        drop(c);
        dispatch();
      });
      await client.connect();
      if (ended) {
        await client.end();
        throw new Error('the pool is closed');
      }
      live.push(c);
      return c;
    } finally {
      opening--;
    }
  };

  // Serves waiters in arrival order while connections allow; opens more up to `max`.
  const dispatch = (): void => {
    for (const c of [...live]) if ((c.retiring || c.generation < generation) && c.inFlight === 0 && !c.exclusive) drop(c);
    while (waiters.length > 0) {
      const w = waiters[0]!;
      const c = pick(w.want);
      if (c !== undefined) {
        waiters.shift();
        clearTimeout(w.timer);
        w.resolve(take(c, w.want));
        continue;
      }
      if (live.length + opening < options.max) {
        waiters.shift();
        clearTimeout(w.timer);
        open().then(
          (c) => {
            w.resolve(take(c, w.want));
            dispatch();
          },
          (e: Error) => w.reject(e),
        );
        continue;
      }
      return;
    }
  };

  const acquire = (want: Want): Connection | Promise<Connection> => {
    if (ended) return Promise.reject(new Error('the pool is closed'));
    // An idle connection first; a new one while under max; else share the least loaded.
    const idle = live.find((c) => !c.broken && !c.exclusive && !c.retiring && c.inFlight === 0 && c.generation === generation);
    if (idle !== undefined && waiters.length === 0) return take(idle, want);
    // At the limit, share the best connection; below it, a new one runs in parallel.
    if (waiters.length === 0 && want === 'shared' && live.length + opening >= options.max) {
      const c = pick('shared');
      if (c !== undefined) return take(c, want);
    }
    return new Promise<Connection>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = waiters.findIndex((w) => w.timer === timer);
        if (i >= 0) waiters.splice(i, 1);
        reject(new AcquireTimeout('timeout exceeded when trying to connect'));
      }, options.acquireTimeoutMs);
      waiters.push({ want, resolve, reject, timer });
      dispatch();
    });
  };

  const release = (c: Connection, want: Want, broken: boolean, retire = false): void => {
    if (want === 'exclusive') c.exclusive = false;
    else {
      c.inFlight--;
      c.sentAt.shift();
    }
    if (retire) c.retiring = true;
    if (broken) drop(c);
    dispatch();
  };

  return {
    acquire,
    release,
    recycle(): void {
      generation++;
      dispatch();
    },
    async end(): Promise<void> {
      ended = true;
      for (const w of waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(new Error('the pool is closed'));
      }
      await Promise.all(live.splice(0).map((c) => c.client.end().catch(() => undefined)));
    },
  };
};

export type ConnectionSet = ReturnType<typeof createConnectionSet>;

/**
 * Holds the socket's writes until the event loop's check phase, so every transaction
 * started while handling this batch of events leaves in one write.
 */
export const corkUntilTick = (c: Connection): void => {
  if (c.corked) return;
  const stream = (c.client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
  if (stream?.cork === undefined || stream.uncork === undefined) return;
  c.corked = true;
  stream.cork();
  setImmediate(() => {
    c.corked = false;
    stream.uncork!();
  });
};
