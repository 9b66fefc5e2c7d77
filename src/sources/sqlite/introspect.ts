// Reads a SQLite database's schema into the catalog: sqlite_schema for the objects and their SQL,
// pragma_table_list for what kind each is, pragma_table_xinfo for columns, pragma_foreign_key_list,
// pragma_index_list / pragma_index_xinfo for indexes (and the automatic indexes behind PRIMARY KEY and
// UNIQUE constraints), and the CREATE TABLE text (create-table.ts) for what no pragma gives: CHECK
// constraints, constraint names, generated-column expressions, deferrable foreign keys, AUTOINCREMENT.
//
// Used by both SQLite sources: a database file opened read-only, and DDL run in an in-memory database.
// The DDL source passes `origins` (file:line per object); without them every object is named by its
// catalog identity (`table main.users`, `column main.users.email`, `index main.users_email_idx`).
import type {
  AppFacts,
  CheckConstraint,
  Column,
  FkAction,
  ForeignKey,
  Index,
  LoadWarning,
  Origin,
  PrimaryKey,
  SequenceInfo,
  Table,
  TableKind,
  UniqueConstraint,
} from '../../catalog/types.js';
import type { SqliteDatabase } from './driver.js';
import { familyOf, isTemporal } from './affinity.js';
import { readCreateTable, type ConstraintDefinition, type TableDefinition } from './create-table.js';
import { keyword, matchParen, significant, tokenize } from './lexer.js';
import { emptyTableParts } from '../../catalog/build.js';

/** Where the DDL declared each object; keys are built by the `originKey` helpers below (lower case). */
export interface OriginLookup {
  get(key: string): Origin | undefined;
}

export const originKey = {
  table: (schema: string, table: string) => `table:${schema}.${table}`.toLowerCase(),
  column: (schema: string, table: string, column: string) => `column:${schema}.${table}.${column}`.toLowerCase(),
  /** A named constraint. */
  constraint: (schema: string, table: string, name: string) => `con:${schema}.${table}.${name}`.toLowerCase(),
  /** An unnamed key constraint by type (p, u, f) and columns. */
  key: (schema: string, table: string, type: string, columns: string[]) => `con:${schema}.${table}|${type}|${columns.join(',')}`.toLowerCase(),
  /** An unnamed CHECK by its expression, whitespace squashed. */
  check: (schema: string, table: string, expression: string) => `check:${schema}.${table}|${expression.replace(/\s+/g, ' ').trim()}`.toLowerCase(),
  index: (schema: string, name: string) => `index:${schema}.${name}`.toLowerCase(),
  trigger: (schema: string, name: string) => `trigger:${schema}.${name}`.toLowerCase(),
};

export interface IntrospectOptions {
  /** Review only these schemas (`main`, `temp`). */
  schemas?: string[];
  origins?: OriginLookup;
  /** A line of the DDL that turned foreign keys on, for the note that says it does not last. */
  foreignKeysPragma?: Origin;
}

export interface Introspection {
  serverVersion: string;
  schemas: string[];
  tables: Table[];
  sequences: SequenceInfo[];
  warnings: LoadWarning[];
  app?: AppFacts;
}

const ACTION: Record<string, FkAction> = {
  'NO ACTION': 'no action',
  RESTRICT: 'restrict',
  CASCADE: 'cascade',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
};

/* eslint-disable @typescript-eslint/no-explicit-any -- pragma rows are plain objects */
type Row = Record<string, any>;

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lower = (s: string) => s.toLowerCase();
const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c, i) => lower(c) === lower(b[i]));

