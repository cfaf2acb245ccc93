// What `serve` needs from the operating system in both modes: listening (with a message that
// says how to pick another port), the URL to print for the address listened on, and waiting
// for SIGINT/SIGTERM.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listening failed; `serve` prints the message alone and exits 1. */
export class ListenError extends Error {}

/** Resolves to the port bound (`port` 0 picks a free one). `portHint` says how to choose another. */
export const listen = (server: Server, port: number, host: string, portHint: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new ListenError(
          e.code === 'EADDRINUSE'
            ? `port ${port} is already in use; stop the other server or pick another port with ${portHint}`
            : `cannot listen on ${host}:${port}: ${e.message}`,
        ),
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });

/** A URL a person can open: wildcard addresses (`0.0.0.0`, `::`) are reachable as localhost. */
export const urlFor = (host: string, port: number): string => {
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
};

export const untilSignal = (): Promise<string> =>
  new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
