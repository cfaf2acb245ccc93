// Plans a read (GET/HEAD on a table or view): finds the relation, builds its read tree
// (embeds, filters, orders, pages capped at db-max-rows), and picks the body's media type
// and the count to make. planReadNode is the same tree for writes' `return=representation`.
import type { ApiRequest, Preferences } from '../api-request/types.ts';
import type { DataApiSettings } from '../config/data-api-settings.ts';
import { invalidPreferences, invalidResourcePath } from '../errors/request-errors.ts';
import { findTable } from '../schema-cache/schema-cache.ts';
import type { SchemaCache, Table } from '../schema-cache/types.ts';
import { honouredTx } from './mutate-preferences.ts';
import { negotiateReadMedia } from './read-media.ts';
import { buildReadTree } from './read-tree.ts';
import { finalizeTree } from './spread-plan.ts';
import type { ReadPlan, ReadRequestPlan } from './types.ts';

/**
 * The read tree of `request.query` over `table`. For `'read'`, root filters, pages and
 * db-max-rows apply; for `'write'` (the representation of changed rows), only the select,
 * embed filters and orders do: the root's filters belong to the mutation itself.
 */
export const planReadNode = (
  request: Pick<ApiRequest, 'query' | 'range'>,
  table: Table,
  cache: SchemaCache,
  settings: Pick<DataApiSettings, 'dbAggregatesEnabled' | 'dbMaxRows'>,
  purpose: 'read' | 'write',
): ReadPlan =>
  finalizeTree(
    buildReadTree(
      request,
      table,
      cache,
      { aggregatesEnabled: settings.dbAggregatesEnabled },
      purpose === 'read'
        ? {
            rootConditions: true,
            ranges: true,
            rootRange: request.range,
            ...(settings.dbMaxRows === undefined ? {} : { maxRows: settings.dbMaxRows }),
          }
        : { rootConditions: false, ranges: false },
    ),
  );

/** What a read echoes in Preference-Applied: the count, an honoured tx, handling when sent, timezone. */
const readPreferenceApplied = (prefs: Preferences, settings: Pick<DataApiSettings, 'dbTxEnd'>): readonly string[] => {
  const tx = honouredTx(prefs, settings.dbTxEnd);
  return [
    ...(prefs.count === undefined ? [] : [`count=${prefs.count}`]),
    ...(tx === undefined ? [] : [`tx=${tx}`]),
    ...(prefs.handlingSent || prefs.handling === 'strict' ? [`handling=${prefs.handling}`] : []),
    ...(prefs.timezone === undefined ? [] : [`timezone=${prefs.timezone}`]),
  ];
};

export const planRead = (request: ApiRequest, cache: SchemaCache, settings: DataApiSettings): ReadRequestPlan => {
  if (request.target.kind !== 'relation') throw invalidResourcePath();
  const table = findTable(cache, request.schema, request.target.name);
  const read = planReadNode(request, table, cache, settings, 'read');
  const { media, stripNulls, explain } = negotiateReadMedia(request.accept, settings.dbPlanEnabled);
  const prefs = request.preferences;
  if (prefs.handling === 'strict' && prefs.invalid.length > 0) throw invalidPreferences(prefs.invalid);
  return {
    kind: 'read',
    read,
    media,
    stripNulls,
    headersOnly: request.action.kind === 'read' && request.action.headersOnly,
    ...(prefs.count === undefined ? {} : { count: prefs.count }),
    ...(settings.dbMaxRows === undefined ? {} : { maxRows: settings.dbMaxRows }),
    preferenceApplied: readPreferenceApplied(prefs, settings),
    ...(explain === undefined ? {} : { explain }),
  };
};
