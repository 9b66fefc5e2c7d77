import { describe, expect, it } from 'vitest';
import { splitStatements, tokenize } from '../../../src/sources/sqlite/lexer.js';
import { affinityOf, familyOf } from '../../../src/sources/sqlite/affinity.js';

const texts = (sql: string, opts?: { shellCommands?: boolean }) => splitStatements(sql, opts).map((s) => s.text);

describe('statement splitting (sqlite3_complete)', () => {
  // Each case was checked against SQLite's own sqlite3_complete(): a statement ends at a semicolon
  // outside strings, quoted names and comments, and a CREATE TRIGGER only at `; END ;`.
  it('ends a statement at a semicolon that is a token', () => {
    expect(texts("SELECT 'a;b'; SELECT \"c;\" ; SELECT [d;]; SELECT `e;`; SELECT 1 -- f;\n; /* g; */ SELECT 2;")).toEqual([
      "SELECT 'a;b';",
      'SELECT "c;" ;',
      'SELECT [d;];',
      'SELECT `e;`;',
      'SELECT 1 -- f;\n;',
      'SELECT 2;',
    ]);
  });

  it('keeps a trigger whole until `; END ;`', () => {
    const trigger = `CREATE TRIGGER t AFTER INSERT ON x BEGIN
  UPDATE x SET a = CASE WHEN 1 THEN 2 END;
  SELECT 'END;';
END;`;
    expect(texts(`${trigger}\nSELECT 1;`)).toEqual([trigger, 'SELECT 1;']);
    expect(texts('create temporary trigger t before delete on x begin select 1; end ; select 2;')).toEqual([
      'create temporary trigger t before delete on x begin select 1; end ;',
      'select 2;',
    ]);
    expect(texts('EXPLAIN CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END; SELECT 2;')).toEqual([
      'EXPLAIN CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;',
      'SELECT 2;',
    ]);
  });

  it('does not take words that only contain TRIGGER or END for the keywords', () => {
    expect(texts('CREATE TABLE trigger_log (end_at INT); CREATE TABLE "trigger" (a); SELECT 1;')).toEqual([
      'CREATE TABLE trigger_log (end_at INT);',
      'CREATE TABLE "trigger" (a);',
      'SELECT 1;',
    ]);
  });

  it('keeps a last statement without its semicolon, and marks what the text cut short', () => {
    const split = splitStatements("SELECT 1;\nCREATE TABLE a (x)\n-- trailing comment");
    expect(split.map((s) => [s.text, s.terminated])).toEqual([
      ['SELECT 1;', true],
      ['CREATE TABLE a (x)\n-- trailing comment', false],
    ]);
    expect(splitStatements("SELECT 'open;").map((s) => [s.text, s.terminated])).toEqual([["SELECT 'open;", false]]);
    expect(splitStatements('  ;; \n;').length).toBe(0);
  });

  it('reports where each statement starts and steps over sqlite3 shell commands on request', () => {
    const sql = '.mode csv\n  CREATE TABLE a (x);\n.read b.sql\nSELECT 1;';
    expect(splitStatements(sql, { shellCommands: true }).map((s) => [s.start, s.text])).toEqual([
      [12, 'CREATE TABLE a (x);'],
      [44, 'SELECT 1;'],
    ]);
    expect(texts(sql)[0]).toBe('.mode csv\n  CREATE TABLE a (x);');
  });
});

describe('tokens', () => {
  it('reads SQLite token classes', () => {
    const kinds = tokenize(`[a b] "c""d" \`e\` 'f''g' x'00' 1.5e3 0x1F ?1 :name @v $t ->> || != ;`)
      .filter((t) => t.kind !== 'ws')
      .map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual([
      'qid:[a b]', 'qid:"c""d"', 'qid:`e`', "string:'f''g'", "blob:x'00'", 'number:1.5e3', 'number:0x1F',
      'variable:?1', 'variable::name', 'variable:@v', 'variable:$t', 'op:->>', 'op:||', 'op:!=', 'semi:;',
    ]);
  });
});

describe('type affinity', () => {
  it('follows SQLite’s rules in their order', () => {
    expect(['INT', 'TINYINT', 'UNSIGNED BIG INT', 'POINT', 'FLOATING POINT'].map(affinityOf)).toEqual(Array(5).fill('INTEGER'));
    expect(['VARCHAR(255)', 'NCHAR(10)', 'CLOB', 'TEXT', 'CHARINT'].map(affinityOf)).toEqual(['TEXT', 'TEXT', 'TEXT', 'TEXT', 'INTEGER']);
    expect(['BLOB', ''].map(affinityOf)).toEqual(['BLOB', 'BLOB']);
    expect(['REAL', 'DOUBLE PRECISION', 'FLOAT'].map(affinityOf)).toEqual(['REAL', 'REAL', 'REAL']);
    expect(['NUMERIC', 'DECIMAL(10,5)', 'BOOLEAN', 'DATETIME', 'STRING'].map(affinityOf)).toEqual(Array(5).fill('NUMERIC'));
  });

  it('maps declared types to families', () => {
    const families = Object.fromEntries(
      ['INTEGER', 'int', 'BIGINT', 'INT8', 'VARCHAR(40)', 'CHAR(2)', 'TEXT', 'REAL', 'DOUBLE', 'DECIMAL(10,2)', 'NUMERIC', 'BOOLEAN', 'DATE',
        'DATETIME', 'TIMESTAMP', 'TIMESTAMPTZ', 'TIME', 'JSON', 'UUID', 'BLOB', '', 'STRING'].map((t) => [t, familyOf(t)]),
    );
    expect(families).toEqual({
      INTEGER: 'integer', int: 'integer', BIGINT: 'bigint', INT8: 'bigint', 'VARCHAR(40)': 'text', 'CHAR(2)': 'text', TEXT: 'text',
      REAL: 'float', DOUBLE: 'float', 'DECIMAL(10,2)': 'numeric', NUMERIC: 'numeric', BOOLEAN: 'boolean', DATE: 'date',
      DATETIME: 'timestamp', TIMESTAMP: 'timestamp', TIMESTAMPTZ: 'timestamptz', TIME: 'time', JSON: 'json', UUID: 'uuid',
      BLOB: 'bytea', '': 'other', STRING: 'numeric',
    });
    expect(familyOf('INTEGER', true)).toBe('bigint');
  });
});
