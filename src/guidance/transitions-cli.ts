import type { Command } from 'commander';

/** STUB (transitions helper): `passerelles occupations transitions CODE`. */
export function registerTransitionCommands(occupations: Command): void {
  void occupations;
}
