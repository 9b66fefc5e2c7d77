// Reading the expressions the engine prints (CHECK bodies, index predicates and expressions): shared by
// the rules and the fix writers. These are engine output, not user source, so a token match is enough.

/** Whether an expression printed by the engine mentions a column (bare or quoted). */
export function mentionsColumn(expression: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$"])("${escaped}"|${escaped})(?![A-Za-z0-9_$])`).test(expression);
}
