/** Where a JSON file's entries start, for import reports that name the line of a rejected entry. */

/**
 * The line of each top-level entry of a JSON text: each key of an object, each element of an
 * array, in order (what a report names when it rejects one).
 */
export function entryLines(raw: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectEntry = false;
  for (const ch of raw) {
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (depth === 1 && expectEntry && ch !== ']' && ch !== '}') {
      lines.push(line);
      expectEntry = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectEntry = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectEntry = true;
  }
  return lines;
}
