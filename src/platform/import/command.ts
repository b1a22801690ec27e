/**
 * What `passerelles data import` and `passerelles trainings import` print: the same report in text
 * and in JSON, whether the import was taken or refused.
 */
import { terminalProgress } from '../progress.ts';
import { ImportError } from './errors.ts';
import type { FileReport, Progress } from './report.ts';
import type { ImportResult } from './run.ts';

/** Rejects printed per file in text (all of the kept sample are in --json and in import_file). */
const TEXT_REJECTS = 20;

/**
 * Runs an import for the CLI. Text: a line per file as it is read, the removals before the commit
 * (on stderr), then the report. JSON: one document on stdout, `status` "importé" or "refusé".
 * A refused import exits with status 1 after saying which file, line and why.
 */
export async function importCommand(json: boolean, run: (progress: Progress | undefined) => Promise<ImportResult>): Promise<void> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const progress = json ? undefined : withRemovals(terminalProgress());
  try {
    const { runId, reports } = await run(progress);
    if (json) {
      write({ status: 'importé', runId, seconds: seconds(), files: reports });
      return;
    }
    process.stdout.write(`${[`Import n° ${runId} terminé en ${seconds().toFixed(1)} s.`, ...reports.flatMap(fileLines)].join('\n')}\n`);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    process.exitCode = 1;
    const refused = { file: error.file, line: error.line, column: error.column ?? null, reason: error.reason };
    if (json) {
      write({ status: 'refusé', message: error.message, refused, seconds: seconds(), files: error.reports });
      return;
    }
    process.stderr.write(
      [
        `passerelles : import refusé, la base n’a pas changé.`,
        `  ${error.message}`,
        ...(error.reports.length
          ? ['  Fichiers lus avant le refus (rien n’en a été gardé) :', ...error.reports.map((r) => `    ${r.summary()}`)]
          : []),
      ].join('\n') + '\n',
    );
  }
}

function write(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function fileLines(r: FileReport): string[] {
  const lines = [`  ${r.summary()}`];
  for (const reject of r.rejects.slice(0, TEXT_REJECTS)) lines.push(`    rejet ${r.file}:${reject.line}: ${reject.reason}`);
  if (r.rejected > TEXT_REJECTS)
    lines.push(`    … et ${r.rejected - TEXT_REJECTS} autres rejets (--json pour les ${Math.min(r.rejected, r.rejects.length)} premiers)`);
  for (const note of r.notes) lines.push(`    note : ${note}`);
  for (const x of r.removals) lines.push(`    retrait : ${x.count} ${x.what} (${x.why})`);
  return lines;
}

/** Adds to a progress display the list of removals, printed before the transaction commits. */
function withRemovals(progress: Progress, stream: NodeJS.WritableStream = process.stderr): Progress {
  return {
    ...progress,
    beforeCommit(reports) {
      const removals = reports.flatMap((r) => r.removals.map((x) => `  ${r.file} : ${x.count} ${x.what} retiré(e)s (${x.why})`));
      if (removals.length) stream.write(`Avant validation, cet import retire :\n${removals.join('\n')}\n`);
    },
  };
}
