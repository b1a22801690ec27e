/** A fault in an input file that stops its import: always names the file, the line and why. */
export class ImportError extends Error {
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
