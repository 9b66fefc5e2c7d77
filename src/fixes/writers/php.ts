// PHP text for the Laravel writer: string literals that hold any SQL exactly, and comments that cannot end early.

/**
 * A single-quoted PHP string holding `text` exactly. In single quotes PHP reads `\\` as one backslash and `\'` as a
 * quote, and nothing else (no `$` interpolation, no other escapes), so escaping those two is enough for any text.
 */
export function phpString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * `//` comment lines for `text`. A `?>` ends PHP mode even inside a `//` comment, so it is broken up; line breaks of
 * any kind start a new comment line.
 */
export function phpComment(text: string, indent: string): string[] {
  return text.split(/\r\n|\r|\n/).map((l) => {
    const safe = l.replace(/\?>/g, '? >').trimEnd();
    return safe ? `${indent}// ${safe}` : `${indent}//`;
  });
}
