// Notes on models.py the SQLAlchemy source also gives: a mutable literal as a field default, and a relationship
// field assigned twice in one class body; the orm rules turn them into findings at the model's line.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import { loadHelpdesk, loadProject, migration, where } from './helpers.js';

const MODELS = `from django.db import models
from django_cryptography.fields import encrypt


class Project(models.Model):
    name = models.CharField(max_length=80)
    settings = models.JSONField(default={})
    tags = models.JSONField(default=[], blank=True)
    flags = models.JSONField(
        blank=True,
        default={"beta": False, "legacy_billing": True},
    )
    secrets = encrypt(models.JSONField(default={}))
    options = models.JSONField(default=dict)
    history = models.JSONField(default=list)
    extra = models.JSONField(default=dict())
    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="owned_projects")
    owner = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="projects")
    label = models.CharField(max_length=20)
    label = models.CharField(max_length=40)


class Helper:
    cache = models.JSONField(default={})
`;

const MIGRATION = migration(
  '("auth", "0012_alter_user_first_name_max_length")',
  `        migrations.CreateModel(
            name="Project",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=80)),
                ("settings", models.JSONField(default=dict)),
            ],
        ),`,
  '    initial = True\n',
);

describe('Django source: model notes', () => {
  it('notes mutable literal defaults at the field line and duplicate relationship fields naming both lines', async () => {
    const { catalog: c } = await loadProject({ 'projects/models.py': MODELS, 'projects/migrations/0001_initial.py': MIGRATION });
    const notes = c.app!.notes;
    const mutable = notes.filter((n) => n.kind === 'mutable-default');
    expect(mutable.map((n) => `${where(n.origin).split('/').pop()} ${n.message}`)).toEqual([
      'models.py:7 Project.settings has default={}: one mutable object shared as the default; use default=dict (a callable) instead',
      'models.py:8 Project.tags has default=[]: one mutable object shared as the default; use default=list (a callable) instead',
      'models.py:9 Project.flags has default=dictionary: one mutable object shared as the default; use default=dict (a callable) instead',
      'models.py:13 Project.secrets has default={}: one mutable object shared as the default; use default=dict (a callable) instead',
    ]);
    const dup = notes.filter((n) => n.kind === 'duplicate-relationship');
    expect(dup.map((n) => `${where(n.origin).split('/').pop()} ${n.message}`)).toEqual([
      'models.py:18 Project.owner is assigned a relationship twice (lines 17 and 18): the second silently replaces the first',
    ]);
    // The second assignment wins, as in Python.
    const owner = c.app!.models.find((m) => m.name === 'Project')!.relationships.filter((r) => r.name === 'owner');
    expect(owner.map((r) => r.onDelete)).toEqual(['PROTECT']);

    const findings = runRules(c, allRules, resolveConfig({})).findings;
    const orm = findings.filter((f) => f.ruleId === 'orm/mutable-default' || f.ruleId === 'orm/duplicate-relationship');
    expect(orm.map((f) => `${f.ruleId}@${where(f.origin).split('/').pop()}`).sort()).toEqual([
      'orm/duplicate-relationship@models.py:18',
      'orm/mutable-default@models.py:13',
      'orm/mutable-default@models.py:7',
      'orm/mutable-default@models.py:8',
      'orm/mutable-default@models.py:9',
    ]);
    expect(orm.find((f) => f.ruleId === 'orm/mutable-default')!.message).toBe(
      'Project.settings has default={}: one mutable object shared as the default; use default=dict (a callable) instead.',
    );
  });

  it('leaves callable defaults alone (the helpdesk uses default=dict)', async () => {
    const c = await loadHelpdesk();
    expect(c.app!.notes.filter((n) => n.kind === 'mutable-default' || n.kind === 'duplicate-relationship')).toEqual([]);
    const findings = runRules(c, allRules, resolveConfig({})).findings;
    expect(findings.filter((f) => f.ruleId === 'orm/mutable-default' || f.ruleId === 'orm/duplicate-relationship')).toEqual([]);
  });
});
