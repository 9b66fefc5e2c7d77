// Small projects for what the saas fixture does not show: diverging heads, detection, bad input, Alembic forms.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { detectSqlalchemy, loadSqlalchemy, readAlembicIni } from '../../../src/sources/sqlalchemy/index.js';
import { at, cleanProjects, project, SAAS, where } from './helpers.js';

afterAll(cleanProjects);

const rev = (id: string, down: string | null | string[], up: string, downgrade = '    pass') =>
  `import sqlalchemy as sa\nfrom alembic import op\n\nrevision = "${id}"\ndown_revision = ${down === null ? 'None' : Array.isArray(down) ? `(${down.map((d) => `"${d}"`).join(', ')})` : `"${down}"`}\n\n\ndef upgrade():\n${up}\n\n\ndef downgrade():\n${downgrade}\n`;

describe('SQLAlchemy source: detection', () => {
  it('detects alembic.ini, a versions folder, model files; not a Django project or an empty folder', () => {
    expect(detectSqlalchemy(SAAS)).toBe(true);
    expect(detectSqlalchemy(join(SAAS, 'alembic', 'versions'))).toBe(true);
    expect(detectSqlalchemy(join(SAAS, 'app', 'models'))).toBe(true);
    expect(detectSqlalchemy(join(SAAS, 'app', 'models', 'user.py'))).toBe(true);
    expect(detectSqlalchemy(join(SAAS, 'app', 'models', '__init__.py'))).toBe(false);
    const flask = project({ 'migrations/env.py': '', 'migrations/versions/a1_init.py': rev('a1', null, '    pass') });
    expect(detectSqlalchemy(flask)).toBe(true);
    expect(detectSqlalchemy(project({ 'manage.py': '', 'shop/models.py': 'class A:\n    __tablename__ = "a"\n' }))).toBe(false);
    expect(detectSqlalchemy(project({ 'README.md': 'hi' }))).toBe(false);
    expect(detectSqlalchemy('/no/such/path')).toBe(false);
  });

  it('reads script_location and sqlalchemy.url from alembic.ini', () => {
    const root = project({ 'alembic.ini': '[alembic]\nscript_location = db/alembic\nsqlalchemy.url = mysql+pymysql://u@h/db\n[other]\nscript_location = x\n' });
    const cfg = readAlembicIni(join(root, 'alembic.ini'));
    expect(cfg.scriptLocation).toBe(join(root, 'db', 'alembic'));
    expect(cfg.url).toBe('mysql+pymysql://u@h/db');
  });

  it('throws a one-line UsageError for a folder with nothing to read', async () => {
    await expect(loadSqlalchemy(project({ 'README.md': 'hi' }))).rejects.toBeInstanceOf(UsageError);
    await expect(loadSqlalchemy('/no/such/path')).rejects.toThrow(/no such file/);
  });
});

