/**
 * Domain errors: what a capability throws when a request cannot be answered. They name no
 * transport: HTTP turns them into 400 / 404 with `{ error, field }` (platform/http/errors.ts), a
 * CLI into an argument error (commander's InvalidArgumentError). Messages are in French, for the
 * person who made the request.
 */

/** A request the user can fix: `field` names the faulty parameter (a path like "skills/2" for a list item). */
export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the request names does not exist (an unknown code); `field` names the parameter holding it, when there is one. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The caller may use the route but not on this record (another structure's offer): HTTP 403. */
export class ForbiddenError extends Error {
  override readonly name: string = 'ForbiddenError';
  /** The refusal's code beside the message (default: acces-refuse). */
  readonly code?: string;
}

/** What the request names existed but is over (an expired or revoked link): HTTP 410. */
export class GoneError extends Error {
  override readonly name = 'GoneError';
}
