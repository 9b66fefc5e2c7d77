import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/migrations/multiple-heads.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { loadProject, migration } from '../../sources/django/helpers.js';
import { graphCatalog, loadHelpdesk, loadSaas, node, op } from './helpers.js';

describe('migrations/multiple-heads', () => {
  it('flags two leaf migrations in one Django app, at the conflicting leaf', async () => {
    const { catalog } = await loadProject({
      'shop/__init__.py': '',
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py': migration('', '        migrations.CreateModel(name="Order", fields=[("id", models.BigAutoField(primary_key=True))]),'),
      'shop/migrations/0002_order_total.py': migration('("shop", "0001_initial")', '        migrations.AddField(model_name="order", name="total", field=models.IntegerField(default=0)),'),
      'shop/migrations/0002_order_note.py': migration('("shop", "0001_initial")', '        migrations.AddField(model_name="order", name="note", field=models.TextField(default="")),'),
    });
    const findings = checkCatalog(rule, catalog);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.severity).toBe('high');
    expect(f.category).toBe('migrations');
    expect(f.message).toContain('shop.0002_order_note');
    expect(f.message).toContain('shop.0002_order_total');
    expect(f.message).toContain('makemigrations --merge shop');
    expect(at(f)).toMatch(/shop\/migrations\/0002_order_total\.py:\d+$/);
  });

  it('flags several Alembic heads at a head revision', () => {
    const catalog = graphCatalog(
      {
        framework: 'alembic',
        nodes: [node('a1', [op('create-table', 20, { table: 'users' }, 'a1.py')]), node('b2', [op('add-column', 14, { table: 'users' }, 'b2.py')], { dependsOn: ['a1'] }), node('c3', [op('add-column', 15, { table: 'users' }, 'c3.py')], { dependsOn: ['a1'] })],
        heads: ['b2', 'c3'],
      },
      { app: { frameworks: ['alembic'], models: [], notes: [{ kind: 'migration-conflict', message: '2 heads', origin: { file: 'c3.py', line: 9 } }] } },
    );
    const findings = checkCatalog(rule, catalog);
    expect(findings.map(at)).toEqual(['c3.py:9']);
    expect(findings[0].message).toContain('alembic merge heads');
  });

  it('leaves alone one head per Django app, a merged Alembic history, and catalogs without migrations', async () => {
    expect(checkCatalog(rule, await loadHelpdesk())).toEqual([]);
    expect(checkCatalog(rule, await loadSaas())).toEqual([]);
    expect(checkCatalog(rule, await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY);'))).toEqual([]);
  });
});
