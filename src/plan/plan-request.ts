// Plans a request: picks the planner for its action. The planners check every name against
// the schema cache and make every choice, so the compiler only translates.
import type { ApiRequest } from '../api-request/types.ts';
import type { DataApiSettings } from '../config/data-api-settings.ts';
import type { SchemaCache } from '../schema-cache/types.ts';
import { openApiDisabled } from '../errors/request-errors.ts';
import { planCall, planCallInfo } from './call-plan.ts';
import { planRead } from './read-plan.ts';
import { planMutate } from './mutate-plan.ts';
import type { Plan } from './types.ts';

export const planRequest = (request: ApiRequest, cache: SchemaCache, settings: DataApiSettings): Plan => {
  if (request.target.kind === 'root' && request.action.kind === 'read') {
    if (settings.openapiMode === 'disabled') throw openApiDisabled();
    return { kind: 'openapi', schema: request.schema };
  }
  switch (request.action.kind) {
    case 'read':
      return planRead(request, cache, settings);
    case 'create':
    case 'update':
    case 'single-upsert':
    case 'delete':
      return planMutate(request, cache, settings);
    case 'info':
      if (request.target.kind === 'routine') return planCallInfo(request, cache);
      return { kind: 'info', allowed: ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] };
    case 'call':
      return planCall(request, cache, settings);
  }
};
