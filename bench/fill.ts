// Typed access to the scenario placeholders (worker/fill-request.cjs), which must stay plain
// CommonJS because autocannon's worker thread loads it without the TypeScript loader.
import { createRequire } from 'node:module';

export type Fill = (template: string, values: { readonly rows: number; readonly n: number; readonly id?: number }) => string;

export const { fill } = createRequire(import.meta.url)('./worker/fill-request.cjs') as { readonly fill: Fill };
