import type { FastifyReply, FastifyRequest } from 'fastify';
// request.cookies and reply.setCookie: @fastify/cookie is registered by the app for every route.
import type {} from '@fastify/cookie';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { readConfig } from '../platform/config.ts';
import { identityDb } from './db.ts';
import { identityRoutes as routes } from './contract.ts';
import {
  LockedError,
  SignInError,
  acceptInvitation,
  changePassword,
  confirmTotp,
  deleteAccount,
  disableTotp,
  invite,
  myAccount,
  requestReset,
  resetPassword,
  signIn,
  signUp,
  startTotp,
  structureAccounts,
  verifyEmail,
} from './accounts.ts';
import { FormTokenError, VISITOR_COOKIE, FORM_TOKEN_MS, issueFormToken, spendFormToken } from './form-tokens.ts';
import { SESSION_COOKIE, closeSession, listSessions, sessionPrincipal } from './sessions.ts';
import { keyOf, newSecret } from './secrets.ts';
import { listAudit, recordAccess } from './audit.ts';
import { listOutbox, sendOutboxEvery } from './mail.ts';
import { TOTP_ROLES, type Role } from '../common/roles.ts';
import { problem } from '../platform/http/problem.ts';

/** Refusals of this capability as HTTP answers: `{ error, code }` in French. */
function refusal(reply: FastifyReply, error: unknown) {
  if (error instanceof FormTokenError) return reply.status(403).send(problem(403, error.message, { code: error.code }));
  if (error instanceof SignInError) return reply.status(401).send(problem(401, error.message, { code: error.code }));
  if (error instanceof LockedError) return reply.status(429).send(problem(429, error.message, { code: 'trop-de-tentatives' }));
  throw error;
}

const COOKIE = { httpOnly: true, sameSite: 'lax', path: '/' } as const;

