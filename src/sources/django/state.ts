// The project state the migrations (or models.py) describe: models with their fields and options, the way
// Django's own ProjectState keeps them, each with the file:line that declared it.
import type { LoadWarning, MigrationOperation, Origin } from '../../catalog/types.js';
import type { PyValue } from './python.js';

export interface FieldDef {
  name: string;
  /** The field expression: a call like `models.CharField(max_length=20)` (or `encrypt(models.CharField(…))`). */
  value: PyValue;
  origin: Origin & { file: string; line: number };
  /** The migration that declared it (CreateModel / AddField / AlterField), for messages. */
  by?: string;
  /** Whether the table existed before this field arrived (AddField): decides the unique constraint's name. */
  added?: boolean;
}

export interface Located<T> {
  value: T;
  origin: { file: string; line: number };
}

export interface ModelState {
  app: string;
  /** The model name as written (`TicketComment`). */
  name: string;
  fields: FieldDef[];
  dbTable?: string;
  abstract?: boolean;
  proxy?: boolean;
  managed?: boolean;
  /** Meta.indexes / AddIndex: `models.Index(...)` values. */
  indexes: Located<PyValue>[];
  /** Meta.constraints / AddConstraint. */
  constraints: Located<PyValue>[];
  uniqueTogether: Located<string[]>[];
  indexTogether: Located<string[]>[];
  origin: { file: string; line: number };
  /**
   * Fields that state_operations (RunSQL, SeparateDatabaseAndState) add to or remove from Django's state only: the
   * database gets the SQL, but makemigrations compares models.py with these.
   */
  stateOnly?: { added: string[]; removed: string[] };
}

export function modelKey(app: string, name: string): string {
  return `${app}.${name.toLowerCase()}`;
}

export function tableName(m: ModelState): string {
  return m.dbTable ?? `${m.app}_${m.name.toLowerCase()}`;
}

/** An effect of RunSQL on the physical schema, applied after the models are built. */
export interface SqlEffect {
  sql: string;
  origin: { file: string; line: number };
  /** The RunSQL operation of the migration graph, told what the SQL turned out to do (a CREATE INDEX). */
  op?: MigrationOperation;
}

export class ProjectState {
  models = new Map<string, ModelState>();
  sql: SqlEffect[] = [];
  /** RenameModel: old key → new key, so references written before the rename still resolve. */
  renamed = new Map<string, string>();
  warnings: LoadWarning[] = [];
  notes: { kind: string; message: string; origin: Origin }[] = [];

  warn(code: string, message: string, origin?: { file: string; line: number }, note = false): void {
    this.warnings.push({ code, message, ...(origin ? { origin } : {}), ...(note ? { note: true } : {}) });
  }

  note(kind: string, message: string, origin: Origin): void {
    this.notes.push({ kind, message, origin });
  }

  get(app: string, name: string): ModelState | undefined {
    return this.models.get(modelKey(app, name));
  }
}
