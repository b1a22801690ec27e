import type { ImportContext } from './run.ts';

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

/**
 * What a file's pass found before its report exists: the report is opened once the edition (the
 * version shown next to every figure) is known from the content.
 */
export class PendingReport {
  read = 0;
  readonly rejects: { line: number; reason: string }[] = [];
  readonly notes: string[] = [];

  reject = (line: number, reason: string): void => {
    this.rejects.push({ line, reason });
  };

  open(ctx: Pick<ImportContext, 'report'>, file: { label: string }, version: string): FileReport {
    const report = ctx.report(file.label, version);
    report.read = this.read;
    for (const r of this.rejects) report.reject(r.line, r.reason);
    for (const n of this.notes) report.note(n);
    return report;
  }
}
