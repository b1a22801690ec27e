/** What one import did with one file; stored in import_file and printed by the CLI. */
export class FileReport {
  read = 0;
  inserted = 0;
  updated = 0;
  deleted = 0;
  readonly rejects: { line: number; reason: string }[] = [];
  readonly notes: string[] = [];

  constructor(
    readonly source: string,
    readonly file: string,
    readonly version: string,
  ) {}

  reject(line: number, reason: string): void {
    this.rejects.push({ line, reason });
  }

  note(text: string): void {
    this.notes.push(text);
  }

  add(counts: { inserted: number; updated: number; deleted: number }): void {
    this.inserted += counts.inserted;
    this.updated += counts.updated;
    this.deleted += counts.deleted;
  }

  summary(): string {
    return `${this.file} : ${this.read} lues, ${this.inserted} ajoutées, ${this.updated} modifiées, ` +
      `${this.deleted} retirées, ${this.rejects.length} rejetées`;
  }
}

/** Progress of an import; the CLI draws a bar on a terminal and plain lines elsewhere. */
export interface Progress {
  start(file: string, totalBytes: number): void;
  update(bytes: number): void;
  done(report: FileReport): void;
}

export const silentProgress: Progress = { start() {}, update() {}, done() {} };
