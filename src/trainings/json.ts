/**
 * JSON whose text cannot close an HTML element or script if someone embeds it in a page: `<`, `>`,
 * `&` and the JavaScript line separators are written as \u escapes. JSON.parse gives back the
 * exact stored text.
 */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
