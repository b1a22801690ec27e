import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random opaque value (256 bits) for a cookie, a link or a form; only its hash is stored. */
export function newSecret(): { value: string; key: string } {
  const value = randomBytes(32).toString('base64url');
  return { value, key: keyOf(value) };
}

/** What the database keeps of a secret: its SHA-256, so that a copy of the tables opens nothing. */
export function keyOf(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
