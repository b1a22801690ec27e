/**
 * A fault in an input file that stops its import (the whole import is rolled back): always names
 * the file, the line (0 when the fault is the file as a whole), the column when known, and why.
 */
export class ImportError extends Error {
  /** Reports of the files read before the refusal, set by runImport (none of them was kept). */
  reports: ReadonlyArray<{ summary(): string; toJSON(): unknown }> = [];

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    readonly column?: number,
  ) {
    super(`${file}:${line}${column ? `:${column}` : ''}: ${reason}`);
    this.name = 'ImportError';
  }
}
