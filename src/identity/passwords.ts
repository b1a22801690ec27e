import { hash, verify, type Options } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { InputError } from '../platform/errors.ts';

/**
 * argon2id with OWASP's first set of parameters (19 MiB, 2 passes, 1 lane): about 10 ms here,
 * see docs/decisions/0005-comptes-et-sessions.md and `npm run bench:auth`. `algorithm: 2` is
 * Argon2id (the library's const enum cannot be read under verbatimModuleSyntax).
 */
export const ARGON2: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
/** 49,000 common passwords (zxcvbn-ts's list), lowercased. */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'] as string[]);
  return common;
}

/** Refuses a weak password with a French reason (field `password`). */
export function checkPassword(password: string, email?: string): void {
  if ([...password].length < PASSWORD_MIN) {
    throw new InputError('password', `Le mot de passe doit contenir au moins ${PASSWORD_MIN} caractères.`);
  }
  if (password.length > PASSWORD_MAX) {
    throw new InputError('password', `Le mot de passe doit contenir au plus ${PASSWORD_MAX} caractères.`);
  }
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || /^(.)\1+$/.test(password)) {
    throw new InputError(
      'password',
      'Ce mot de passe est trop courant : choisissez-en un autre, par exemple une phrase de plusieurs mots.',
    );
  }
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) {
    throw new InputError('password', 'Le mot de passe ne doit pas contenir votre adresse électronique.');
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/**
 * Checks a password against a stored hash; with no hash (unknown account, invitation not yet
 * accepted) a dummy hash is checked anyway, so that the answer takes the same time.
 */
export async function checkPasswordHash(stored: string | null, password: string): Promise<boolean> {
  dummy ??= hash('passerelles-compte-inexistant', ARGON2);
  if (!stored) {
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
let dummy: Promise<string> | undefined;
