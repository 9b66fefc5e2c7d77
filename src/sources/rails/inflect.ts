// ActiveSupport's default English inflections (activesupport/lib/active_support/inflections.rb),
// ported as they are: Rails derives `portal_id` from `add_foreign_key "inboxes", "portals"` and
// `users` from `t.references :user, foreign_key: true` with exactly these rules, so a schema.rb
// means the same columns and tables here as in Rails.

type Rule = [RegExp, string];

const plurals: Rule[] = [];
const singulars: Rule[] = [];
const uncountables: RegExp[] = [];

// Later rules take precedence, as in ActiveSupport (each new rule is prepended).
const plural = (re: RegExp, rep: string) => plurals.unshift([re, rep]);
const singular = (re: RegExp, rep: string) => singulars.unshift([re, rep]);

plural(/$/, 's');
plural(/s$/i, 's');
plural(/^(ax|test)is$/i, '$1es');
plural(/(octop|vir)us$/i, '$1i');
plural(/(octop|vir)i$/i, '$1i');
plural(/(alias|status)$/i, '$1es');
plural(/(bu)s$/i, '$1ses');
plural(/(buffal|tomat)o$/i, '$1oes');
plural(/([ti])um$/i, '$1a');
plural(/([ti])a$/i, '$1a');
plural(/sis$/i, 'ses');
plural(/(?:([^f])fe|([lr])f)$/i, '$1$2ves');
plural(/(hive)$/i, '$1s');
plural(/([^aeiouy]|qu)y$/i, '$1ies');
plural(/(x|ch|ss|sh)$/i, '$1es');
plural(/(matr|vert|ind)(?:ix|ex)$/i, '$1ices');
plural(/^(m|l)ouse$/i, '$1ice');
plural(/^(m|l)ice$/i, '$1ice');
plural(/^(ox)$/i, '$1en');
plural(/^(oxen)$/i, '$1');
plural(/(quiz)$/i, '$1zes');

singular(/s$/i, '');
singular(/(ss)$/i, '$1');
singular(/(n)ews$/i, '$1ews');
singular(/([ti])a$/i, '$1um');
singular(/((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)(sis|ses)$/i, '$1sis');
singular(/(^analy)(sis|ses)$/i, '$1sis');
singular(/([^f])ves$/i, '$1fe');
singular(/(hive)s$/i, '$1');
singular(/(tive)s$/i, '$1');
singular(/([lr])ves$/i, '$1f');
singular(/([^aeiouy]|qu)ies$/i, '$1y');
singular(/(s)eries$/i, '$1eries');
singular(/(m)ovies$/i, '$1ovie');
singular(/(x|ch|ss|sh)es$/i, '$1');
singular(/^(m|l)ice$/i, '$1ouse');
singular(/(bus)(es)?$/i, '$1');
singular(/(o)es$/i, '$1');
singular(/(shoe)s$/i, '$1');
singular(/(cris|test)(is|es)$/i, '$1is');
singular(/^(a)x[ie]s$/i, '$1xis');
singular(/(octop|vir)(us|i)$/i, '$1us');
singular(/(alias|status)(es)?$/i, '$1');
singular(/^(ox)en/i, '$1');
singular(/(vert|ind)ices$/i, '$1ex');
singular(/(matr)ices$/i, '$1ix');
singular(/(quiz)zes$/i, '$1');
singular(/(database)s$/i, '$1');

function irregular(one: string, many: string): void {
  const s0 = one[0];
  const srest = one.slice(1);
  const p0 = many[0];
  const prest = many.slice(1);
  // Both words start with the same letter in every default irregular, so the case of the first letter is kept.
  if (s0.toUpperCase() === p0.toUpperCase()) {
    plural(new RegExp(`(${s0})${srest}$`, 'i'), `$1${prest}`);
    plural(new RegExp(`(${p0})${prest}$`, 'i'), `$1${prest}`);
    singular(new RegExp(`(${s0})${srest}$`, 'i'), `$1${srest}`);
    singular(new RegExp(`(${p0})${prest}$`, 'i'), `$1${srest}`);
  }
}

irregular('person', 'people');
irregular('man', 'men');
irregular('child', 'children');
irregular('sex', 'sexes');
irregular('move', 'moves');
irregular('zombie', 'zombies');

// `\b` does not fire after `_` (a word character), so `account_money` is not uncountable, as in Ruby.
for (const word of ['equipment', 'information', 'rice', 'money', 'species', 'series', 'fish', 'sheep', 'jeans', 'police'])
  uncountables.push(new RegExp(`\\b${word}$`, 'i'));

function apply(word: string, rules: Rule[]): string {
  if (!word || uncountables.some((re) => re.test(word))) return word;
  for (const [re, rep] of rules) if (re.test(word)) return word.replace(re, rep);
  return word;
}

export function pluralize(word: string): string {
  return apply(word, plurals);
}

export function singularize(word: string): string {
  return apply(word, singulars);
}
