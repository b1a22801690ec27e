import type { Command } from 'commander';

/** `passerelles trainings …` commands. */
export function registerTrainingCommands(_program: Command): void {}
