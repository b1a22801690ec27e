import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { writeDemoCatalogue } from '../../src/trainings/demo-catalogue.ts';
import { importLheoFile } from '../../src/trainings/import.ts';

/**
 * Imports a demonstration catalogue (offers marked demonstration, generated from the database's
 * ROME and communes) as one LHEO source: the bundle's real offer is too small to give pathways.
 */
export async function importDemoCatalogue(
  handle: DbHandle,
  demo: { size: number; seed: string; today: string; source: string },
): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-demo-'));
  try {
    const file = path.join(work, `${demo.source}.xml`);
    const out = fs.createWriteStream(file);
    await writeDemoCatalogue(handle.db, out, { size: demo.size, seed: demo.seed, today: demo.today });
    out.end();
    await finished(out);
    await importLheoFile(handle.db, file, { source: demo.source });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
