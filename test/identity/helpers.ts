/**
 * An identity test's server and visitors: a browser-like client over app.inject that keeps its
 * cookies, and accounts of any role created the way the CLI and invitations create them.
 */
import type { LightMyRequestResponse } from 'fastify';
import { openTestDatabase } from '../helpers/db.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { identityDb, type IdentityDb } from '../../src/identity/db.ts';
import { acceptInvitation, createStructure, invite, signUp, verifyEmail } from '../../src/identity/accounts.ts';

export const PASSWORD = 'cheval agrafe pile correcte';
export const LINKS = { publicUrl: 'http://passerelles.test' };

export interface TestServer {
  app: App;
  handle: DbHandle;
  db: IdentityDb;
  guarded: Awaited<ReturnType<typeof buildServer>>['guarded'];
  close(): Promise<void>;
}

/** A server over an empty database, or over `handle` (a bundle database, for capabilities that read it). */
export async function startServer(handle?: DbHandle): Promise<TestServer> {
  handle ??= await openTestDatabase();
  const { app, guarded } = await buildServer(handle, { logger: false, rateLimit: 100_000 });
  return {
    app,
    handle,
    db: identityDb(handle.db),
    guarded,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

/** A browser: its cookies, its address. */
export class Visitor {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly app: App,
    readonly ip = '203.0.113.7',
  ) {}

  async request(method: 'GET' | 'POST', url: string, body?: object): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method,
      url,
      payload: body,
      remoteAddress: this.ip,
      headers: { 'user-agent': 'Navigateur de test', ...(cookie ? { cookie } : {}) },
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  get = (url: string) => this.request('GET', url);

  async formToken(): Promise<string> {
    const res = await this.request('POST', '/api/v1/auth/form-token');
    if (res.statusCode !== 200) throw new Error(`jeton de formulaire : ${res.statusCode} ${res.body}`);
    return res.json().token;
  }

  /** A form sent as a page would: with a fresh one-time token. */
  async submit(url: string, body: object = {}): Promise<LightMyRequestResponse> {
    return this.request('POST', url, { ...body, csrf: await this.formToken() });
  }

  async signIn(email: string, password = PASSWORD, totp?: string): Promise<LightMyRequestResponse> {
    return this.submit('/api/v1/auth/sign-in', { email, password, ...(totp ? { totp } : {}) });
  }
}

let structures = 0;

/** An active account of these roles, in a new structure (none for a lone candidate); signed in when `visitor` is given. */
export async function account(server: TestServer, roles: string[], email = `${roles.join('-')}-${++structures}@exemple.fr`) {
  const lone = roles.length === 1 && roles[0] === 'candidat';
  const structureId = lone
    ? null
    : await createStructure(server.db, { name: `Mission locale ${structures}`, kind: 'mission_locale', code: `ML${++structures}` });
  if (lone) {
    // A candidate signs up alone and confirms the address from the mail.
    await signUp(server.db, { email, name: 'Camille Candidate', password: PASSWORD }, LINKS, '192.0.2.1');
    await verifyEmail(server.db, tokenOf(linkIn((await lastMail(server.db, email))!.body)));
    const { id } = await server.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    return { id, email, structureId };
  }
  const { id, link } = await invite(server.db, null, { email, name: 'Dominique Test', roles, structureId }, LINKS);
  await acceptInvitation(server.db, tokenOf(link), PASSWORD);
  return { id, email, structureId };
}

/** The token of a link sent by mail (…?jeton=…). */
export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('jeton');
  if (!token) throw new Error(`pas de jeton dans ${link}`);
  return token;
}

/** The last mail sent to an address, from the outbox. */
export async function lastMail(db: IdentityDb, to: string) {
  return db.selectFrom('outbox').selectAll().where('recipient', '=', to).orderBy('id', 'desc').executeTakeFirst();
}

export function linkIn(body: string): string {
  const m = /https?:\/\/\S+/.exec(body);
  if (!m) throw new Error(`pas de lien dans : ${body}`);
  return m[0];
}