export async function registerIdentityRoutes(app: App, ctx: ServeContext): Promise<void> {
  const db = identityDb(ctx.handle.db);
  const config = readConfig();
  const links = { publicUrl: config.publicUrl };
  const secure = (request: FastifyRequest) => request.protocol === 'https';
  const client = (request: FastifyRequest) => ({ ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') });

  /** What a form token is bound to: the session if one is open, else the visitor cookie. */
  const binding = async (request: FastifyRequest): Promise<string | undefined> => {
    const principal = request.principal ?? (await sessionPrincipal(db, request.cookies[SESSION_COOKIE]));
    if (principal) return principal.sessionKey;
    const visitor = request.cookies[VISITOR_COOKIE];
    return visitor && visitor.length <= 100 ? keyOf(visitor) : undefined;
  };
  const spend = async (request: FastifyRequest, csrf: string | undefined) => spendFormToken(db, csrf, await binding(request));

  app.post(routes.formToken.url, routeOptions(routes.formToken), async (request, reply) => {
    let bound = await binding(request);
    if (!bound) {
      const visitor = newSecret();
      reply.setCookie(VISITOR_COOKIE, visitor.value, { ...COOKIE, secure: secure(request), maxAge: FORM_TOKEN_MS / 1000 });
      bound = visitor.key;
    }
    return { token: await issueFormToken(db, bound) };
  });

  app.post(routes.signUp.url, routeOptions(routes.signUp), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      return await signUp(db, request.body, links, request.ip);
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post(routes.verify.url, routeOptions(routes.verify), async (request) => {
    await verifyEmail(db, request.body.token);
    return { message: 'Votre adresse est confirmée : vous pouvez vous connecter.' };
  });

  app.post(routes.signIn.url, routeOptions(routes.signIn), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      const session = await signIn(db, request.body, client(request));
      reply.setCookie(SESSION_COOKIE, session.value, { ...COOKIE, secure: secure(request), expires: session.expiresAt });
      reply.clearCookie(VISITOR_COOKIE, COOKIE);
      return { name: session.name, roles: session.roles };
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post(routes.signOut.url, routeOptions(routes.signOut), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
    } catch (error) {
      return refusal(reply, error);
    }
    await closeSession(db, request.principal!.accountId, request.principal!.sessionKey);
    reply.clearCookie(SESSION_COOKIE, COOKIE);
    return { message: 'Vous êtes déconnecté(e).' };
  });

  app.post(routes.forgot.url, routeOptions(routes.forgot), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      return await requestReset(db, request.body.email, links, request.ip);
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post(routes.reset.url, routeOptions(routes.reset), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      await resetPassword(db, request.body.token, request.body.password);
      return { message: 'Votre mot de passe est changé : connectez-vous avec le nouveau. Vos autres sessions sont fermées.' };
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post(routes.acceptInvitation.url, routeOptions(routes.acceptInvitation), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      const { email } = await acceptInvitation(db, request.body.token, request.body.password);
      return { message: 'Votre compte est activé : connectez-vous.', email };
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.get(routes.me.url, routeOptions(routes.me), async (request) => {
    const me = request.principal!;
    const a = await myAccount(db, me);
    const sessions = await listSessions(db, me.accountId);
    return {
      email: a.email,
      name: a.display_name,
      roles: a.roles as Role[],
      structure: a.structure,
      totp: { enabled: a.totp_enabled_at !== null, offered: me.roles.some((r) => (TOTP_ROLES as readonly string[]).includes(r)) },
      sessions: sessions.map((s) => ({
        id: s.key,
        current: s.key === me.sessionKey,
        createdAt: s.created_at.toISOString(),
        lastSeenAt: s.last_seen_at.toISOString(),
        ip: s.ip,
        userAgent: s.user_agent,
      })),
    };
  });

  app.post(routes.changePassword.url, routeOptions(routes.changePassword), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      await changePassword(db, request.principal!, request.body.current, request.body.password);
      return { message: 'Votre mot de passe est changé. Vos autres sessions sont fermées.' };
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post(routes.closeSession.url, routeOptions(routes.closeSession), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
    } catch (error) {
      return refusal(reply, error);
    }
    if (!(await closeSession(db, request.principal!.accountId, request.body.session))) {
      return reply.status(404).send(problem(404, 'Session introuvable : elle est peut-être déjà fermée.', { field: 'session' }));
    }
    return { message: 'La session est fermée.' };
  });

  app.get(routes.exportData.url, routeOptions(routes.exportData), async (request, reply) => {
    const me = request.principal!;
    const data = await ctx.exportPersonalData(me.accountId);
    await recordAccess(db, {
      actor: me,
      action: 'export',
      subjectType: 'compte',
      subjectId: me.accountId,
      purpose: 'droit d’accès (RGPD)',
      ip: request.ip,
    });
    reply.header('content-disposition', 'attachment; filename="mes-donnees-passerelles.json"');
    reply.header('cache-control', 'no-store');
    return data;
  });

  app.post(routes.deleteAccount.url, routeOptions(routes.deleteAccount), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      await deleteAccount(db, request.principal!, request.body.password, request.ip);
    } catch (error) {
      return refusal(reply, error);
    }
    reply.clearCookie(SESSION_COOKIE, COOKIE);
    return { message: 'Votre compte et vos données sont supprimés.' };
  });

  app.post(routes.totpStart.url, routeOptions(routes.totpStart), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      return await startTotp(db, request.principal!);
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post(routes.totpConfirm.url, routeOptions(routes.totpConfirm), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      await confirmTotp(db, request.principal!, request.body.code);
      return { message: 'La double authentification est activée : un code vous sera demandé à chaque connexion.' };
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post(routes.totpDisable.url, routeOptions(routes.totpDisable), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      await disableTotp(db, request.principal!, request.body.password);
      return { message: 'La double authentification est désactivée.' };
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.get(routes.structureAccounts.url, routeOptions(routes.structureAccounts), async (request) => {
    const rows = await structureAccounts(db, request.principal!, request.ip);
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.display_name,
      roles: r.roles as Role[],
      pending: r.email_verified_at === null,
      totp: r.totp_enabled_at !== null,
      lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
    }));
  });

  app.post(routes.invite.url, routeOptions(routes.invite), async (request, reply) => {
    try {
      await spend(request, request.body.csrf);
      const { email, name, role } = request.body;
      await invite(db, request.principal!, { email, name, roles: [role], structureId: null }, links, request.ip);
      return { message: `Invitation envoyée à ${request.body.email.trim().toLowerCase()}.` };
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.get(routes.audit.url, routeOptions(routes.audit), async (request) => {
    const me = request.principal!;
    const rows = await listAudit(db, { structureId: me.structureId ?? -1, limit: request.query.limit });
    return rows.map((r) => ({
      at: r.at.toISOString(),
      actor: r.actor_email ?? (r.actor_account_id === null ? null : `compte n° ${r.actor_account_id}`),
      action: r.action,
      subject: `${r.subject_type} ${r.subject_id}`,
      purpose: r.purpose,
      ip: r.ip,
    }));
  });

  if (config.smtpUrl) {
    const stop = sendOutboxEvery(db, config.smtpUrl, config.mailFrom);
    app.addHook('onClose', async () => stop());
  } else if (config.nodeEnv === 'production') {
    app.log.warn('SMTP_URL n’est pas défini : les courriels (invitations, mots de passe oubliés) restent dans la boîte d’envoi');
  }
  // Outside production and without a mail transport, what would have been sent can be read here,
  // from this machine only: the mails hold sign-in links, should NODE_ENV be forgotten on a server.
  if (config.nodeEnv !== 'production' && !config.smtpUrl) {
    app.get(routes.outbox.url, routeOptions(routes.outbox), async (request, reply) => {
      if (!LOOPBACK.has(request.ip)) return reply.status(404).send(problem(404, 'Ressource inconnue : /api/v1/dev/outbox'));
      return (await listOutbox(db)).map((m) => ({
        id: m.id,
        to: m.recipient,
        subject: m.subject,
        body: m.body,
        createdAt: m.created_at.toISOString(),
        sentAt: m.sent_at?.toISOString() ?? null,
      }));
    });
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
