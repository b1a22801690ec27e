import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import type { ApiScope } from '../common/api-scopes.ts';
import { identityDb } from './db.ts';
import { apiKeyRoutes as routes } from './keys-contract.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './keys.ts';
import { spendFormToken } from './form-tokens.ts';

/** The structure's keys: list, creation (the secret once), revocation; forms spend their one-time token. */
export function registerApiKeyRoutes(app: App, ctx: ServeContext): void {
  const db = identityDb(ctx.handle.db);

  app.get(routes.list.url, routeOptions(routes.list), async (request) => {
    const rows = await listApiKeys(db, request.principal!);
    return rows.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      scopes: k.scopes as ApiScope[],
      quotaPerDay: k.quota_per_day,
      ratePerMinute: k.rate_per_minute,
      createdAt: k.created_at.toISOString(),
      createdBy: k.created_by,
      revokedAt: k.revoked_at?.toISOString() ?? null,
      lastUsedAt: k.last_used_at?.toISOString() ?? null,
      usage: { today: k.today, last30Days: k.last30 },
    }));
  });

  app.post(routes.create.url, routeOptions(routes.create), async (request, reply) => {
    const me = request.principal!;
    await spendFormToken(db, request.body.csrf, me.sessionKey);
    const key = await createApiKey(db, me, request.body, request.ip);
    reply.header('cache-control', 'no-store');
    return {
      id: key.id,
      secret: key.secret,
      prefix: key.prefix,
      message: `Clé « ${key.name} » créée. Copiez-la maintenant : elle ne sera plus jamais affichée (seul son début, ${key.prefix}…, restera visible).`,
    };
  });

  app.post(routes.revoke.url, routeOptions(routes.revoke), async (request) => {
    const me = request.principal!;
    await spendFormToken(db, request.body.csrf, me.sessionKey);
    const key = await revokeApiKey(db, me, request.params.id, request.ip);
    return { message: `La clé « ${key.name} » (${key.prefix}…) est révoquée : elle est refusée dès maintenant.` };
  });
}
