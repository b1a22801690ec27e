import cliProgress from 'cli-progress';
import type { FileReport, Progress } from './import/report.ts';

/** A progress bar per file on a terminal; one plain line per finished file otherwise (CI, logs). */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    return {
      start() {},
      update() {},
      done(report: FileReport) {
        stream.write(`${report.summary()}\n`);
      },
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(file, totalBytes) {
      bar = new cliProgress.SingleBar(
        { stream, format: `{bar} {percentage}% | ${file}`, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(totalBytes, 1), 0);
    },
    update(bytes) {
      bar?.update(bytes);
    },
    done(report) {
      bar?.stop();
      bar = undefined;
      stream.write(`${report.summary()}\n`);
    },
  };
}
