// The pg_catalog queries that read a schema: one set, run over two transports (the embedded engine
// after loading DDL, and a live server). `$1` is always an array of schema names to keep (empty: all), `$2` one of schema names to leave out.

/** Keeps user schemas: not the system ones, not the ones extensions bring along. */
const SCHEMA_FILTER = `n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1::text[])) AND NOT n.nspname = ANY($2::text[])`;

/** Leaves out objects that belong to an extension (they are not the user's design). */
const notFromExtension = (classid: string, objid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '${classid}'::regclass AND dep.objid = ${objid} AND dep.deptype = 'e')`;

export const SCHEMAS = `
SELECT n.nspname AS name FROM pg_namespace n
WHERE ${SCHEMA_FILTER} AND ${notFromExtension('pg_namespace', 'n.oid')}
ORDER BY 1`;

export const TABLES = `
SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind,
       c.relrowsecurity AS rls_enabled, c.relforcerowsecurity AS rls_forced, c.relispartition AS is_partition,
       (SELECT pn.nspname || '.' || p.relname FROM pg_inherits inh JOIN pg_class p ON p.oid = inh.inhparent
          JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE inh.inhrelid = c.oid AND c.relispartition LIMIT 1) AS partition_of,
       obj_description(c.oid, 'pg_class') AS comment,
       c.reltuples::float8 AS reltuples,
       CASE WHEN c.relkind IN ('v','m') THEN pg_get_viewdef(c.oid, true) END AS view_definition,
       c.reloptions AS reloptions,
       CASE WHEN c.relkind = 'p' THEN ARRAY(SELECT a.attname::text FROM pg_partitioned_table pt
          CROSS JOIN LATERAL unnest(pt.partattrs::int2[]) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum
          WHERE pt.partrelid = c.oid ORDER BY k.ord) END AS partition_key,
       CASE WHEN NOT c.relispartition THEN ARRAY(SELECT pn.nspname || '.' || p.relname FROM pg_inherits inh JOIN pg_class p ON p.oid = inh.inhparent
          JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE inh.inhrelid = c.oid ORDER BY inh.inhseqno) END AS inherits
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r','p','v','m','f') AND ${SCHEMA_FILTER} AND ${notFromExtension('pg_class', 'c.oid')}
ORDER BY n.nspname, c.relname`;

/** Rewrite rules on tables (not the _RETURN rule of a view), with the columns they read. */
export const RULES = `
SELECT r.ev_class::int8 AS table_oid, r.rulename AS name, pg_get_ruledef(r.oid, true) AS definition,
  ARRAY(SELECT DISTINCT dn.nspname || '.' || dc.relname || '.' || a.attname FROM pg_depend d
        JOIN pg_class dc ON dc.oid = d.refobjid JOIN pg_namespace dn ON dn.oid = dc.relnamespace
        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0) AS uses
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r','p') AND r.rulename <> '_RETURN' AND ${SCHEMA_FILTER}
ORDER BY 1, 2`;

/** The table and view columns each view (or materialized view) reads: what a type change must rebuild it around. */
export const VIEW_USES = `
SELECT DISTINCT r.ev_class::int8 AS view_oid, dn.nspname AS schema, dc.relname AS table, a.attname AS column
FROM pg_rewrite r
JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace n ON n.oid = v.relnamespace
JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0
JOIN pg_class dc ON dc.oid = d.refobjid JOIN pg_namespace dn ON dn.oid = dc.relnamespace
JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE v.relkind IN ('v','m') AND d.refobjid <> r.ev_class AND ${SCHEMA_FILTER}
ORDER BY 1, 2, 3, 4`;

export const COLUMNS = `
SELECT a.attrelid::int8 AS table_oid, a.attnum AS num, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS data_type,
       COALESCE(bt.typname, t.typname) AS base_type, COALESCE(bt.typtype, t.typtype) AS type_kind,
       COALESCE(bt.typcategory, t.typcategory) AS type_category,
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
       a.attidentity AS identity, a.attgenerated AS generated,
       col_description(a.attrelid, a.attnum) AS comment, a.attinhcount > 0 AS inherited,
       CASE WHEN COALESCE(bt.typtype, t.typtype) = 'e'
            THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = COALESCE(bt.oid, t.oid) ORDER BY e.enumsortorder) END AS enum_values
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','p','v','m','f') AND ${SCHEMA_FILTER}
ORDER BY a.attrelid, a.attnum`;

export const CONSTRAINTS = `
SELECT con.conrelid::int8 AS table_oid, con.conname AS name, con.contype AS type,
  ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
  rn.nspname AS ref_schema, rc.relname AS ref_table,
  ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns,
  con.confdeltype AS on_delete, con.confupdtype AS on_update, con.condeferrable AS deferrable, con.convalidated AS validated,
  CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END AS check_expr,
  pg_get_constraintdef(con.oid, true) AS definition
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('p','f','u','c','x') AND con.conislocal AND ${SCHEMA_FILTER}
ORDER BY con.conrelid, con.conname`;

export const INDEXES = `
SELECT i.indrelid::int8 AS table_oid, ns.nspname AS schema, ic.relname AS name, am.amname AS method,
  i.indisunique AS is_unique, i.indisprimary AS is_primary,
  ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k) AS key_parts,
  ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN NULL ELSE a.attname::text END FROM generate_series(1, i.indnkeyatts) k
        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1] ORDER BY k) AS columns,
  ARRAY(SELECT a.attname::text FROM generate_series(i.indnkeyatts + 1, i.indnatts) k
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1] ORDER BY k) AS include_columns,
  pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
  (SELECT con.conname FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p','u','x') LIMIT 1) AS constraint_name,
  pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace ns ON ns.oid = ic.relnamespace
JOIN pg_am am ON am.oid = ic.relam JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${SCHEMA_FILTER} AND NOT (c.relispartition AND i.indisprimary = false AND EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid))
ORDER BY i.indrelid, ic.relname`;

export const POLICIES = `
SELECT p.polrelid::int8 AS table_oid, p.polname AS name, p.polcmd AS cmd, p.polpermissive AS permissive,
  ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) r) AS roles,
  pg_get_expr(p.polqual, p.polrelid, true) AS using_expr, pg_get_expr(p.polwithcheck, p.polrelid, true) AS check_expr
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${SCHEMA_FILTER}
ORDER BY p.polrelid, p.polname`;

export const TRIGGERS = `
SELECT t.tgrelid::int8 AS table_oid, t.tgname AS name, pg_get_triggerdef(t.oid, true) AS definition,
  pn.nspname || '.' || p.proname AS function_name
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND ${SCHEMA_FILTER}
ORDER BY t.tgrelid, t.tgname`;

export const FUNCTIONS = `
SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args,
  l.lanname AS language, p.prosecdef AS security_definer, COALESCE(p.proconfig, '{}'::text[]) AS config,
  pg_get_functiondef(p.oid) AS definition
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f','p') AND ${SCHEMA_FILTER} AND ${notFromExtension('pg_proc', 'p.oid')}
ORDER BY 1, 2, 3`;

export const ENUMS = `
SELECT n.nspname AS schema, t.typname AS name,
  ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND ${SCHEMA_FILTER} AND ${notFromExtension('pg_type', 't.oid')}
