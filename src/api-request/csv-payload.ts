// Turns a text/csv request body with a header row into the JSON array a write binds, as
// PostgREST does (ApiRequest/Payload.hs csvToJson): every field is a string except the
// unquoted or quoted word NULL, which is JSON null. RFC 4180 quoting; CRLF or LF rows.
import { invalidBody } from '../errors/request-errors.ts';

/** Splits RFC 4180 text into records of fields. Throws PGRST102 on a stray quote. */
const parseRecords = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      // A quoted field runs to the next lone quote; "" inside is one quote.
      i++;
      for (;;) {
        if (i >= n) throw invalidBody('Error in CSV body: unterminated quoted field');
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
        throw invalidBody('Error in CSV body: unexpected character after a quoted field');
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  // The last line needs no line break.
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
};

export interface CsvRows {
  readonly header: readonly string[];
  readonly rows: readonly Readonly<Record<string, string | null>>[];
}

export const parseCsvPayload = (text: string): CsvRows => {
  const [header, ...lines] = parseRecords(text);
  if (header === undefined) throw invalidBody('Error in CSV body: the header row is missing');
  const rows = lines.map((fields) => {
    if (fields.length !== header.length) throw invalidBody('All lines must have same number of fields');
    // Without a prototype a `__proto__` column is a key like any other, not lost.
    const row: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
    header.forEach((name, i) => {
      const value = fields[i]!;
      row[name] = value === 'NULL' ? null : value;
    });
    return row;
  });
  return { header, rows };
};
