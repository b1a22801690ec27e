/**
 * `npm run bench:auth`: what signing in costs. Prints the argon2id parameters and the time of one
 * hash and one check, then, through the real HTTP routes (form token + sign-in), the sign-in's
 * p50/p95 one at a time and eight at a time, and what the session check adds to a request.
 * On a throw-away database: PGlite in memory, or a new database of the DATABASE_URL server.
 */
import os from 'node:os';
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { openDatabase } from '../src/app/database.ts';
import { buildServer, type App } from '../src/app/server.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { identityDb } from '../src/identity/db.ts';
import { acceptInvitation, createStructure, invite } from '../src/identity/accounts.ts';
import { ARGON2 } from '../src/identity/passwords.ts';
import { summary } from './stats.ts';

const PASSWORD = 'cheval agrafe pile correcte';
const SIGN_INS = 200;
const server = process.env.DATABASE_URL;
const name = `bench_auth_${crypto.randomBytes(4).toString('hex')}`;
const handle = server
  ? await openDatabase({ databaseUrl: await createDatabase(server, name) })
  : await openDatabase({ pgliteDir: 'memory://' });
const { app } = await buildServer(handle, { logger: false, rateLimit: 1_000_000 });

const time = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

try {
  console.log(
    `bench:auth (${handle.kind === 'postgresql' ? 'PostgreSQL' : 'PGlite'}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'})`,
  );
  console.log(`argon2id : m = ${ARGON2.memoryCost} Kio, t = ${ARGON2.timeCost}, p = ${ARGON2.parallelism}`);
  const stored = await hash(PASSWORD, ARGON2);
  const hashes: number[] = [];
  const checks: number[] = [];
  for (let i = 0; i < 30; i++) {
    hashes.push(await time(() => hash(PASSWORD, ARGON2)));
    checks.push(await time(() => verify(stored, PASSWORD)));
  }
  console.log(`  hachage     : ${summary(hashes)}`);
  console.log(`  vérification : ${summary(checks)}`);

  // Accounts made as an administrator's invitations make them.
  const db = identityDb(handle.db);
  const structureId = await createStructure(db, { name: 'Mission locale du banc d’essai', kind: 'mission_locale', code: 'BANC' });
  const emails: string[] = [];
  for (let i = 0; i < 8; i++) {
    const email = `conseiller-${i}@banc.example`;
    const { link } = await invite(
      db,
      null,
      { email, name: `Conseiller ${i}`, roles: ['conseiller'], structureId },
      { publicUrl: 'http://banc' },
    );
    await acceptInvitation(db, new URL(link).searchParams.get('jeton')!, PASSWORD);
    emails.push(email);
  }

  const signIn = async (app: App, email: string, ip: string): Promise<{ ms: number; cookie: string }> => {
    const token = await app.inject({ method: 'POST', url: '/api/v1/auth/form-token', remoteAddress: ip });
    const visitor = token.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const t = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      remoteAddress: ip,
      headers: { cookie: visitor },
      payload: { email, password: PASSWORD, csrf: token.json().token },
    });
    const ms = performance.now() - t;
    if (res.statusCode !== 200) throw new Error(`connexion refusée : ${res.body}`);
    const session = res.cookies.find((c) => c.name === 'passerelles_session')!;
    return { ms, cookie: `passerelles_session=${session.value}` };
  };

  for (let i = 0; i < 20; i++) await signIn(app, emails[0], '10.0.0.1'); // warm-up
  const one: number[] = [];
  for (let i = 0; i < SIGN_INS; i++) one.push((await signIn(app, emails[i % 8], `10.0.1.${i % 250}`)).ms);
  console.log(`connexion (POST /api/v1/auth/sign-in), une à la fois : ${summary(one)}`);

  const eight: number[] = [];
  const t = performance.now();
  for (let round = 0; round < SIGN_INS / 8; round++) {
    const results = await Promise.all(emails.map((email, k) => signIn(app, email, `10.0.2.${k}`)));
    eight.push(...results.map((r) => r.ms));
  }
  const perSecond = SIGN_INS / ((performance.now() - t) / 1000);
  console.log(`connexion, huit à la fois : ${summary(eight)} ; ${perSecond.toFixed(0)} connexions/s`);

  // A signed-in request: the session is looked up in the database each time.
  const { cookie } = await signIn(app, emails[1], '10.0.3.1');
  const health: number[] = [];
  const account: number[] = [];
  for (let i = 0; i < 300; i++) {
    health.push(await time(() => app.inject({ url: '/api/v1/health', remoteAddress: '10.0.3.1' })));
    account.push(await time(() => app.inject({ url: '/api/v1/account', remoteAddress: '10.0.3.1', headers: { cookie } })));
  }
  console.log(`requête publique (GET /api/v1/health)       : ${summary(health)}`);
  console.log(`requête connectée (GET /api/v1/account)     : ${summary(account)}`);
} finally {
  await app.close();
  await handle.close();
  if (server) await dropDatabase(server, name);
}
