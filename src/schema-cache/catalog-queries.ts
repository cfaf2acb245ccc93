// The catalog queries behind a schema-cache load: relations with their columns, keys and
// view definitions, and functions (with the computed fields and relationships they define).
// Three statements sent in one read-only flight, each returning one JSON text value, so the
// number of round trips does not grow with the schema.
import type { DbPool } from '../db/pool.ts';
import { raw, sql, toSqlQuery, type Sql, type SqlQuery } from '../query/sql.ts';
import type { CatalogFunctions, CatalogKeys, CatalogRelation } from './catalog-rows.ts';

// Names must come out schema-qualified unless in pg_catalog (format_type follows search_path).
const SETTINGS: readonly (readonly [string, string])[] = [['search_path', '']];

/** The exposed schemas as a relation `exposed(oid, nspname)`; schemas travel as one JSON parameter. */
const exposedCte = (schemas: readonly string[]): Sql => sql`
  exposed as (
    select n.oid, n.nspname from pg_namespace n
    where n.nspname in (select jsonb_array_elements_text(${JSON.stringify(schemas)}::jsonb))
  )`;

// Domains resolved to their base type, keeping the innermost length modifier and any NOT NULL.
const domainsCte = sql`
  domain_chain (oid, base, typmod, not_null) as (
    select t.oid, t.typbasetype, t.typtypmod, t.typnotnull from pg_type t where t.typtype = 'd'
    union all
    select c.oid, b.typbasetype, case when c.typmod <> -1 then c.typmod else b.typtypmod end, c.not_null or b.typnotnull
    from domain_chain c join pg_type b on b.oid = c.base and b.typtype = 'd'
  ),
  domains as (
    select c.oid, c.base, c.typmod, c.not_null
    from domain_chain c join pg_type b on b.oid = c.base
    where b.typtype <> 'd'
  )`;

export const relationsQuery = (schemas: readonly string[]): SqlQuery =>
  toSqlQuery(sql`
  with recursive ${exposedCte(schemas)}, ${domainsCte},
  columns as (
    select a.attrelid, json_agg(json_build_object(
      'name', a.attname,
      'description', ds.description,
      'nullable', not (a.attnotnull or coalesce(d.not_null, false)),
      'type', format_type(a.atttypid, a.atttypmod),
      'nominalType', format_type(bt.oid, null),
      'category', bt.typcategory,
      'maxLength', case when bt.oid in ('pg_catalog.bpchar'::regtype, 'pg_catalog.varchar'::regtype)
                   and coalesce(nullif(a.atttypmod, -1), d.typmod, -1) >= 4
                   then coalesce(nullif(a.atttypmod, -1), d.typmod) - 4 end,
      'default', case
        when a.attgenerated <> '' then null
        when a.attidentity = 'd' then format('nextval(%L)', pg_get_serial_sequence(a.attrelid::regclass::text, a.attname))
        when ad.adbin is null and d.oid is not null then pg_get_expr(t.typdefaultbin, 0)
        else pg_get_expr(ad.adbin, ad.adrelid) end,
      'enumValues', case when bt.typtype = 'e' then
        (select json_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = bt.oid)
        else '[]'::json end,
      -- Identity ALWAYS columns cannot be written either (without OVERRIDING SYSTEM VALUE).
      'generated', a.attgenerated <> '' or a.attidentity = 'a',
      'position', a.attnum
    ) order by a.attnum) as list
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join exposed n on n.oid = c.relnamespace
    join pg_type t on t.oid = a.atttypid
    left join domains d on d.oid = t.oid
    join pg_type bt on bt.oid = coalesce(d.base, t.oid)
    left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
    left join pg_description ds
      on ds.objoid = a.attrelid and ds.classoid = 'pg_catalog.pg_class'::regclass and ds.objsubid = a.attnum
    where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'v', 'm', 'f', 'p') and not c.relispartition
    group by a.attrelid
  )
  select coalesce(json_agg(json_build_object(
    'oid', c.oid::int8,
    'schema', n.nspname,
    'name', c.relname,
    'kind', c.relkind,
    'description', ds.description,
    -- Bits of pg_relation_is_updatable: 8 insert, 4 update, 16 delete (1 << CmdType).
    'updatable', case when c.relkind in ('r', 'p') then 28
                      when c.relkind in ('v', 'f') then pg_relation_is_updatable(c.oid, true)
                      else 0 end,
    'primaryKey', coalesce(keys.primary_key, '[]'::json),
    'uniqueKeys', coalesce(keys.unique_keys, '[]'::json),
    'grants', coalesce(acl.grants, '{}'::json),
    'columns', coalesce(cols.list, '[]'::json)
  ) order by n.nspname, c.relname), '[]'::json)::text as result
  from pg_class c
  join exposed n on n.oid = c.relnamespace
  left join pg_description ds on ds.objoid = c.oid and ds.classoid = 'pg_catalog.pg_class'::regclass and ds.objsubid = 0
  left join columns cols on cols.attrelid = c.oid
  -- The primary key and the other full unique indexes (no expression, no predicate; unique
  -- constraints among them), each as its column names in key order.
  left join lateral (
    select (array_agg(ix.cols) filter (where ix.indisprimary))[1] as primary_key,
           json_agg(ix.cols order by ix.indexrelid) filter (where not ix.indisprimary) as unique_keys
    from (
      select i.indisprimary, i.indexrelid, (
        select json_agg(a.attname order by k.n)
        from unnest(i.indkey::int2[]) with ordinality as k(attnum, n)
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      ) as cols
      from pg_index i
      where i.indrelid = c.oid and i.indisunique and i.indexprs is null and i.indpred is null
    ) ix
  ) keys on true
  -- Table-level grants by grantee ('PUBLIC' for everyone); no ACL means the owner's defaults.
  left join lateral (
    select json_object_agg(g.grantee, g.privileges) as grants from (
      select coalesce(r.rolname, 'PUBLIC') as grantee, json_agg(distinct lower(x.privilege_type)) as privileges
      from aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) x
      left join pg_roles r on r.oid = x.grantee
      where x.privilege_type in ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
      group by 1
    ) g
  ) acl on true
  where c.relkind in ('r', 'v', 'm', 'f', 'p') and not c.relispartition`);

