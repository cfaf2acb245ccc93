// PLACEHOLDER being replaced by the read compiler.
import type { ReadRequestPlan } from '../plan/types.ts';
import type { CompiledRequest } from './types.ts';

export const compileRead = (_p: ReadRequestPlan): CompiledRequest => {
  throw new Error('placeholder');
};
