// Picks the media type of a read's body from the Accept header's ranges (already ordered
// by preference): the first one a table or view can produce wins, as in PostgREST; none is
// PGRST107. Writes' `return=representation` offers the same types.
import type { MediaType } from '../api-request/types.ts';
import { negotiateMedia } from '../api-request/media-type.ts';
import { mediaTypeError } from '../errors/request-errors.ts';
import type { ExplainRequest } from './types.ts';

export interface ReadMedia {
  readonly media: MediaType;
  readonly stripNulls: boolean;
  /** Set when the execution plan was asked for; `media` is then what it is the plan for. */
  readonly explain?: ExplainRequest;
}



/** What a relation's rows can be rendered as; the first is what `*\/*` gets. */
export const READ_MEDIA: readonly MediaType[] = [
  'application/json',
  'application/vnd.pgrst.object+json',
  'application/vnd.pgrst.array+json',
  'text/csv',
];

// With db-plan-enabled the execution plan is offered too; last, so wildcards never pick it.
const WITH_PLAN: readonly MediaType[] = [...READ_MEDIA, 'application/vnd.pgrst.plan+json'];

export const negotiateReadMedia = (accept: readonly string[], planEnabled = false): ReadMedia => {
  if (accept.length === 0) return { media: 'application/json', stripNulls: false };
  const picked = negotiateMedia(accept, planEnabled ? WITH_PLAN : READ_MEDIA);
  if (picked === undefined) throw mediaTypeError(accept);
  if (picked.plan !== undefined) {
    const inner = negotiateReadMedia([picked.plan.for]);
    return { ...inner, explain: { format: picked.plan.format, options: picked.plan.options as ExplainRequest['options'] } };
  }
  // The array type is plain JSON; it only differs when it strips nulls.
  const media = picked.mediaType === 'application/vnd.pgrst.array+json' ? 'application/json' : (picked.mediaType as MediaType);
  return { media, stripNulls: picked.nullsStripped };
};
