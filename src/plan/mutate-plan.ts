// PLACEHOLDER being replaced by the mutation planner.
import type { ApiRequest } from '../api-request/types.ts';
import type { DataApiSettings } from '../config/data-api-settings.ts';
import type { SchemaCache } from '../schema-cache/types.ts';
import { notImplemented } from '../errors/request-errors.ts';
import type { MutateRequestPlan } from './types.ts';

export const planMutate = (_r: ApiRequest, _c: SchemaCache, _s: DataApiSettings): MutateRequestPlan => {
  throw notImplemented('writes');
};
