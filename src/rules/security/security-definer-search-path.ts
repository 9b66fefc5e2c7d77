import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'security/security-definer-search-path',
    category: 'security',
    severity: 'high',
    summary: 'SECURITY DEFINER function that does not pin its search_path.',
    why:
      "A SECURITY DEFINER function runs with its owner's privileges but resolves unqualified table, function and operator " +
      "names through the caller's search_path. A caller who can create objects in any schema on that path can plant a " +
      "look-alike that the function then runs with the owner's rights.",
  },
  check({ catalog, report }) {
    for (const fn of catalog.functions) {
      if (!fn.securityDefiner) continue;
      if (fn.config.some((setting) => /^search_path\s*=/i.test(setting))) continue;
      const signature = `${fn.schema}.${fn.name}(${fn.args})`;
      report({
        object: signature,
        message:
          `function ${signature} is SECURITY DEFINER (runs as its owner) but does not set search_path, so the names it ` +
          `uses are resolved through the caller's search_path, where a caller who can create objects can shadow them; ` +
          `add SET search_path = ${fn.schema === 'pg_catalog' ? 'pg_catalog' : `${fn.schema}, pg_temp`} (or an empty path and schema-qualified names).`,
        origin: fn.origin,
        fix: [{ op: 'set-function-search-path', schema: fn.schema, name: fn.name, args: fn.args }],
      });
    }
  },
};

export default rule;
