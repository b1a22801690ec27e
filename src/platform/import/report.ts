import { ImportError } from './errors.ts';

/** Rejects kept per file for the report; the others are only counted, so memory stays bounded. */
export const REJECT_SAMPLE = 1000;

export interface Reject {
  line: number;
  reason: string;
}

/** Rows an import is about to remove, said before the transaction commits. */
export interface Removal {
  what: string;
  count: number;
  why: string;
}

/** A bounded list of rejects: the first REJECT_SAMPLE kept, every one counted. */
export class Rejects {
  readonly sample: Reject[] = [];
  count = 0;

  add = (line: number, reason: string): void => {
    this.count++;
    if (this.sample.length < REJECT_SAMPLE) this.sample.push({ line, reason });
  };

  addAll(other: Rejects): void {
    for (const r of other.sample) this.add(r.line, r.reason);
    this.count += other.count - other.sample.length;
  }
}

/** What one import did with one file; stored in import_file and printed by the CLI. */
export class FileReport {
  read = 0;
  inserted = 0;
  updated = 0;
  deleted = 0;
  readonly rejectLog = new Rejects();
  readonly notes: string[] = [];
  readonly removals: Removal[] = [];

  constructor(
    readonly source: string,
    readonly file: string,
    readonly version: string,
  ) {}

  /** The first REJECT_SAMPLE rejects. */
  get rejects(): readonly Reject[] {
    return this.rejectLog.sample;
  }

  /** Every reject, including those past the sample. */
  get rejected(): number {
    return this.rejectLog.count;
  }

  reject(line: number, reason: string): void {
    this.rejectLog.add(line, reason);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** Records rows about to be removed (also counted in `deleted` by `add`). */
  remove(what: string, count: number, why: string): void {
    if (count > 0) this.removals.push({ what, count, why });
  }

  add(counts: { inserted: number; updated: number; deleted: number }): void {
    this.inserted += counts.inserted;
    this.updated += counts.updated;
    this.deleted += counts.deleted;
  }

  /** Every row refused: taking the file would empty what it feeds, like an empty file. */
  refuseIfNothingKept(): void {
    if (this.read > 0 && this.rejected >= this.read) {
      const first = this.rejects[0];
      throw new ImportError(
        this.file,
        0,
        `aucune ligne valide : les ${this.read} lignes sont rejetées (première : ligne ${first.line}, ${first.reason})`,
      );
    }
  }

  summary(): string {
    return (
      `${this.file} : ${this.read} lues, ${this.inserted} ajoutées, ${this.updated} modifiées, ` +
      `${this.deleted} retirées, ${this.rejected} rejetées`
    );
  }

  toJSON() {
    return {
      source: this.source,
      file: this.file,
      version: this.version,
      read: this.read,
      inserted: this.inserted,
      updated: this.updated,
      deleted: this.deleted,
      rejected: this.rejected,
      rejects: this.rejects,
      notes: this.notes,
      removals: this.removals,
    };
  }
}

/** Progress of an import; the CLI draws a bar on a terminal and plain lines elsewhere. */
export interface Progress {
  start(file: string, totalBytes: number): void;
  update(bytes: number): void;
  done(report: FileReport): void;
  /** Called once every file is read, before the transaction commits: what the import removes. */
  beforeCommit?(reports: readonly FileReport[]): void;
}

export const silentProgress: Progress = { start() {}, update() {}, done() {} };

/**
 * What a file's pass found before its report exists: the report is opened once the edition (the
 * version shown next to every figure) is known from the content.
 */
export class PendingReport {
  read = 0;
  readonly rejectLog = new Rejects();
  readonly notes: string[] = [];

  reject = (line: number, reason: string): void => this.rejectLog.add(line, reason);

  open(ctx: { report(file: string, version: string): FileReport }, file: { label: string }, version: string): FileReport {
    const report = ctx.report(file.label, version);
    report.read = this.read;
    report.rejectLog.addAll(this.rejectLog);
    for (const n of this.notes) report.note(n);
    return report;
  }
}
