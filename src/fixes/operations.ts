// Dialect-neutral schema changes that a finding proposes. Fix writers (sql.ts and, later, the
// framework writers) turn each one into the forward change, its rollback and a pre-flight query.

export interface TableRef {
  schema: string;
  table: string;
}

export type FixOp =
  | ({ op: 'add-index'; columns: string[]; unique?: boolean; predicate?: string; name?: string } & TableRef)
  | ({ op: 'drop-index'; name: string; definition: string } & TableRef)
  | ({
      op: 'add-foreign-key';
      columns: string[];
      refSchema: string;
      refTable: string;
      refColumns: string[];
      onDelete?: string;
      name?: string;
    } & TableRef)
  | ({ op: 'set-on-delete'; constraint: string; columns: string[]; refSchema: string; refTable: string; refColumns: string[]; from: string; to: string } & TableRef)
  | ({ op: 'set-not-null'; column: string } & TableRef)
  | ({ op: 'drop-default'; column: string; previous: string } & TableRef)
  | ({ op: 'add-check'; name: string; expression: string } & TableRef)
  | ({ op: 'add-primary-key'; columns: string[] } & TableRef)
  | ({ op: 'add-unique'; columns: string[]; name?: string; predicate?: string } & TableRef)
  | ({
      op: 'replace-unique';
      constraint: string;
      oldColumns: string[];
      columns: string[];
      isIndex?: boolean;
      /** The new key covers only the rows this predicate holds for (a partial unique index: live rows of a soft-deleted table). */
      predicate?: string;
      name?: string;
    } & TableRef)
  | ({ op: 'alter-type'; column: string; from: string; to: string; using?: string } & TableRef)
  | ({ op: 'add-column'; column: string; type: string; nullable: boolean; default?: string } & TableRef)
  | ({ op: 'enable-rls'; force: boolean; alreadyEnabled: boolean } & TableRef)
  | { op: 'set-function-search-path'; schema: string; name: string; args: string };