/** What a CREATE INDEX statement says beyond the pragmas: the text of each key part, and the WHERE predicate. */
function readCreateIndex(sql: string): { parts: string[]; predicate?: string } {
  const sig = significant(tokenize(sql));
  const on = sig.findIndex((t) => keyword(t) === 'ON');
  const open = sig.findIndex((t, i) => i > on && t.kind === 'lparen');
  const close = open >= 0 ? matchParen(sig, open) : -1;
  if (on < 0 || close < 0) return { parts: [] };
  const parts: string[] = [];
  let depth = 0;
  let partStart = open + 1;
  for (let i = open + 1; i <= close; i++) {
    const t = sig[i];
    if (t.kind === 'lparen') depth++;
    else if (t.kind === 'rparen' && i !== close) depth--;
    if ((t.kind === 'comma' && depth === 0) || i === close) {
      // Sort order and collation come from pragma_index_xinfo; keep the column or expression itself.
      let end = i - 1;
      if (['ASC', 'DESC'].includes(keyword(sig[end]))) end--;
      if (keyword(sig[end - 1]) === 'COLLATE') end -= 2;
      parts.push(end >= partStart ? sql.slice(sig[partStart].start, sig[end].end) : '');
      partStart = i + 1;
    }
  }
  const where = sig[close + 1];
  const predicate = keyword(where) === 'WHERE' ? sql.slice(where.end).replace(/;\s*$/, '').trim() : undefined;
  return { parts, ...(predicate ? { predicate } : {}) };
}

/** PostgreSQL's default names for unnamed constraints, since SQLite keeps none: t_pkey, t_a_key, t_a_fkey, t_a_check. */
function defaultName(table: string, columns: string[], suffix: string, taken: Set<string>): string {
  const base = [table, ...columns, suffix].join('_');
  let name = base;
  for (let n = 1; taken.has(lower(name)); n++) name = `${base}${n}`;
  taken.add(lower(name));
  return name;
}

