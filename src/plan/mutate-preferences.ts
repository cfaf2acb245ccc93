// The Prefer decisions of a write: how its transaction ends (db-tx-end and `tx=`), and what
// Preference-Applied echoes, in PostgREST's order (ApiRequest/Preferences.hs prefAppliedHeader,
// Response.hs responsePreferences).
import type { Action, Preferences } from '../api-request/types.ts';
import type { TxEndSetting } from '../config/data-api-settings.ts';

/** `Prefer: tx=` counts only where db-tx-end allows an override; else it is ignored, not echoed. */
export const honouredTx = (prefs: Preferences, dbTxEnd: TxEndSetting): Preferences['tx'] =>
  dbTxEnd.endsWith('-allow-override') ? prefs.tx : undefined;

export const txEndFor = (prefs: Preferences, dbTxEnd: TxEndSetting): 'commit' | 'rollback' => {
  const tx = honouredTx(prefs, dbTxEnd);
  const rollbackAll = dbTxEnd.startsWith('rollback');
  return tx === 'rollback' || (rollbackAll && tx !== 'commit') ? 'rollback' : 'commit';
};

export interface AppliedContext {
  readonly action: Action;
  readonly dbTxEnd: TxEndSetting;
  /** An upsert resolution took effect (the table has a key or `on_conflict` was given). */
  readonly resolutionApplied: boolean;
}

export const preferenceApplied = (prefs: Preferences, context: AppliedContext): readonly string[] => {
  const kind = context.action.kind;
  const tx = honouredTx(prefs, context.dbTxEnd);
  const strict = prefs.handling === 'strict';
  const out: string[] = [];
  if (kind === 'create' && context.resolutionApplied && prefs.resolution) out.push(`resolution=${prefs.resolution}`);
  if ((kind === 'create' || kind === 'update') && prefs.missing) out.push(`missing=${prefs.missing}`);
  if (prefs.return) out.push(`return=${prefs.return}`);
  if (prefs.count) out.push(`count=${prefs.count}`);
  if (tx) out.push(`tx=${tx}`);
  // handling defaults to lenient; PostgREST echoes it only when it was sent.
  if (prefs.handlingSent === true || strict) out.push(`handling=${prefs.handling}`);
  if (prefs.timezone !== undefined) out.push(`timezone=${prefs.timezone}`);
  if ((kind === 'update' || kind === 'delete') && strict && prefs.maxAffected !== undefined)
    out.push(`max-affected=${prefs.maxAffected}`);
  return out;
};
