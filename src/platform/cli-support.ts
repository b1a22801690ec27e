import { InvalidArgumentError } from 'commander';
import { readConfig } from './config.ts';
import { openDatabase, type DbHandle } from './db/connection.ts';
import { InputError, NotFoundError } from './errors.ts';

/** Runs a CLI command against the configured database, closing it whatever happens. */
export async function withDb<T>(fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(readConfig());
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
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