/**
 * Every foreign key (views in exposed schemas may show tables of any schema), the primary
 * keys of all tables, and the parsed-later definitions of the exposed views and of the views
 * they read from, so view keys can be traced to base tables.
 */
export const keysQuery = (schemas: readonly string[]): SqlQuery =>
  toSqlQuery(sql`
  with recursive ${exposedCte(schemas)},
  view_closure (oid) as (
    select c.oid from pg_class c join exposed n on n.oid = c.relnamespace where c.relkind in ('v', 'm')
    union
    select dep.refobjid from view_closure v
    join pg_rewrite r on r.ev_class = v.oid
    join pg_depend dep on dep.classid = 'pg_catalog.pg_rewrite'::regclass and dep.objid = r.oid
      and dep.refclassid = 'pg_catalog.pg_class'::regclass and dep.refobjid <> v.oid
    join pg_class rc on rc.oid = dep.refobjid and rc.relkind in ('v', 'm')
  ),
  key_sets as (
    select con.conrelid, array(select k from unnest(con.conkey) k order by k) as cols
    from pg_constraint con where con.contype in ('p', 'u')
  )
  select json_build_object(
    'foreignKeys', (
      select coalesce(json_agg(json_build_object(
        'name', fk.conname,
        'tableOid', fk.conrelid::int8, 'schema', tn.nspname, 'table', tc.relname,
        'foreignOid', fk.confrelid::int8, 'foreignSchema', fn.nspname, 'foreignTable', fc.relname,
        'columns', cols.names,
        'attnums', cols.nums,
        -- FK columns that are exactly a primary key or unique constraint make it one-to-one.
        'oneToOne', array(select k from unnest(fk.conkey) k order by k) in
                    (select ks.cols from key_sets ks where ks.conrelid = fk.conrelid)
      ) order by fk.conrelid, fk.conname), '[]'::json)
      from pg_constraint fk
      join pg_class tc on tc.oid = fk.conrelid
      join pg_namespace tn on tn.oid = tc.relnamespace
      join pg_class fc on fc.oid = fk.confrelid
      join pg_namespace fn on fn.oid = fc.relnamespace
      cross join lateral (
        select json_agg(json_build_array(ca.attname, fa.attname) order by k.n) as names,
               json_agg(json_build_array(k.col, k.ref) order by k.n) as nums
        from unnest(fk.conkey, fk.confkey) with ordinality as k(col, ref, n)
        join pg_attribute ca on ca.attrelid = fk.conrelid and ca.attnum = k.col
        join pg_attribute fa on fa.attrelid = fk.confrelid and fa.attnum = k.ref
      ) cols
      -- Partitions repeat their parent's keys with conparentid set; the parent's is enough.
      where fk.contype = 'f' and fk.conparentid = 0
    ),
    'primaryKeys', (
      select coalesce(json_agg(json_build_object('tableOid', con.conrelid::int8, 'attnums', con.conkey)), '[]'::json)
      from pg_constraint con
      where con.contype = 'p'
        and con.connamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    ),
    'views', (
      select coalesce(json_agg(json_build_object('oid', v.oid::int8, 'definition', r.ev_action::text)), '[]'::json)
      from view_closure v
      join pg_rewrite r on r.ev_class = v.oid and r.rulename = '_RETURN'
    )
  )::text as result`);

