/**
 * Exchange: data exchange between actors (issue 14). Partners push their training offers (LHEO)
 * into their own source with a validation report per offer (push*.ts); a change feed of offers,
 * events and apprenticeship offers lets a partner mirror ours (changes*.ts).
 */
import type { Module } from '../platform/module.ts';

export const exchangeModule: Module = {
  name: 'exchange',
  migrations: {},
};
