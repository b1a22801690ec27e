import type { Command } from 'commander';

/** STUB (pathways helper): `passerelles pathways simulate`. */
export function registerPathwayCommands(program: Command): void {
  void program;
}
