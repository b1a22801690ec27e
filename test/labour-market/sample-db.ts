/** The project's hand-written sample in a test database, with what the labour-market figures link to. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { runImport } from '../../src/platform/import/run.ts';
import type { ImportSource } from '../../src/platform/import/run.ts';
import { territorySource } from '../../src/territories/import.ts';
import { romeSource } from '../../src/referentials/import/rome.ts';
import { certificationSource } from '../../src/referentials/certifications/index.ts';
import { labourMarketSource } from '../../src/labour-market/index.ts';
import { openTestDatabase } from '../helpers/db.ts';

export const SAMPLE = fileURLToPath(new URL('../../sample-data', import.meta.url));

/** Territories (communes → bassins BMO), ROME fiches, certifications, then the labour market. */
export const SOURCES: readonly ImportSource[] = [territorySource, romeSource, certificationSource, labourMarketSource];

export async function openSampleDatabase(): Promise<{ handle: DbHandle; reports: Awaited<ReturnType<typeof runImport>>['reports'] }> {
  const handle = await openTestDatabase();
  const { reports } = await runImport(handle.db, SAMPLE, SOURCES, undefined, { sample: true });
  return { handle, reports };
}

/** A copy of the sample's folders needed by `sources`; `edit` changes files in place. */
export function sampleCopy(edit: (dir: string) => void, folders = ['rome', 'formations', 'insertion', 'marche-travail']): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-marche-'));
  for (const folder of folders) fs.cpSync(path.join(SAMPLE, folder), path.join(dir, folder), { recursive: true });
  edit(dir);
  return dir;
}
