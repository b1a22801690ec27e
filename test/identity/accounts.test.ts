/**
 * Accounts through the API, as a browser uses it: every refusal gives its French answer, and no
 * password, token or session id ever reaches the log.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { createLog } from '../../src/platform/log.ts';
import { buildServer } from '../../src/app/server.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { identityDb } from '../../src/identity/db.ts';
import { LINKS, PASSWORD, Visitor, account, lastMail, linkIn, tokenOf, type TestServer } from './helpers.ts';
import { refusal } from '../helpers/refusal.ts';

const logLines: string[] = [];
let server: TestServer;

before(async () => {
  // The most talkative log, captured: the last test reads it whole.
  const handle = await openTestDatabase();
  const { app, guarded } = await buildServer(handle, {
    logger: createLog({ write: (line: string) => logLines.push(line) }, 'trace'),
    rateLimit: 100_000,
  });
  server = { app, handle, db: identityDb(handle.db), guarded, close: async () => (await app.close(), await handle.close()) };
});
after(() => server?.close());

const WRONG = 'Adresse électronique ou mot de passe incorrect.';
/** Every secret the tests handle, for the log check. */
const secrets = new Set<string>([PASSWORD]);

test('wrong password and unknown account get the same 401 and the same French words', async () => {
  const { email } = await account(server, ['conseiller']);
  const v = new Visitor(server.app);
  const wrong = await v.signIn(email, 'pas le bon mot de passe');
  const unknown = await v.signIn('personne@exemple.fr', 'pas le bon mot de passe');
  for (const res of [wrong, unknown]) {
    assert.equal(res.statusCode, 401);
    assert.deepEqual(refusal(res), { error: WRONG, code: 'identifiants' });
  }
  assert.equal(v.cookies.has('passerelles_session'), false);
  const ok = await v.signIn(email);
  assert.equal(ok.statusCode, 200);
  const cookie = ok.cookies.find((c) => c.name === 'passerelles_session')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');
  secrets.add(cookie.value);
  assert.equal((await v.get('/api/v1/account')).json().email, email);
});

test('a session idle for an hour, past its twelve hours, or closed elsewhere signs out', async () => {
  const { id, email } = await account(server, ['conseiller']);
  const here = new Visitor(server.app);
  const there = new Visitor(server.app, '203.0.113.99');
  await here.signIn(email);
  await there.signIn(email);
  const me = (await here.get('/api/v1/account')).json();
  assert.equal(me.sessions.length, 2);
  const other = me.sessions.find((s: { current: boolean }) => !s.current);
  assert.equal(other.ip, '203.0.113.99');
  // Closed from the other device.
  const closed = await here.submit('/api/v1/account/sessions/close', { session: other.id });
  assert.equal(closed.json().message, 'La session est fermée.');
  const revoked = await there.get('/api/v1/account');
  assert.equal(revoked.statusCode, 401);
  assert.equal(revoked.json().error, 'Connectez-vous pour accéder à cette ressource.');
  // Idle: last seen an hour ago.
  await sql`UPDATE session SET last_seen_at = now() - interval '61 minutes' WHERE account_id = ${id}`.execute(server.db);
  assert.equal((await here.get('/api/v1/account')).statusCode, 401);
  // Absolute: twelve hours after sign-in, even in use.
  await here.signIn(email);
  await sql`UPDATE session SET expires_at = now() - interval '1 second' WHERE account_id = ${id}`.execute(server.db);
  assert.equal((await here.get('/api/v1/account')).statusCode, 401);
});

test('a form without its token, with a used one, or with another browser’s is refused in French', async () => {
  const { email } = await account(server, ['conseiller']);
  const v = new Visitor(server.app);
  const missing = await v.request('POST', '/api/v1/auth/sign-in', { email, password: PASSWORD });
  assert.equal(missing.statusCode, 403);
  assert.deepEqual(refusal(missing), {
    error: 'Jeton de sécurité du formulaire absent : rechargez la page puis envoyez à nouveau le formulaire.',
    code: 'formulaire-expire',
  });
  const token = await v.formToken();
  secrets.add(token);
  assert.equal((await v.request('POST', '/api/v1/auth/sign-in', { email, password: PASSWORD, csrf: token })).statusCode, 200);
  // Replayed: the same token a second time.
  const replayed = await v.request('POST', '/api/v1/auth/sign-out', { csrf: token });
  assert.equal(replayed.statusCode, 403);
  assert.equal(replayed.json().error, 'Ce formulaire a expiré ou a déjà été envoyé : rechargez la page puis recommencez.');
  assert.equal((await v.get('/api/v1/account')).statusCode, 200, 'still signed in');
  // Another browser's token.
  const stranger = new Visitor(server.app, '192.0.2.66');
  const theirs = await stranger.formToken();
  assert.equal((await v.request('POST', '/api/v1/auth/sign-out', { csrf: theirs })).statusCode, 403);
  // Expired.
  const old = await v.formToken();
  await sql`UPDATE form_token SET expires_at = now() - interval '1 second'`.execute(server.db);
  assert.equal((await v.request('POST', '/api/v1/auth/sign-out', { csrf: old })).statusCode, 403);
  // The right one signs out.
  assert.equal((await v.submit('/api/v1/auth/sign-out')).json().message, 'Vous êtes déconnecté(e).');
  assert.equal((await v.get('/api/v1/account')).statusCode, 401);
});