// Relation kinds whose row types computed fields and relationships take and return.
const RELKINDS = raw("('r', 'v', 'm', 'f', 'p')");

/**
 * The functions of the exposed schemas, and what functions of row types define: computed
 * fields (one row of an exposed table in, no set and no table row out; in an exposed schema
 * or db-extra-search-path, the table's own schema first, then that path, then the rest),
 * computed relationships (one row in, rows of a table out; any schema, as PostgREST), and
 * the names Postgres would call on a whole row in functional notation (to refuse as fields).
 */
export const functionsQuery = (schemas: readonly string[], extraSearchPath: readonly string[] = []): SqlQuery =>
  toSqlQuery(sql`
  with recursive ${exposedCte(schemas)}, ${domainsCte},
  searched as (
    select n.oid, min(s.ord) as ord from pg_namespace n
    join jsonb_array_elements_text(${JSON.stringify([...extraSearchPath, ...schemas])}::jsonb) with ordinality as s(name, ord)
      on s.name = n.nspname
    group by n.oid
  ),
  row_types as (
    select c.oid, c.reltype, c.relname, c.relnamespace from pg_class c where c.relkind in ${RELKINDS}
  ),
  computed_fields as (
    select distinct on (t.oid, p.proname)
      tn.nspname as schema, t.relname as table_name, p.proname as name, fn.nspname as function_schema,
      p.oid as function_oid, format_type(p.prorettype, null) as type, format_type(bt.oid, null) as nominal_type,
      bt.typcategory as category
    from pg_proc p
    join searched s on s.oid = p.pronamespace
    join pg_namespace fn on fn.oid = p.pronamespace
    join row_types t on t.reltype = p.proargtypes[0]
    join exposed tn on tn.oid = t.relnamespace
    left join domains d on d.oid = p.prorettype
    join pg_type bt on bt.oid = coalesce(d.base, p.prorettype)
    -- Further parameters must have defaults; a row-returning function is a relationship instead.
    where p.prokind = 'f' and p.pronargs >= 1 and p.pronargs - p.pronargdefaults <= 1 and not p.proretset
      and bt.typtype <> 'p' and not exists (select from row_types r where r.reltype = bt.oid)
    order by t.oid, p.proname, case when p.pronamespace = t.relnamespace then 0 else s.ord end
  )
  select json_build_object(
    'routines', (
      select coalesce(json_agg(json_build_object(
        'schema', n.nspname,
        'name', p.proname,
        'description', ds.description,
        'args', coalesce(args.list, '[]'::json),
        'requiredCount', p.pronargs - p.pronargdefaults,
        'setOf', p.proretset,
        -- OUT, INOUT and TABLE parameters make the result a row even when declared as record.
        'composite', rt.typtype = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false),
        'returnSchema', rtn.nspname,
        'returnName', coalesce(rc.relname, rt.typname),
        'volatility', p.provolatile,
        'variadic', p.provariadic <> 0
      ) order by n.nspname, p.proname, p.oid), '[]'::json)
      from pg_proc p
      join exposed n on n.oid = p.pronamespace
      left join domains d on d.oid = p.prorettype
      join pg_type rt on rt.oid = coalesce(d.base, p.prorettype)
      join pg_namespace rtn on rtn.oid = rt.typnamespace
      left join pg_class rc on rc.oid = rt.typrelid
      left join pg_description ds on ds.objoid = p.oid and ds.classoid = 'pg_catalog.pg_proc'::regclass and ds.objsubid = 0
      left join lateral (
        select json_agg(json_build_object('name', a.name, 'type', format_type(a.type, null), 'mode', coalesce(a.mode, 'i'))
               order by a.n) as list
        from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargmodes::text[], p.proargnames)
             with ordinality as a(type, mode, name, n)
      ) args on true
      -- Triggers and handlers (fdw_handler, internal...) cannot be called from a query.
      where p.prokind = 'f'
        and not (rt.typtype = 'p' and rt.typname in ('trigger', 'event_trigger', 'internal', 'cstring', 'pg_ddl_command',
          'language_handler', 'fdw_handler', 'table_am_handler', 'index_am_handler', 'tsm_handler'))
    ),
    'computedFields', (
      select coalesce(json_agg(json_build_object(
        'schema', f.schema, 'table', f.table_name, 'name', f.name, 'functionSchema', f.function_schema,
        -- Looked up for the few rows kept: joining pg_description before the filter costs more.
        'description', obj_description(f.function_oid, 'pg_proc'), 'type', f.type, 'nominalType', f.nominal_type, 'category', f.category
      ) order by f.schema, f.table_name, f.name), '[]'::json)
      from computed_fields f
    ),
    'computedRelationships', (
      select coalesce(json_agg(json_build_object(
        'functionSchema', pn.nspname, 'functionName', p.proname,
        'schema', tn.nspname, 'table', t.relname,
        'foreignSchema', fn.nspname, 'foreignTable', f.relname,
        -- Not a set, or a set estimated at one row (ROWS 1), embeds as one object.
        'toOne', not p.proretset or p.prorows = 1
      ) order by pn.nspname, p.proname, tn.nspname, t.relname), '[]'::json)
      from pg_proc p
      join pg_namespace pn on pn.oid = p.pronamespace
      join row_types t on t.reltype = p.proargtypes[0]
      join exposed tn on tn.oid = t.relnamespace
      join row_types f on f.reltype = p.prorettype
      join exposed fn on fn.oid = f.relnamespace
      where p.prokind = 'f' and p.pronargs = 1
    ),
    'rowFunctionNames', (
      -- One required parameter a row can bind to: polymorphic, record, "any", or a row type.
      select coalesce(json_agg(distinct p.proname), '[]'::json)
      from pg_proc p
      join pg_type t on t.oid = p.proargtypes[0]
      where p.prokind <> 'p' and p.pronargs >= 1 and p.pronargs - p.pronargdefaults <= 1
        and (p.pronamespace = 'pg_catalog'::regnamespace or p.pronamespace in (select oid from searched))
        and (t.typtype = 'c' or t.oid in ('pg_catalog."any"'::regtype, 'pg_catalog.anyelement'::regtype,
          'pg_catalog.anynonarray'::regtype, 'pg_catalog.anycompatible'::regtype,
          'pg_catalog.anycompatiblenonarray'::regtype, 'pg_catalog.record'::regtype))
    )
  )::text as result`);

export interface CatalogSnapshot {
  readonly relations: readonly CatalogRelation[];
  readonly keys: CatalogKeys;
  readonly functions: CatalogFunctions;
}

const resultText = (rows: readonly { readonly [k: string]: string | null }[]): string => {
  const text = rows[0]?.['result'];
  if (typeof text !== 'string') throw new Error('catalog query returned no result');
  return text;
};

/** Runs the three catalog queries in one read-only transaction (one round trip). */
export const queryCatalog = async (
  pool: DbPool,
  schemas: readonly string[],
  extraSearchPath: readonly string[] = [],
): Promise<CatalogSnapshot> => {
  const [relations, keys, functions] = await pool.runTransaction({
    readOnly: true,
    settings: SETTINGS,
    statements: [relationsQuery(schemas), keysQuery(schemas), functionsQuery(schemas, extraSearchPath)],
    end: 'commit',
  });
  return {
    relations: JSON.parse(resultText(relations!.rows)) as CatalogRelation[],
    keys: JSON.parse(resultText(keys!.rows)) as CatalogKeys,
    functions: JSON.parse(resultText(functions!.rows)) as CatalogFunctions,
  };
};
