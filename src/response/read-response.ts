// PLACEHOLDER being replaced by the read response renderer.
import type { ApiRequest } from '../api-request/types.ts';
import type { ReadRequestPlan } from '../plan/types.ts';
import type { TxOutcome } from './render-response.ts';
import type { HttpResponse } from './types.ts';

export const renderRead = (_p: ReadRequestPlan, _r: ApiRequest, _o: TxOutcome): HttpResponse => {
  throw new Error('placeholder');
};