export function introspect(db: SqliteDatabase, opts: IntrospectOptions = {}): Introspection {
  const warnings: LoadWarning[] = [];
  const origins = opts.origins;
  const serverVersion = `SQLite ${(db.prepare('SELECT sqlite_version() AS v').get() as Row).v}`;
  const schemaNames = (db.prepare('SELECT name FROM pragma_database_list ORDER BY seq').all() as Row[])
    .map((r) => String(r.name))
    .filter((s) => !opts.schemas || opts.schemas.includes(s));

  const tables: Table[] = [];
  const sequences: SequenceInfo[] = [];
  const schemas: string[] = [];
  // Tables' primary keys by schema.name, for foreign keys that reference a table without naming columns.
  const pkColumns = new Map<string, string[]>();
  const deferred: (() => void)[] = [];
  // Prepared once: a statement per table would pile up until garbage collection.
  const q = {
    xinfo: db.prepare('SELECT * FROM pragma_table_xinfo(?, ?) ORDER BY cid'),
    indexList: db.prepare('SELECT * FROM pragma_index_list(?, ?)'),
    indexKeys: db.prepare('SELECT * FROM pragma_index_xinfo(?, ?) WHERE key = 1 ORDER BY seqno'),
    foreignKeys: db.prepare('SELECT * FROM pragma_foreign_key_list(?, ?)'),
  };

  for (const schema of schemaNames) {
    const qs = quoteId(schema);
    const objects = db.prepare(`SELECT type, name, tbl_name, sql FROM ${qs}.sqlite_schema ORDER BY rowid`).all() as Row[];
    const kinds = new Map<string, Row>(
      (db.prepare('SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = ?').all(schema) as Row[]).map((r) => [lower(r.name), r]),
    );
    const user = objects.filter((o) => !lower(o.name).startsWith('sqlite_'));
    // `temp` counts only when it holds tables or views (a TEMP trigger can sit on a main table).
    if (schema !== 'main' && !user.some((o) => o.type === 'table' || o.type === 'view')) continue;
    schemas.push(schema);
    const indexOrder = new Map(objects.filter((o) => o.type === 'index').map((o, i) => [lower(o.name), i]));
    const indexSql = new Map(objects.filter((o) => o.type === 'index').map((o) => [lower(o.name), o.sql as string | null]));
    const sequenceValue = objects.some((o) => o.type === 'table' && lower(o.name) === 'sqlite_sequence')
      ? db.prepare(`SELECT seq FROM ${qs}.sqlite_sequence WHERE name = ?`)
      : undefined;
    const triggersOf = new Map<string, Row[]>();
    for (const o of objects) {
      if (o.type !== 'trigger') continue;
      const list = triggersOf.get(lower(o.tbl_name)) ?? [];
      list.push(o);
      triggersOf.set(lower(o.tbl_name), list);
    }

    for (const obj of user) {
      if (obj.type !== 'table' && obj.type !== 'view') continue;
      const info = kinds.get(lower(obj.name));
      if (info?.type === 'shadow') continue; // the storage tables of a virtual table (fts5 and the like)
      const virtual = info?.type === 'virtual';
      const kind: TableKind = obj.type === 'view' ? 'view' : virtual ? 'foreign table' : 'table';
      const qname = `${schema}.${obj.name}`;
      const label = virtual ? 'virtual table' : kind;
      const tableOrigin = origins?.get(originKey.table(schema, obj.name)) ?? { object: `${label} ${qname}` };

      let xinfo: Row[];
      try {
        xinfo = q.xinfo.all(obj.name, schema) as Row[];
      } catch (err) {
        warnings.push({
          code: 'table-unreadable',
          message: `the columns of ${label} ${qname} could not be read (${(err as Error).message}); it is left out`,
          origin: tableOrigin,
        });
        continue;
      }

      const table: Table = {
        schema,
        name: obj.name,
        kind,
        ...emptyTableParts(),
        origin: tableOrigin,
      };
      tables.push(table);
      const colOrigin = (col: string): Origin =>
        origins ? origins.get(originKey.column(schema, obj.name, col)) ?? tableOrigin : { object: `column ${qname}.${col}` };

      const def: TableDefinition | undefined = kind === 'table' && obj.sql ? readCreateTable(obj.sql) : undefined;
      if (def && !def.parsed && def.mentionsCheck) {
        warnings.push({
          code: 'checks-unknown',
          message:
            `the CHECK constraints of ${qname} could not be read: the SQL parser did not accept its CREATE TABLE (${def.error}); ` +
            `rules that look for CHECK constraints may report some that exist`,
          origin: tableOrigin,
        });
      }
      const defColumn = (name: string) => def?.columns.find((c) => lower(c.name) === lower(name));
      const defConstraints = (type: ConstraintDefinition['type']) => (def?.constraints ?? []).filter((c) => c.type === type);
      const taken = new Set<string>();
      for (const c of def?.constraints ?? []) if (c.name) taken.add(lower(c.name));
      const conOrigin = (c: ConstraintDefinition | undefined, type: string, columns: string[], fallback: Origin): Origin => {
        if (!origins) return fallback;
        const found =
          (c?.name ? origins.get(originKey.constraint(schema, obj.name, c.name)) : undefined) ??
          (type === 'c' && c?.expression !== undefined ? origins.get(originKey.check(schema, obj.name, c.expression)) : origins.get(originKey.key(schema, obj.name, type, columns)));
        return found ?? (c?.column || columns.length === 1 ? colOrigin(c?.column ?? columns[0]) : tableOrigin);
      };

      const indexList = kind === 'table' && !virtual ? (q.indexList.all(obj.name, schema) as Row[]) : [];
      const pk = xinfo.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => String(c.name));
      // An INTEGER PRIMARY KEY of a rowid table is the rowid itself: SQLite then builds no index for the key.
      const rowidAlias = kind === 'table' && !virtual && !info?.wr && pk.length === 1 && !indexList.some((ix) => ix.origin === 'pk') ? pk[0] : undefined;
      if (pk.length) pkColumns.set(lower(qname), pk);

      for (const c of xinfo) {
        if (c.hidden === 1) continue; // hidden columns of a virtual table
        const name = String(c.name);
        const declared = String(c.type ?? '');
        const alias = rowidAlias !== undefined && lower(name) === lower(rowidAlias);
        const generated = c.hidden === 2 || c.hidden === 3;
        const column: Column = {
          name,
          dataType: declared,
          family: familyOf(declared, alias),
          nullable: !c.notnull && !alias,
          ...(c.dflt_value !== null && c.dflt_value !== undefined && !generated ? { default: String(c.dflt_value) } : {}),
          autoIncrement: alias,
          ...(generated ? { generated: defColumn(name)?.generated ?? '(expression not read)' } : {}),
          origin: colOrigin(name),
        };
        table.columns.push(column);
        if (alias && defColumn(name)?.autoincrement) {
          const seqRow = sequenceValue?.get(obj.name) as Row | undefined;
          sequences.push({
            schema,
            name: `sqlite_sequence(${obj.name})`,
            dataType: 'integer',
            maxValue: 9223372036854775807, // the largest rowid; as a JavaScript number it rounds to 2^63
            ...(seqRow && seqRow.seq !== null ? { lastValue: Number(seqRow.seq) } : {}),
            ownedBy: `${qname}.${name}`,
            origin: column.origin,
          });
        }
      }

      let primaryKey: PrimaryKey | undefined;
      if (pk.length) {
        const declared = defConstraints('primary')[0];
        const name = declared?.name ?? defaultName(obj.name, [], 'pkey', taken);
        primaryKey = { name, columns: pk, origin: conOrigin(declared, 'p', pk, origins ? colOrigin(pk[0]) : { object: `constraint ${qname}.${name}` }) };
        table.primaryKey = primaryKey;
      }

      // Unique constraints and indexes, in the order they were created.
      const uniqueDefs = defConstraints('unique');
      const indexes: { index: Index; order: number }[] = [];
      if (rowidAlias && primaryKey) {
        indexes.push({
          order: -1,
          index: {
            name: primaryKey.name,
            columns: [rowidAlias],
            keyParts: [rowidAlias],
            includeColumns: [],
            unique: true,
            primary: true,
            method: 'btree',
            constraint: primaryKey.name,
            definition: `PRIMARY KEY (${rowidAlias}): the rowid, the key of the table's own b-tree`,
            origin: primaryKey.origin,
          },
        });
      }
      for (const ix of indexList) {
        const name = String(ix.name);
        const keyRows = q.indexKeys.all(name, schema) as Row[];
        const sql = indexSql.get(lower(name)) ?? null;
        const written = sql ? readCreateIndex(sql) : { parts: [] as string[] };
        const columns = keyRows.map((k) => (k.cid >= 0 ? String(k.name) : k.cid === -1 ? 'rowid' : null));
        const keyParts = keyRows.map((k, i) => {
          const base = columns[i] ?? written.parts[i] ?? '?';
          return base + (k.coll && String(k.coll).toUpperCase() !== 'BINARY' ? ` COLLATE ${k.coll}` : '') + (k.desc ? ' DESC' : '');
        });
        const plainColumns = columns.filter((c): c is string => c !== null);
        let constraint: string | undefined;
        let origin: Origin | undefined;
        if (ix.origin === 'pk' && primaryKey) {
          constraint = primaryKey.name;
          origin = primaryKey.origin;
        } else if (ix.origin === 'u') {
          const at = uniqueDefs.findIndex((u) => sameColumns(u.columns, plainColumns));
          const declared = at >= 0 ? uniqueDefs.splice(at, 1)[0] : undefined;
          constraint = declared?.name ?? defaultName(obj.name, plainColumns, 'key', taken);
          origin = conOrigin(declared, 'u', plainColumns, origins ? colOrigin(plainColumns[0]) : { object: `constraint ${qname}.${constraint}` });
          const unique: UniqueConstraint = { name: constraint, columns: plainColumns, nullsNotDistinct: false, origin };
          table.uniques.push(unique);
        } else {
          origin = origins?.get(originKey.index(schema, name));
        }
        indexes.push({
          order: indexOrder.get(lower(name)) ?? Number.MAX_SAFE_INTEGER,
          index: {
            name,
            columns,
            keyParts,
            includeColumns: [],
            unique: !!ix.unique,
            primary: ix.origin === 'pk',
            method: 'btree',
            ...(ix.partial && written.predicate ? { predicate: written.predicate } : {}),
            ...(constraint ? { constraint } : {}),
            definition: sql ?? (ix.origin === 'pk' ? `PRIMARY KEY (${keyParts.join(', ')})` : `UNIQUE (${keyParts.join(', ')})`),
            origin: origin ?? (origins ? tableOrigin : { object: `index ${schema}.${name}` }),
          },
        });
      }
      table.indexes = indexes.sort((a, b) => a.order - b.order).map((x) => x.index);

      for (const c of defConstraints('check')) {
        const name = c.name ?? defaultName(obj.name, c.column ? [c.column] : [], 'check', taken);
        const check: CheckConstraint = {
          name,
          expression: c.expression ?? '',
          columns: c.columns,
          validated: true,
          origin: conOrigin(c, 'c', c.columns, origins ? (c.column ? colOrigin(c.column) : tableOrigin) : { object: `constraint ${qname}.${name}` }),
        };
        table.checks.push(check);
      }

      // Foreign keys: the pragma lists them last declared first. Columns a foreign key leaves out are the
      // parent's primary key, read once every table is known.
      const fkRows = kind === 'table' && !virtual ? (q.foreignKeys.all(obj.name, schema) as Row[]) : [];
      const byId = new Map<number, Row[]>();
      for (const r of fkRows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
      const fkDefs = defConstraints('foreign');
      for (const id of [...byId.keys()].sort((a, b) => b - a)) {
        const rows = byId.get(id)!.sort((a, b) => a.seq - b.seq);
        const columns = rows.map((r) => String(r.from));
        const refTable = String(rows[0].table);
        const at = fkDefs.findIndex((f) => sameColumns(f.columns, columns) && lower(f.refTable ?? '') === lower(refTable));
        const declared = at >= 0 ? fkDefs.splice(at, 1)[0] : undefined;
        const name = declared?.name ?? defaultName(obj.name, columns, 'fkey', taken);
        const fk: ForeignKey = {
          name,
          columns,
          refSchema: schema,
          refTable,
          refColumns: rows.map((r) => (r.to === null || r.to === undefined ? '' : String(r.to))),
          onDelete: ACTION[String(rows[0].on_delete).toUpperCase()] ?? 'no action',
          onUpdate: ACTION[String(rows[0].on_update).toUpperCase()] ?? 'no action',
          deferrable: declared?.deferrable ?? false,
          validated: true,
          origin: conOrigin(declared, 'f', columns, origins ? colOrigin(columns[0]) : { object: `constraint ${qname}.${name}` }),
        };
        table.foreignKeys.push(fk);
        if (fk.refColumns.some((c) => c === '')) {
          deferred.push(() => {
            const parentPk = pkColumns.get(lower(`${schema}.${refTable}`));
            fk.refColumns = fk.refColumns.map((c, i) => c || parentPk?.[i] || '');
            if (fk.refColumns.some((c) => c === '')) fk.refColumns = [];
          });
        }
      }

      for (const trig of triggersOf.get(lower(obj.name)) ?? []) {
        table.triggers.push({
          name: trig.name,
          definition: trig.sql ?? '',
          functionName: '',
          origin: origins?.get(originKey.trigger(schema, trig.name)) ?? (origins ? tableOrigin : { object: `trigger ${trig.name} on ${qname}` }),
        });
      }
    }
  }
  for (const run of deferred) run();

  return { serverVersion, schemas, tables, sequences, warnings, app: notes(tables, opts.foreignKeysPragma) };
}

