// PLACEHOLDER being replaced by the mutation compiler.
import type { MutateRequestPlan } from '../plan/types.ts';
import type { CompiledRequest } from './types.ts';

export const compileMutate = (_p: MutateRequestPlan): CompiledRequest => {
  throw new Error('placeholder');
};