describe('SQLAlchemy source: Alembic graph and replay', () => {
  it('notes diverging heads as a migration conflict at each head', async () => {
    const root = project({
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': '',
      'alembic/versions/a1_init.py': rev('a1', null, '    op.create_table("tenants", sa.Column("id", sa.BigInteger(), primary_key=True))'),
      'alembic/versions/b2_users.py': rev('b2', 'a1', '    op.create_table("users", sa.Column("id", sa.BigInteger(), primary_key=True))'),
      'alembic/versions/c3_plans.py': rev('c3', 'a1', '    op.create_table("plans", sa.Column("id", sa.BigInteger(), primary_key=True))'),
      'alembic/versions/d4_orphan.py': rev('d4', 'zz', '    op.create_table("x", sa.Column("id", sa.Integer(), primary_key=True))'),
    });
    const c = await loadSqlalchemy(root);
    expect(c.migrations!.heads.sort()).toEqual(['b2', 'c3', 'd4']);
    const conflicts = c.app!.notes.filter((n) => n.kind === 'migration-conflict');
    expect(conflicts.map((n) => where(n.origin)).sort()).toEqual(
      [at(root, 'alembic/versions/b2_users.py', 'revision = "b2"'), at(root, 'alembic/versions/c3_plans.py', 'revision = "c3"'), at(root, 'alembic/versions/d4_orphan.py', 'revision = "d4"')].sort(),
    );
    expect(c.warnings.find((w) => w.code === 'alembic-unknown-revision')?.message).toContain('zz');
    expect(c.tables.map((t) => t.name).sort()).toEqual(['plans', 'tenants', 'users', 'x']);
  });

  it('replays batch ops, renames, drops and reports what it cannot apply, without crashing', async () => {
    const up = [
      '    op.create_table("accounts", sa.Column("id", sa.Integer(), nullable=False), sa.Column("email", sa.String(100)), sa.Column("api_token", sa.Text()), sa.Column("kind", sa.Enum("a", "b")), sa.Column("blob", sa.LargeBinary()), sa.Column("weird", MyType()), sa.PrimaryKeyConstraint("id", name="pk_accounts"))',
      '    with op.batch_alter_table("accounts", schema=None) as batch_op:',
      '        batch_op.alter_column("email", existing_type=sa.String(100), nullable=False, type_=sa.String(length=320))',
      '        batch_op.create_index(batch_op.f("ix_accounts_email"), ["email"], unique=True)',
      '        batch_op.drop_column("blob")',
      '    op.rename_table("accounts", "members")',
      '    op.drop_column("members", "nope")',
      '    op.execute(some_sql)',
      '    op.execute("CREATE TRIGGER t AFTER INSERT ON members FOR EACH ROW EXECUTE FUNCTION f()")',
      '    op.execute("THIS IS NOT SQL")',
      '    op.create_exclude_constraint("ex", "members", ("id", "="))',
      '    op.add_column("members", sa.Column("tenant_id", sa.BigInteger(), nullable=False))',
    ].join('\n');
    const root = project({ 'migrations/env.py': '', 'migrations/versions/a1.py': rev('a1', null, up, '    """nothing"""\n    pass') });
    const c = await loadSqlalchemy(root);
    const t = c.tables.find((x) => x.name === 'members')!;
    expect(t.columns.map((x) => x.name)).toEqual(['id', 'email', 'api_token', 'kind', 'weird', 'tenant_id']);
    expect(t.columns.find((x) => x.name === 'email')).toMatchObject({ dataType: 'character varying(320)', nullable: false });
    expect(where(t.columns.find((x) => x.name === 'email')!.origin)).toBe(at(root, 'migrations/versions/a1.py', 'batch_op.alter_column'));
    expect(t.primaryKey?.name).toBe('pk_accounts');
    expect(t.indexes.find((i) => i.name === 'ix_accounts_email')?.unique).toBe(true);
    const f = 'migrations/versions/a1.py';
    const codes = c.warnings.map((w) => `${w.code}@${where(w.origin).split(':').pop()}`);
    expect(codes).toEqual([
      `alembic-unknown-type@${at(root, f, 'op.create_table').split(':').pop()}`,
      `sqlalchemy-enum-without-name@${at(root, f, 'op.create_table').split(':').pop()}`,
      `alembic-missing-column@${at(root, f, '"nope"').split(':').pop()}`,
      `alembic-unread-sql@${at(root, f, 'some_sql').split(':').pop()}`,
      `alembic-unapplied-sql@${at(root, f, 'CREATE TRIGGER').split(':').pop()}`,
      `alembic-sql-syntax@${at(root, f, 'NOT SQL').split(':').pop()}`,
      `alembic-unread-operation@${at(root, f, 'create_exclude_constraint').split(':').pop()}`,
    ]);
    expect(c.app!.notes.find((n) => n.kind === 'not-null-without-default')?.message).toContain('members.tenant_id');
    expect(c.migrations!.nodes[0].reversible).toBe(false);
  });

  it('replays a loop over literal table names; warns at a loop it cannot unroll and loads the rest', async () => {
    const up = [
      '    op.create_table("a", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("ts", sa.DateTime()))',
      '    op.create_table("b", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("ts", sa.DateTime()))',
      '    for name in ["a", "b"]:',
      '        op.create_index(op.f(f"ix_{name}_ts"), name, ["ts"])',
      '    for name in tables_to_index():',
      '        op.create_index(f"ix2_{name}_ts", name, ["ts"])',
      '    for name in ["a"]:',
      '        op.create_index(f"ix3_{name}_{name!r}", name, ["ts"])',
    ].join('\n');
    const root = project({ 'migrations/env.py': '', 'migrations/versions/a1.py': rev('a1', null, up) });
    const c = await loadSqlalchemy(root);
    const f = 'migrations/versions/a1.py';
    expect(c.tables.map((t) => [t.name, t.indexes.filter((i) => !i.primary).map((i) => i.name)])).toEqual([
      ['a', ['ix_a_ts']],
      ['b', ['ix_b_ts']],
    ]);
    expect(where(c.tables[1].indexes.find((i) => i.name === 'ix_b_ts')!.origin)).toBe(at(root, f, 'op.f(f"ix_{name}_ts")'));
    expect(c.warnings.map((w) => `${w.code}@${where(w.origin).split(':').pop()}`)).toEqual([
      `alembic-unread-operation@${at(root, f, 'tables_to_index()').split(':').pop()}`,
      `alembic-unread-operation@${at(root, f, 'ix3_').split(':').pop()}`,
    ]);
  });

  it('survives a half-written revision and a half-written model file', async () => {
    const root = project({
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': '',
      'alembic/versions/a1.py': rev('a1', null, '    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))\n    op.add_column("t", sa.Column("x", sa.String(10)'),
      'app/models.py': 'class T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n    x = Column(String(10)\n',
    });
    const c = await loadSqlalchemy(root);
    expect(c.tables.map((t) => t.name)).toEqual(['t']);
    expect(c.warnings.some((w) => w.code === 'python-syntax')).toBe(true);
  });
});

