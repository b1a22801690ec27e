/** Trimmed value, or null when empty: how an empty cell of an official file is stored. */
export function text(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}
