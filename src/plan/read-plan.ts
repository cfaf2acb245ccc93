// PLACEHOLDER being replaced by the read planner.
import type { ApiRequest } from '../api-request/types.ts';
import type { DataApiSettings } from '../config/data-api-settings.ts';
import type { SchemaCache } from '../schema-cache/types.ts';
import { notImplemented } from '../errors/request-errors.ts';
import type { ReadRequestPlan } from './types.ts';

export const planRead = (_r: ApiRequest, _c: SchemaCache, _s: DataApiSettings): ReadRequestPlan => {
  throw notImplemented('reads');
};
