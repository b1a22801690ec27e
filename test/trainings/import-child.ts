/**
 * Imports one LHEO file in its own process and prints what it cost as one JSON line, so that the
 * memory test and bench/lheo-import.ts measure the import alone (peak RSS of this process).
 *   node --import tsx test/trainings/import-child.ts init DB_DIR
 *   node --import tsx test/trainings/import-child.ts import FILE DB_DIR
 * A refused file prints `{ refused: "file:line:column: reason", seconds, peakRssMb }` instead.
 * `init` creates the PGlite folder: PGlite's initdb alone peaks near 900 MB, so it runs in its own
 * process, as on a server whose database exists (see bench/import.ts). DATABASE_URL, when set,
 * names a PostgreSQL database used instead of PGlite.
 */
import { openDatabase } from '../../src/app/database.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import { importLheoFile } from '../../src/trainings/import.ts';

const [mode, ...args] = process.argv.slice(2);
const open = (dir: string) => openDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { pgliteDir: dir });

if (mode === 'init') {
  const handle = await open(args[0]);
  await handle.close();
} else {
  const [file, dbDir] = args;
  const handle = await open(dbDir);
  const rssOpen = process.resourceUsage().maxRSS;
  const started = process.hrtime.bigint();
  let result;
  try {
    result = await importLheoFile(handle.db, file);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    // A refused file: what the operator reads, and what the refusal cost.
    await handle.close();
    process.stdout.write(
      `${JSON.stringify({
        refused: error.message,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        rssAfterOpenMb: rssOpen / 1024,
      })}\n`,
    );
    process.exit(0);
  }
  const { reports } = result;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [{ n }] = await handle.db
    .selectFrom('training_action')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .execute();
  await handle.close();
  const r = reports[0];
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      actions: Number(n),
      offers: r.read,
      inserted: r.inserted,
      rejected: r.rejects.length,
      // resourceUsage().maxRSS is in kilobytes
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      rssAfterOpenMb: rssOpen / 1024,
    })}\n`,
  );
}
