// The few string helpers of Laravel's `Str` that decide table and column names: plural (Doctrine Inflector's English
// rules, which Laravel's Pluralizer uses), snake case and class base names. Only what the naming conventions need.

// Words Doctrine's English inflector leaves alone (its `Uninflected` list, default and plural), plus Laravel's own.
const UNINFLECTED = new Set(
  (
    'advice aircraft amoyese art audio baggage bison borghese bream breeches britches buffalo butter cantus carp chassis ' +
    'clippers clothing coal cod coitus compensation congoese contretemps coreopsis corps cotton data debris deer diabetes ' +
    'djinn education eland elk emoji equipment evidence experience faroese feedback fish flounder flour foochowese food ' +
    'furniture gallows genevese genoese gilbertese gold headquarters herpes hijinks homework hottentotese impatience ' +
    'information innings jackanapes jeans jedi kiplingese knowledge kongoese leather love lucchese luggage mackerel maltese ' +
    'management metadata mews money moose mumps music nankingese news nexus niasese nutrition offspring oil patience ' +
    'pekingese piedmontese pincers pistoiese plankton pliers pokemon police polish portuguese proceedings progress rabies ' +
    'rain research rhinoceros rice salmon sand sarawakese scissors series shavese shears sheep siemens silk sms soap spam ' +
    'species staff sugar swine talent toothpaste traffic travel trousers trout tuna us vermontese vinegar weather wenchowese ' +
    'wheat whiting wildebeest wood wool work yengeese people trivia media cattle kin recommended related'
  ).split(' '),
);

const IRREGULAR: Record<string, string> = {
  atlas: 'atlases', axe: 'axes', beef: 'beefs', blouse: 'blouses', brother: 'brothers', cafe: 'cafes', chateau: 'chateaux',
  child: 'children', canvas: 'canvases', cookie: 'cookies', corpus: 'corpuses', cow: 'cows', criterion: 'criteria',
  curriculum: 'curricula', demo: 'demos', domino: 'dominoes', echo: 'echoes', foot: 'feet', fungus: 'fungi', gas: 'gases',
  genie: 'genies', genus: 'genera', goose: 'geese', hoof: 'hoofs', human: 'humans', iris: 'irises', larva: 'larvae',
  leaf: 'leaves', lens: 'lenses', loaf: 'loaves', man: 'men', medium: 'media', memorandum: 'memoranda', money: 'monies',
  mongoose: 'mongooses', motto: 'mottoes', move: 'moves', niche: 'niches', nucleus: 'nuclei', octopus: 'octopuses',
  opus: 'opuses', ox: 'oxen', person: 'people', plateau: 'plateaux', safe: 'safes', sex: 'sexes', syllabus: 'syllabi',
  thief: 'thieves', tooth: 'teeth', tornado: 'tornadoes', turf: 'turfs', valve: 'valves', volcano: 'volcanoes',
  abuse: 'abuses', avalanche: 'avalanches', cache: 'caches', curve: 'curves', emphasis: 'emphases', foe: 'foes',
  grave: 'graves', hoax: 'hoaxes', neurosis: 'neuroses', save: 'saves', wave: 'waves', oasis: 'oases', zombie: 'zombies',
};

const PLURAL_RULES: [RegExp, string][] = [
  [/(s)tatus$/i, '$1tatuses'],
  [/(quiz)$/i, '$1zes'],
  [/^(ox)$/i, '$1en'],
  [/([ml])ouse$/i, '$1ice'],
  [/(matr|vert|ind)(ix|ex)$/i, '$1ices'],
  [/(x|ch|ss|sh)$/i, '$1es'],
  [/([^aeiouy]|qu)y$/i, '$1ies'],
  [/(hive|gulf)$/i, '$1s'],
  [/(?:([^f])fe|([lr])f)$/i, '$1$2ves'],
  [/sis$/i, 'ses'],
  [/([ti])um$/i, '$1a'],
  [/(tax)on$/i, '$1a'],
  [/(c)riterion$/i, '$1riteria'],
  [/(p)erson$/i, '$1eople'],
  [/(m)an$/i, '$1en'],
  [/(c)hild$/i, '$1hildren'],
  [/(f)oot$/i, '$1eet'],
  [/(buffal|her|potat|tomat|volcan)o$/i, '$1oes'],
  [/(alumn|bacill|cact|foc|fung|nucle|radi|stimul|syllab|termin|vir)us$/i, '$1i'],
  [/us$/i, 'uses'],
  [/(alias)$/i, '$1es'],
  [/(analys|ax|cris|test|thes)is$/i, '$1es'],
  [/s$/i, 's'],
  [/^$/, ''],
  [/$/, 's'],
];

/** `Str::plural`: the English plural of a word (the whole string is the word, as in Laravel). */
export function plural(word: string): string {
  const lower = word.toLowerCase();
  if (UNINFLECTED.has(lower) || /\w+media$/.test(lower) || /\w+ware$/.test(lower)) return word;
  // Irregular words match as a whole word at the end (`\b`, so not after an underscore).
  for (const [one, many] of Object.entries(IRREGULAR)) {
    const m = new RegExp(`(^|[^A-Za-z0-9_])${one}$`, 'i').exec(word);
    if (m) return word.slice(0, word.length - one.length) + matchCase(many, word.slice(word.length - one.length));
  }
  for (const [re, rep] of PLURAL_RULES) {
    if (re.test(word)) return word.replace(re, (...m: string[]) => rep.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? ''));
  }
  return word;
}

function matchCase(value: string, like: string): string {
  if (like === like.toUpperCase() && like !== like.toLowerCase()) return value.toUpperCase();
  if (like[0] && like[0] === like[0].toUpperCase()) return value[0].toUpperCase() + value.slice(1);
  return value;
}

/** `Str::snake`: `ServiceStaff` → `service_staff`. */
export function snake(value: string): string {
  if (/^[a-z0-9_]+$/.test(value)) return value;
  return value
    .replace(/\s+/g, '')
    .replace(/(.)(?=[A-Z])/g, '$1_')
    .toLowerCase();
}

/** `Str::pluralStudly`: pluralizes the last word of a StudlyCase name (`ServiceStaff` stays, `BookingRule` → `BookingRules`). */
export function pluralStudly(value: string): string {
  const parts = value.split(/(?=[A-Z])/);
  const last = parts.pop() ?? '';
  return parts.join('') + plural(last);
}

/** `class_basename`. */
export function classBasename(name: string): string {
  return name.replace(/^\\/, '').split('\\').pop() ?? name;
}

/** The table Eloquent derives from a model class: `snake(pluralStudly(class_basename))`. */
export function tableForModel(className: string): string {
  return snake(pluralStudly(classBasename(className)));
}
