// Which table column each view column shows unchanged, read from the view's stored query
// tree (pg_rewrite.ev_action): Postgres records the origin of plain column references in the
// target list (resorigtbl/resorigcol); views over views are followed down to tables.
import type { CatalogView } from './catalog-rows.ts';

/** A column of a relation, by oid and attribute number. */
export interface ColumnRef {
  readonly rel: number;
  readonly attnum: number;
}

type TreeValue = string | null | TreeNode | readonly TreeValue[];
interface TreeNode {
  readonly type: string;
  readonly fields: ReadonlyMap<string, TreeValue>;
}

const isDelimiter = (c: string): boolean =>
  c === '(' || c === ')' || c === '{' || c === '}' || c === ' ' || c === '\n' || c === '\t';

/** Tokens as read.c's pg_strtok sees them; `raw` keeps backslashes so field names stay recognisable. */
const tokenize = (text: string): string[] => {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')' || c === '{' || c === '}') {
      tokens.push(c);
      i++;
    } else {
      const start = i;
      while (i < text.length && !isDelimiter(text[i]!)) i += text[i] === '\\' ? 2 : 1;
      tokens.push(text.slice(start, i));
    }
  }
  return tokens;
};

const unescape = (token: string): string | null => {
  if (token === '<>') return null;
  if (token === '""') return '';
  return token.replace(/\\(.)/g, '$1');
};

/** A recursive-descent reader for node trees: `{TYPE :field value ...}`, `(items)`, atoms. */
const parseTree = (text: string): TreeValue => {
  const tokens = tokenize(text);
  let pos = 0;
  const value = (): TreeValue => {
    const token = tokens[pos++]!;
    if (token === '{') {
      const type = tokens[pos++]!;
      const fields = new Map<string, TreeValue>();
      while (pos < tokens.length && tokens[pos] !== '}') {
        const name = tokens[pos++]!;
        // A field's value: one node or list, or atoms up to the next field (datums are `4 [ 1 0 0 0 ]`).
        let v: TreeValue = null;
        if (tokens[pos] === '{' || tokens[pos] === '(') v = value();
        else {
          const atoms: string[] = [];
          while (pos < tokens.length && tokens[pos] !== '}' && !tokens[pos]!.startsWith(':')) atoms.push(tokens[pos++]!);
          if (atoms.length > 0) v = unescape(atoms.join(' '));
        }
        // A column named like a field (`:resno`) reads as an empty field: the real one is the non-empty one.
        if (!fields.has(name) || fields.get(name) === null) fields.set(name, v);
      }
      pos++;
      return { type, fields };
    }
    if (token === '(') {
      const items: TreeValue[] = [];
      while (pos < tokens.length && tokens[pos] !== ')') items.push(value());
      pos++;
      return items;
    }
    return unescape(token);
  };
  return value();
};

const isNode = (v: TreeValue | undefined): v is TreeNode =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const field = (node: TreeNode, name: string): TreeValue | undefined => node.fields.get(name);

/**
 * attnum -> origin of the view's own columns (origins may themselves be views). A definition
 * this reader cannot follow gives no origins: the view then has no inferred keys, rather than
 * one odd view stopping the whole schema cache from loading.
 */
export const directViewOrigins = (definition: string): ReadonlyMap<number, ColumnRef> => {
  try {
    return originsOf(parseTree(definition));
  } catch {
    return new Map();
  }
};

const originsOf = (tree: TreeValue): ReadonlyMap<number, ColumnRef> => {
  const origins = new Map<number, ColumnRef>();
  const query = Array.isArray(tree) ? tree[0] : tree;
  if (!isNode(query)) return origins;
  const targets = field(query, ':targetList');
  if (!Array.isArray(targets)) return origins;
  for (const entry of targets as readonly TreeValue[]) {
    if (!isNode(entry) || field(entry, ':resjunk') === 'true') continue;
    const resno = Number(field(entry, ':resno'));
    const rel = Number(field(entry, ':resorigtbl'));
    const attnum = Number(field(entry, ':resorigcol'));
    if (resno > 0 && rel > 0 && attnum > 0) origins.set(resno, { rel, attnum });
  }
  return origins;
};

/** For every view: attnum -> the column of a non-view relation it ultimately shows. */
export const resolveViewOrigins = (
  views: readonly CatalogView[],
): ReadonlyMap<number, ReadonlyMap<number, ColumnRef>> => {
  const direct = new Map(views.map((v) => [v.oid, directViewOrigins(v.definition)] as const));
  const resolve = (ref: ColumnRef, seen: ReadonlySet<number>): ColumnRef | undefined => {
    const through = direct.get(ref.rel);
    if (through === undefined) return ref;
    if (seen.has(ref.rel)) return undefined;
    const next = through.get(ref.attnum);
    return next === undefined ? undefined : resolve(next, new Set([...seen, ref.rel]));
  };
  const resolved = new Map<number, ReadonlyMap<number, ColumnRef>>();
  for (const [oid, origins] of direct) {
    const columns = new Map<number, ColumnRef>();
    for (const [attnum, ref] of origins) {
      const base = resolve(ref, new Set([oid]));
      if (base !== undefined) columns.set(attnum, base);
    }
    resolved.set(oid, columns);
  }
  return resolved;
};
