// The part of autocannon's programmatic API the bench uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface AutocannonRequest {
    readonly method?: string;
    readonly path?: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
    /** With `workers`, a path to a CommonJS module exporting the function. */
    readonly setupRequest?: string;
    readonly [extra: string]: unknown;
  }

  export interface AutocannonOptions {
    readonly url: string;
    readonly connections?: number;
    readonly duration?: number;
    readonly workers?: number;
    readonly requests?: readonly AutocannonRequest[];
    readonly setupClient?: string;
    readonly [extra: string]: unknown;
  }

  export interface AutocannonResult {
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly statusCodeStats: Readonly<Record<string, { readonly count: number }>>;
  }

  const autocannon: (options: AutocannonOptions) => EventEmitter & PromiseLike<AutocannonResult>;
  export default autocannon;
}