describe('SQLAlchemy source: declarative models', () => {
  it('reads Mapped[...] unions, Identity, __table_args__ indexes with expressions and a schema', async () => {
    const root = project({
      'models.py': [
        'from typing import Optional',
        'from sqlalchemy import Identity, Index, String, func, text',
        'from sqlalchemy.orm import Mapped, mapped_column',
        '',
        'class Account(Base):',
        '    __tablename__ = "accounts"',
        '    __table_args__ = (',
        '        Index("ix_accounts_email_lower", func.lower("email"), unique=True, postgresql_where=text("deleted_at IS NULL")),',
        '        {"schema": "crm"},',
        '    )',
        '    id: Mapped[int] = mapped_column(Identity(always=True), primary_key=True)',
        '    email: Mapped[str | None] = mapped_column(String(200))',
        '    nickname: Mapped[Optional[str]]',
        '    score: Mapped[float]',
        '    deleted_at = mapped_column(sa.DateTime(timezone=True), nullable=True)',
      ].join('\n'),
    });
    const c = await loadSqlalchemy(root);
    const t = c.tables[0];
    expect(t.schema).toBe('crm');
    expect(t.columns.map((x) => `${x.name}:${x.dataType}:${x.nullable}`)).toEqual([
      'id:integer:false',
      'email:character varying(200):true',
      'nickname:character varying:true',
      'score:double precision:false',
      'deleted_at:timestamp with time zone:true',
    ]);
    expect(t.columns[0]).toMatchObject({ identity: 'always', autoIncrement: true });
    expect(t.indexes.find((i) => i.name === 'ix_accounts_email_lower')).toMatchObject({ unique: true, columns: [null], predicate: 'deleted_at IS NULL' });
    expect(c.app!.models[0].table).toBe('crm.accounts');
  });
});
