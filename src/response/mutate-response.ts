// PLACEHOLDER being replaced by the mutation response renderer.
import type { ApiRequest } from '../api-request/types.ts';
import type { MutateRequestPlan } from '../plan/types.ts';
import type { TxOutcome } from './render-response.ts';
import type { HttpResponse } from './types.ts';

export const renderMutate = (_p: MutateRequestPlan, _r: ApiRequest, _o: TxOutcome): HttpResponse => {
  throw new Error('placeholder');
};