test('a reset link works once, within the hour, and closes every session', async () => {
  const { email } = await account(server, ['candidat']);
  const v = new Visitor(server.app);
  await v.signIn(email);
  const asked = await v.submit('/api/v1/auth/forgot', { email });
  const unknown = await new Visitor(server.app).submit('/api/v1/auth/forgot', { email: 'inconnu@exemple.fr' });
  assert.equal(asked.json().message, unknown.json().message, 'the same answer whether the account exists or not');
  assert.match(asked.json().message, /Si un compte existe avec cette adresse/);
  const mail = (await lastMail(server.db, email))!;
  assert.equal(mail.subject, 'Nouveau mot de passe Passerelles');
  const token = tokenOf(linkIn(mail.body));
  secrets.add(token);
  const weak = await v.submit('/api/v1/auth/reset', { token, password: 'qwerty123456' });
  assert.equal(weak.statusCode, 400);
  assert.match(weak.json().error, /trop courant/);
  const fresh = 'une toute nouvelle phrase secrète';
  secrets.add(fresh);
  const done = await v.submit('/api/v1/auth/reset', { token, password: fresh });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal((await v.get('/api/v1/account')).statusCode, 401, 'the sessions are closed');
  const reused = await v.submit('/api/v1/auth/reset', { token, password: 'encore une autre phrase' });
  assert.equal(reused.statusCode, 400);
  assert.equal(reused.json().error, 'Ce lien a expiré ou a déjà servi : demandez-en un nouveau.');
  assert.equal((await v.signIn(email, fresh)).statusCode, 200);
  // Expired: an hour has passed.
  await v.submit('/api/v1/auth/forgot', { email });
  const late = tokenOf(linkIn((await lastMail(server.db, email))!.body));
  await sql`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE purpose = 'reinitialisation'`.execute(server.db);
  const expired = await v.submit('/api/v1/auth/reset', { token: late, password: 'encore une autre phrase' });
  assert.equal(expired.json().error, 'Ce lien a expiré ou a déjà servi : demandez-en un nouveau.');
});

test('five failures lock the account with back-off, the same for an account that does not exist', async () => {
  const { email } = await account(server, ['employeur']);
  for (const target of [email, 'fantome@exemple.fr']) {
    const v = new Visitor(server.app, `192.0.2.${target.length}`);
    for (let i = 0; i < 5; i++) assert.equal((await v.signIn(target, 'mauvais mot de passe')).statusCode, 401);
    const locked = await v.signIn(target, target === email ? PASSWORD : 'mauvais mot de passe');
    assert.equal(locked.statusCode, 429);
    assert.deepEqual(refusal(locked), { error: 'Trop de tentatives de connexion : réessayez dans 1 minute.', code: 'trop-de-tentatives' });
  }
  // A minute later, one more failure doubles the wait.
  await sql`UPDATE sign_in_failure SET at = at - interval '61 seconds' WHERE subject = ${`compte:${email}`}`.execute(server.db);
  const v = new Visitor(server.app, '192.0.2.200');
  assert.equal((await v.signIn(email, 'mauvais mot de passe')).statusCode, 401);
  assert.match((await v.signIn(email)).json().error, /réessayez dans 2 minutes/);
});