/** Facts about how SQLite treats the schema that the schema does not show, as notes with evidence. */
function notes(tables: Table[], pragma: Origin | undefined): AppFacts | undefined {
  const out: AppFacts['notes'] = [];
  const firstFk = tables.flatMap((t) => t.foreignKeys)[0];
  if (firstFk) {
    const count = tables.reduce((n, t) => n + t.foreignKeys.length, 0);
    out.push({
      kind: 'sqlite-foreign-keys-off',
      message:
        `SQLite checks foreign keys only on connections that run \`PRAGMA foreign_keys = ON\` (the setting is per connection and off by default), ` +
        `so the ${count} foreign key${count === 1 ? '' : 's'} declared here, with their ON DELETE actions, hold only if every connection of the application turns them on` +
        (pragma ? `; the script's own PRAGMA foreign_keys = ON applied only to the connection that ran it` : ''),
      origin: pragma ?? firstFk.origin,
    });
  }
  const temporal = tables.flatMap((t) => t.columns.filter((c) => isTemporal(c.family)).map((c) => ({ t, c })));
  if (temporal.length) {
    const shown = temporal.slice(0, 3).map(({ t, c }) => `${t.name}.${c.name} (${c.dataType})`);
    out.push({
      kind: 'sqlite-dates-as-text',
      message:
        `SQLite has no date or time storage class: the ${temporal.length} column${temporal.length === 1 ? '' : 's'} declared with a date/time type ` +
        `(${shown.join(', ')}${temporal.length > 3 ? ', …' : ''}) keep whatever is written, as TEXT (ISO-8601), REAL (Julian day) or INTEGER (Unix time), ` +
        `and nothing checks the format unless a CHECK does`,
      origin: temporal[0].c.origin,
    });
  }
  return out.length ? { frameworks: [], models: [], notes: out } : undefined;
}
