import type { ImportSource } from '../../platform/import/run.ts';

// TODO(helper): ESCO importer.
export const escoSource: ImportSource = { name: 'esco', present: () => false, run: async () => {} };
