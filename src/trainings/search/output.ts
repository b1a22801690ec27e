/**
 * Offer texts are stored as given (HTML, scripts, SQL fragments included) and must come back
 * inert in every output. JSON goes through safeJson (../json.ts: <, > and & as \u escapes);
 * terminal text through terminalText.
 */

/** One line of terminal text: control characters (ESC, C1, line breaks…) become spaces, so no
 * escape sequence stored in an offer reaches the terminal. */
export function terminalText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}