test('TOTP: set up with a first code, then asked at sign-in; a wrong or replayed code is refused', async () => {
  const { email } = await account(server, ['conseiller']);
  const v = new Visitor(server.app);
  await v.signIn(email);
  const setup = (await v.submit('/api/v1/account/totp/start')).json();
  assert.match(setup.uri, /^otpauth:\/\/totp\/Passerelles:/);
  assert.match(setup.qrSvg, /^<svg/);
  secrets.add(setup.secret);
  const totp = new TOTP({ issuer: 'Passerelles', secret: Secret.fromBase32(setup.secret) });
  const bad = await v.submit('/api/v1/account/totp/confirm', { code: '000000' === totp.generate() ? '111111' : '000000' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error, /Code de vérification incorrect/);
  const first = totp.generate({ timestamp: Date.now() - 30_000 });
  assert.equal((await v.submit('/api/v1/account/totp/confirm', { code: first })).statusCode, 200);
  assert.equal((await v.get('/api/v1/account')).json().totp.enabled, true);

  const other = new Visitor(server.app, '203.0.113.50');
  const asked = await other.signIn(email);
  assert.equal(asked.statusCode, 401);
  assert.deepEqual(refusal(asked), {
    error: 'Saisissez le code à 6 chiffres de votre application d’authentification.',
    code: 'totp-requis',
  });
  const replay = await other.signIn(email, PASSWORD, first);
  assert.equal(replay.statusCode, 401);
  assert.equal(replay.json().error, 'Code de vérification incorrect ou déjà utilisé.');
  const now = totp.generate();
  assert.equal((await other.signIn(email, PASSWORD, now)).statusCode, 200);
  assert.equal((await new Visitor(server.app, '203.0.113.51').signIn(email, PASSWORD, now)).statusCode, 401, 'a code serves once');
  // A candidate is not offered TOTP.
  const candidate = new Visitor(server.app, '203.0.113.52');
  await candidate.signIn((await account(server, ['candidat'])).email);
  assert.equal((await candidate.submit('/api/v1/account/totp/start')).statusCode, 403);
});

test('changing the password closes the other sessions and keeps this one', async () => {
  const { email } = await account(server, ['pilotage']);
  const here = new Visitor(server.app);
  const there = new Visitor(server.app, '203.0.113.77');
  await here.signIn(email);
  await there.signIn(email);
  const wrong = await here.submit('/api/v1/account/password', { current: 'pas le bon', password: 'une phrase nouvelle et longue' });
  assert.deepEqual(refusal(wrong), { error: 'Mot de passe actuel incorrect.', field: 'current' });
  const done = await here.submit('/api/v1/account/password', { current: PASSWORD, password: 'une phrase nouvelle et longue' });
  assert.equal(done.statusCode, 200);
  assert.equal((await here.get('/api/v1/account')).statusCode, 200);
  assert.equal((await there.get('/api/v1/account')).statusCode, 401);
});

test('an administrator invites a counsellor; the link sets the password once; the access log says who did it', async () => {
  const admin = await account(server, ['admin']);
  const v = new Visitor(server.app);
  await v.signIn(admin.email);
  const sent = await v.submit('/api/v1/structure/invitations', {
    email: 'Nouvelle.Conseillere@Exemple.fr',
    name: 'Nadia Conseillère',
    role: 'conseiller',
  });
  assert.equal(sent.json().message, 'Invitation envoyée à nouvelle.conseillere@exemple.fr.');
  const again = await v.submit('/api/v1/structure/invitations', {
    email: 'nouvelle.conseillere@exemple.fr',
    name: 'Nadia',
    role: 'conseiller',
  });
  assert.deepEqual(refusal(again), { error: 'Un compte existe déjà avec cette adresse.', field: 'email' });
  const mail = (await lastMail(server.db, 'nouvelle.conseillere@exemple.fr'))!;
  assert.match(mail.subject, /^Invitation à rejoindre Mission locale/);
  const token = tokenOf(linkIn(mail.body));
  secrets.add(token);
  const guest = new Visitor(server.app, '203.0.113.88');
  assert.equal(
    (await guest.signIn('nouvelle.conseillere@exemple.fr', PASSWORD)).statusCode,
    401,
    'no password before the invitation is accepted',
  );
  const accepted = await guest.submit('/api/v1/auth/invitation', { token, password: PASSWORD });
  assert.deepEqual(accepted.json(), { message: 'Votre compte est activé : connectez-vous.', email: 'nouvelle.conseillere@exemple.fr' });
  assert.equal((await guest.submit('/api/v1/auth/invitation', { token, password: PASSWORD })).statusCode, 400);
  assert.equal((await guest.signIn('nouvelle.conseillere@exemple.fr')).statusCode, 200);
  // The administrator lists the structure's accounts: that reading is logged, with the invitation.
  const accounts = (await v.get('/api/v1/structure/accounts')).json();
  assert.deepEqual(accounts.map((a: { email: string }) => a.email).sort(), [admin.email, 'nouvelle.conseillere@exemple.fr'].sort());
  const audit = (await v.get('/api/v1/structure/audit')).json();
  // The newest first: this reading, the counsellor's invitation, the administrator's own by the CLI.
  assert.deepEqual(
    audit.map((e: { action: string; actor: string | null }) => [e.action, e.actor]),
    [
      ['lecture', admin.email],
      ['invitation', admin.email],
      ['invitation', null],
    ],
  );
  assert.equal(audit[0].ip, '203.0.113.7');
  assert.equal(audit[1].purpose, 'gestion des comptes de la structure');
  assert.equal(audit[2].purpose, 'création d’un compte par la ligne de commande');
  // Append-only: the database itself refuses to change it.
  await assert.rejects(sql`UPDATE audit_event SET purpose = 'autre'`.execute(server.db), /le journal des accès ne se modifie pas/);
  await assert.rejects(sql`DELETE FROM audit_event`.execute(server.db), /le journal des accès ne se modifie pas/);
});

test('a person downloads their data, then deletes the account: nothing of it is left but the log’s number', async () => {
  const { id, email } = await account(server, ['candidat']);
  const v = new Visitor(server.app);
  await v.signIn(email);
  const exported = await v.get('/api/v1/account/export');
  assert.equal(exported.headers['content-disposition'], 'attachment; filename="mes-donnees-passerelles.json"');
  const data = exported.json();
  assert.equal(data.identity.compte.email, email);
  assert.equal(data.identity.sessions.length, 1);
  assert.ok(data.identity.courriels.some((m: { subject: string }) => m.subject === 'Confirmez votre adresse sur Passerelles'));
  assert.ok(!JSON.stringify(data).includes('argon2'), 'no password hash in the export');
  assert.equal((await v.submit('/api/v1/account/delete', { password: 'pas le bon' })).statusCode, 400);
  const deleted = await v.submit('/api/v1/account/delete', { password: PASSWORD });
  assert.equal(deleted.json().message, 'Votre compte et vos données sont supprimés.');
  assert.equal((await v.get('/api/v1/account')).statusCode, 401);
  const left = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM account WHERE id = ${id}) + (SELECT count(*) FROM session WHERE account_id = ${id})
      + (SELECT count(*) FROM outbox WHERE recipient = ${email}) AS n`.execute(server.db);
  assert.equal(Number(left.rows[0].n), 0);
  const log = await sql<{
    action: string;
  }>`SELECT action FROM audit_event WHERE subject_type = 'compte' AND subject_id = ${String(id)} ORDER BY id`.execute(server.db);
  assert.deepEqual(
    log.rows.map((r) => r.action),
    ['export', 'suppression'],
  );
});

test('sign-up: weak passwords refused, the same answer for a taken address, no sign-in before the mail’s link', async () => {
  const v = new Visitor(server.app);
  const short = await v.submit('/api/v1/auth/sign-up', { email: 'lea@exemple.fr', name: 'Léa', password: 'court' });
  assert.deepEqual(refusal(short), { error: 'Le mot de passe doit contenir au moins 12 caractères.', field: 'password' });
  const common = await v.submit('/api/v1/auth/sign-up', { email: 'lea@exemple.fr', name: 'Léa', password: '1qaz2wsx3edc' });
  assert.match(common.json().error, /trop courant/);
  const first = await v.submit('/api/v1/auth/sign-up', { email: 'lea@exemple.fr', name: 'Léa', password: PASSWORD });
  const taken = await v.submit('/api/v1/auth/sign-up', { email: 'lea@exemple.fr', name: 'Autre', password: PASSWORD });
  assert.equal(first.json().message, taken.json().message);
  assert.equal((await v.signIn('lea@exemple.fr')).json().error, WRONG, 'not before the address is confirmed');
  const token = tokenOf(linkIn((await lastMail(server.db, 'lea@exemple.fr'))!.body));
  secrets.add(token);
  assert.equal((await v.request('POST', '/api/v1/auth/verify', { token })).statusCode, 200);
  assert.equal((await v.signIn('lea@exemple.fr')).statusCode, 200);
});

test('the log never holds a password, a token, a session id or a TOTP secret', async () => {
  // A page address with a mail's token is logged masked.
  await server.app.inject({ url: '/invitation?jeton=jeton-dans-une-adresse-0123456789', remoteAddress: '192.0.2.9' });
  secrets.add('jeton-dans-une-adresse-0123456789');
  const log = logLines.join('');
  assert.ok(log.includes('"url":"/invitation?jeton=***"'), 'the request is logged, its token masked');
  assert.ok(log.length > 10_000, `le journal capturé est presque vide (${log.length} caractères)`);
  for (const secret of secrets) assert.ok(!log.includes(secret), `secret dans le journal : ${secret.slice(0, 6)}…`);
  assert.ok(!log.includes('passerelles_session='), 'no cookie header in the log');
});

test('the outbox page is for this machine only: from elsewhere it does not exist', async () => {
  const here = await server.app.inject({ url: '/api/v1/dev/outbox', remoteAddress: '127.0.0.1' });
  assert.equal(here.statusCode, 200);
  assert.ok(Array.isArray(here.json()));
  const elsewhere = await server.app.inject({ url: '/api/v1/dev/outbox', remoteAddress: '203.0.113.5' });
  assert.equal(elsewhere.statusCode, 404);
});
