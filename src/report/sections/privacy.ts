// Security and privacy: personal-data columns, secrets, what the source says protects them, and the
// consent, retention and anonymisation columns present or absent (GDPR facts, not advice).
import { piiKind, privacyFactKind, protection, secretKind, type PrivacyFactKind } from '../../catalog/classify.js';
import type { SectionContext } from './context.js';
import { tcol } from './context.js';
import { capped, code, ev, mdTable, moreLine, tally } from './md.js';
import { typeLabel } from '../../catalog/classify.js';

const FACT_KINDS: PrivacyFactKind[] = ['consent', 'marketing opt-in', 'terms acceptance', 'retention', 'deletion request', 'anonymisation'];

export function privacySection(ctx: SectionContext): string[] {
  const cols = ctx.tables.flatMap((t) => t.columns.map((c) => ({ t, c })));
  const pii = cols.map((x) => ({ ...x, kind: piiKind(x.c, x.t.name) })).filter((x) => x.kind);
  const secrets = cols.map((x) => ({ ...x, kind: secretKind(x.c) })).filter((x) => x.kind);
  const facts = cols.map((x) => ({ ...x, kind: privacyFactKind(x.c) })).filter((x) => x.kind);
  if (!pii.length && !secrets.length && !facts.length) return [];
  const out = ['### Security and privacy', ''];
  const prot = (x: (typeof cols)[number]) => protection(x.c, ctx.appEncrypted(x.t, x.c)) ?? 'nothing in the source says';
  if (pii.length) {
    const tablesWith = new Set(pii.map((x) => x.t)).size;
    out.push(`Personal data (by column name and type): ${pii.length} columns on ${tablesWith} tables: ${tally(pii.map((x) => x.kind!)).map(([k, n]) => `${k} ×${n}`).join(', ')}.`, '');
    const { shown, more } = capped(pii, ctx.maxRows);
    out.push(...mdTable(['Column', 'Kind', 'Type', 'Hashed or encrypted', 'Evidence'], shown.map((x) => [code(tcol(x.t, x.c)), x.kind!, code(typeLabel(x.c)), prot(x), ev(x.c.origin)])), '', ...moreLine(more));
  }
  if (secrets.length) {
    const unprotected = secrets.filter((x) => !protection(x.c, ctx.appEncrypted(x.t, x.c))).length;
    out.push(`Secrets (password, token, API key, secret, private key by name): ${secrets.length} columns; ${secrets.length - unprotected} say they are hashed or encrypted, ${unprotected} do not.`, '');
    const { shown, more } = capped(secrets, ctx.maxRows);
    out.push(...mdTable(['Column', 'Kind', 'Type', 'Hashed or encrypted', 'Evidence'], shown.map((x) => [code(tcol(x.t, x.c)), x.kind!, code(typeLabel(x.c)), prot(x), ev(x.c.origin)])), '', ...moreLine(more));
  }
  if (facts.length) out.push(...mdTable(['Consent and retention column', 'Kind', 'Evidence'], facts.slice(0, ctx.maxRows).map((x) => [code(tcol(x.t, x.c)), x.kind!, ev(x.c.origin)])), '', ...moreLine(facts.length - ctx.maxRows));
  const absent = FACT_KINDS.filter((k) => !facts.some((x) => x.kind === k));
  if (absent.length) out.push(`No column found for: ${absent.join(', ')}${pii.length ? ` (while ${pii.length} personal-data columns are stored)` : ''}.`, '');
  return out;
}
