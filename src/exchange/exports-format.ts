/**
 * Text of the bulk exports, written chunk by chunk from pages of rows: CSV (UTF-8 with a BOM for
 * spreadsheets, comma, RFC 4180 quoting, CRLF), a JSON array, a GeoJSON FeatureCollection of
 * points. Each function takes an async iterable of row pages and yields strings: the whole body is
 * never held in memory.
 */

export type Cell = string | number | boolean | null;
export type FlatRow = Record<string, Cell>;

const BOM = '\uFEFF';

/**
 * One CSV field: quoted when it holds a quote, a comma, a semicolon (spreadsheets set to French
 * split on it), a line break or surrounding spaces; quotes doubled. Booleans as oui / non, null empty.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",;\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV: the BOM and the header line first, then one chunk per page. */
export async function* csvChunks<R extends FlatRow>(
  columns: readonly (keyof R & string)[],
  pages: AsyncIterable<R[]>,
): AsyncGenerator<string> {
  yield `${BOM}${columns.join(',')}\r\n`;
  for await (const page of pages) {
    if (!page.length) continue;
    let text = '';
    for (const row of page) text += `${columns.map((c) => csvCell(row[c])).join(',')}\r\n`;
    yield text;
  }
}

/**
 * JSON text that cannot become markup when a browser sniffs it: < > & and the two line separators
 * written as \u escapes (the same text once parsed).
 */
export function safeStringify(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON array, one element per row, in chunks of a page. */
export async function* jsonArrayChunks(pages: AsyncIterable<readonly unknown[]>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const page of pages) {
    if (!page.length) continue;
    let text = '';
    for (const row of page) {
      text += `${first ? '\n' : ',\n'}${safeStringify(row)}`;
      first = false;
    }
    yield text;
  }
  yield first ? ']\n' : '\n]\n';
}

/**
 * A GeoJSON FeatureCollection of points: rows with `longitude` and `latitude` become features (the
 * other fields as properties); the others are counted in the foreign member `sansCoordonnees`,
 * written after the features (its value known only at the end).
 */
export async function* geojsonChunks<R extends FlatRow & { latitude: number | null; longitude: number | null }>(
  pages: AsyncIterable<R[]>,
): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  let without = 0;
  for await (const page of pages) {
    let text = '';
    for (const row of page) {
      const { latitude, longitude, ...properties } = row;
      if (latitude === null || longitude === null) {
        without++;
        continue;
      }
      const feature = { type: 'Feature', geometry: { type: 'Point', coordinates: [longitude, latitude] }, properties };
      text += `${first ? '\n' : ',\n'}${safeStringify(feature)}`;
      first = false;
    }
    if (text) yield text;
  }
  yield `${first ? '' : '\n'}],"sansCoordonnees":${without}}\n`;
}
