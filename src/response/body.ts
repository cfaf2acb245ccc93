// The headers that go with a body built in Postgres (body-sql.ts): its Content-Type,
// Content-Profile when the schema was negotiated, and the singular-object check, shared by
// reads and writes so every action answers the same media types the same way.
import type { ApiRequest, MediaType } from '../api-request/types.ts';
import { singularityError } from '../errors/request-errors.ts';

const mime = (media: MediaType, stripNulls: boolean): string => {
  if (!stripNulls) return media;
  if (media === 'application/vnd.pgrst.object+json') return 'application/vnd.pgrst.object+json;nulls=stripped';
  if (media === 'application/json') return 'application/vnd.pgrst.array+json;nulls=stripped';
  return media;
};

export const contentType = (media: MediaType, stripNulls = false): string =>
  media === 'application/octet-stream' ? media : `${mime(media, stripNulls)}; charset=utf-8`;

/** Content-Type, and Content-Profile when the client picked the schema with a profile header. */
export const bodyHeaders = (
  media: MediaType,
  stripNulls: boolean,
  request: Pick<ApiRequest, 'schema' | 'schemaNegotiated'>,
): Record<string, string> => ({
  'Content-Type': contentType(media, stripNulls),
  ...(request.schemaNegotiated ? { 'Content-Profile': request.schema } : {}),
});

/** application/vnd.pgrst.object+json answers 406 PGRST116 unless exactly one row came back. */
export const checkSingular = (media: MediaType, rows: number): void => {
  if (media === 'application/vnd.pgrst.object+json' && rows !== 1) throw singularityError(rows);
};
