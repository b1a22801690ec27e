import type { ImportSource } from '../../platform/import/run.ts';

// TODO(helper): Certif Info and BCN importer.
export const certificationSource: ImportSource = { name: 'certifications', present: () => false, run: async () => {} };
