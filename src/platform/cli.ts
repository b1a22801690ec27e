/** The ground's kit for command-line commands: the app opens the database, capabilities use it. */
import { type Command, InvalidArgumentError } from 'commander';
import type { DbHandle } from './db/connection.ts';
import { InputError, NotFoundError } from './errors.ts';

/** Runs a command against the configured (migrated) database, closing it whatever happens. */
export type WithDb = <T>(fn: (h: DbHandle) => Promise<T>) => Promise<T>;

/** The subcommand of that name (e.g. `occupations`), created by whichever capability comes first. */
export function subcommand(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('un entier entre 1 et 1000 est attendu');
  return n;
}

/** A query's answer: JSON with --json, the text otherwise. */
export function print(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

/**
 * A domain error (InputError, NotFoundError) as commander's argument error, any other error as it
 * is. With `namingOption`, the message starts with the option of the faulty field (`--commune : …`).
 */
export function argumentError(error: unknown, namingOption = false): unknown {
  if (!(error instanceof InputError || error instanceof NotFoundError)) return error;
  const option = namingOption && error.field ? `--${error.field.split('/')[0]} : ` : '';
  return new InvalidArgumentError(`${option}${error.message}`);
}

/** The values of an option written `a,b,c` (spaces around each ignored, none for an absent option). */
export const commaList = (value?: string): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
