import type { ImportSource } from '../../platform/import/run.ts';

// TODO(helper): ROME 4.0 importer.
export const romeSource: ImportSource = { name: 'rome', present: () => false, run: async () => {} };