ORDER BY 1, 2`;

export const SEQUENCES = `
SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS data_type, s.seqmax::text AS max_value,
  (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname FROM pg_depend d
     JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
     JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a','i') LIMIT 1) AS owned_by
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${SCHEMA_FILTER}
ORDER BY 1, 2`;

// ---- live statistics (only read from a live server; an embedded copy has no history) ----

export const TABLE_STATS = `
SELECT c.oid::int8 AS oid, GREATEST(c.reltuples, 0)::float8 AS reltuples, s.n_live_tup::float8 AS live_tuples,
  pg_total_relation_size(c.oid)::float8 AS total_bytes, pg_relation_size(c.oid)::float8 AS table_bytes,
  pg_indexes_size(c.oid)::float8 AS index_bytes, c.reltuples >= 0 AS analyzed
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE c.relkind IN ('r','p','m') AND ${SCHEMA_FILTER}`;

export const INDEX_STATS = `
SELECT s.schemaname AS schema, s.indexrelname AS name, s.idx_scan::float8 AS scans, pg_relation_size(s.indexrelid)::float8 AS size_bytes
FROM pg_stat_user_indexes s JOIN pg_namespace n ON n.nspname = s.schemaname
WHERE ${SCHEMA_FILTER}`;

export const SEQUENCE_VALUES = `
SELECT s.schemaname AS schema, s.sequencename AS name, s.last_value::text AS last_value,
  has_sequence_privilege(format('%I.%I', s.schemaname, s.sequencename), 'SELECT,USAGE') AS readable
FROM pg_sequences s JOIN pg_namespace n ON n.nspname = s.schemaname
WHERE ${SCHEMA_FILTER}`;
