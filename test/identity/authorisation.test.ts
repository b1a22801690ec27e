/**
 * Who may call what: every /api route that is not public, for every role and for a visitor not
 * signed in. A route added without its line here fails the first test; a rule changed without
 * changing its line fails the second.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_DENIED, SIGN_IN_REQUIRED } from '../../src/platform/http/access.ts';
import { ROLES } from '../../src/common/roles.ts';
import { account, startServer, Visitor, type TestServer } from './helpers.ts';

const WHO = ['anonyme', ...ROLES] as const;
type Outcome = 'ok' | 401 | 403;
const o = 'ok' as const;

// biome-ignore format: one column per caller, as in the header line
const TABLE: Record<string, Outcome[]> = {
  //                                     anonyme candidat employeur cfa conseiller superviseur pilotage moderateur admin
  'POST /api/auth/sign-out':            [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'GET /api/account':                   [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'POST /api/account/password':         [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'POST /api/account/sessions/close':   [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'GET /api/account/export':            [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'POST /api/account/delete':           [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'POST /api/account/totp/start':       [401,    403,     403,      403, o,        o,          o,       403,       o],
  'POST /api/account/totp/confirm':     [401,    403,     403,      403, o,        o,          o,       403,       o],
  'POST /api/account/totp/disable':     [401,    403,     403,      403, o,        o,          o,       403,       o],
  'GET /api/structure/accounts':        [401,    403,     403,      403, 403,      o,          403,     403,       o],
  'POST /api/structure/invitations':    [401,    403,     403,      403, 403,      403,        403,     403,       o],
  'GET /api/structure/audit':           [401,    403,     403,      403, 403,      403,        403,     403,       o],
  // Partners' API keys: the structure's administrator only (a key never manages keys: test/identity/api-keys.test.ts).
  'GET /api/structure/keys':            [401,    403,     403,      403, 403,      403,        403,     403,       o],
  'POST /api/structure/keys':           [401,    403,     403,      403, 403,      403,        403,     403,       o],
  'POST /api/structure/keys/:id/revoke':[401,    403,     403,      403, 403,      403,        403,     403,       o],
  // Agenda: a CFA or the Région enters its structure's events, a moderator unpublishes any; whose
  // event it is (another structure's, an imported one) is checked by test/agenda/api.test.ts.
  'GET /api/agenda/mine':                             [401, 403, 403, o,   403, 403, o,   403, 403],
  'POST /api/agenda/events':                          [401, 403, 403, o,   403, 403, o,   403, 403],
  'POST /api/agenda/events/:id':                      [401, 403, 403, o,   403, 403, o,   403, 403],
  'POST /api/agenda/events/:id/cancel':               [401, 403, 403, o,   403, 403, o,   403, 403],
  'POST /api/agenda/events/:id/unpublish':            [401, 403, 403, 403, 403, 403, 403, o,   403],
  // Recruitment: who may call; whose record it is (another structure's offer, another candidate's
  // application) is checked by test/recruitment/recruitment.test.ts.
  'POST /api/recruitment/offers':                     [401, 403, o,   o,   403, 403, 403, 403, 403],
  'POST /api/recruitment/offers/:id':                 [401, 403, o,   o,   403, 403, 403, 403, 403],
  'GET /api/recruitment/my-offers':                   [401, 403, o,   o,   403, 403, 403, 403, 403],
  'GET /api/recruitment/my-offers/:id':               [401, 403, o,   o,   403, 403, 403, 403, 403],
  'POST /api/recruitment/offers/:id/applications':    [401, o,   403, 403, 403, 403, 403, 403, 403],
  'GET /api/recruitment/my-applications':             [401, o,   403, 403, 403, 403, 403, 403, 403],
  'GET /api/recruitment/applications/:id':            [401, o,   o,   o,   o,   o,   o,   o,   o],
  'GET /api/recruitment/applications/:id/cv':         [401, o,   o,   o,   o,   o,   o,   o,   o],
  'POST /api/recruitment/applications/:id':           [401, 403, o,   o,   403, 403, 403, 403, 403],
  'GET /api/recruitment/profile':                     [401, o,   403, 403, 403, 403, 403, 403, 403],
  'POST /api/recruitment/profile':                    [401, o,   403, 403, 403, 403, 403, 403, 403],
  'GET /api/recruitment/profile/cv':                  [401, o,   403, 403, 403, 403, 403, 403, 403],
  'GET /api/recruitment/candidates':                  [401, 403, o,   o,   403, 403, 403, 403, 403],
  'GET /api/recruitment/candidates/:id':              [401, 403, o,   o,   403, 403, 403, 403, 403],
  'POST /api/recruitment/offers/:id/reports':         [401, o,   o,   o,   o,   o,   o,   o,   o],
  'GET /api/recruitment/moderation':                  [401, 403, 403, 403, 403, 403, 403, o,   403],
  'POST /api/recruitment/moderation/:id':             [401, 403, 403, 403, 403, 403, 403, o,   403],
  // Counselling: counsellors only; another structure's records answer 404 (test/counselling/counselling.test.ts).
  'GET /api/counselling/beneficiaries':               [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/beneficiaries':              [401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/counselling/beneficiaries/:id':           [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/beneficiaries/:id':          [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/beneficiaries/:id/profile':  [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/beneficiaries/:id/simulations':[401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/counselling/simulations/:id':             [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/beneficiaries/:id/steps':    [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/steps/:id':                  [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/beneficiaries/:id/links':    [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/links/:id/revoke':           [401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/counselling/beneficiaries/:id/export':    [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/beneficiaries/:id/erase':    [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/beneficiaries/:id/referrals':[401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/counselling/referrals':                   [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/counselling/referrals/:id':              [401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/counselling/structure':                   [401, 403, 403, 403, 403, o,   403, 403, 403],
  // Steering, territory builder: the Région's saved divisions (checking one is public, below).
  'GET /api/steering/divisions':                      [401, 403, 403, 403, 403, 403, o,   403, 403],
  'POST /api/steering/divisions':                     [401, 403, 403, 403, 403, 403, o,   403, 403],
  'GET /api/steering/divisions/:id':                  [401, 403, 403, 403, 403, 403, o,   403, 403],
  'GET /api/steering/divisions/:id/geojson':          [401, 403, 403, 403, 403, 403, o,   403, 403],
  // Steering, coverage: the counselling points, edited by steering and administrator accounts.
  'POST /api/steering/points':                        [401, 403, 403, 403, 403, 403, o,   403, o],
  'POST /api/steering/points/:id/remove':             [401, 403, 403, 403, 403, 403, o,   403, o],
  'POST /api/steering/points/import':                 [401, 403, 403, 403, 403, 403, o,   403, o],
  // Exchange, partner push: training bodies (CFA), the Région's Carif-Oref (pilotage) and structure
  // administrators, or a key with push:offers; whose source it is: test/exchange/push.test.ts.
  'GET /api/v1/sources':                              [401, 403, 403, o,   403, 403, o,   403, o],
  'PUT /api/v1/sources/:source/offers':               [401, 403, 403, o,   403, 403, o,   403, o],
  'POST /api/v1/sources/:source/offers':              [401, 403, 403, o,   403, 403, o,   403, o],
  'POST /api/v1/sources/:source/upload':              [401, 403, 403, o,   403, 403, o,   403, o],
  'GET /api/v1/sources/:source/pushes':               [401, 403, 403, o,   403, 403, o,   403, o],
  'GET /api/v1/sources/:source/pushes/:id':           [401, 403, 403, o,   403, 403, o,   403, o],
};

/** The public routes, named too: a new route is never public by accident. */
const PUBLIC = [
  'GET /api/health',
  'GET /api/sources',
  'POST /api/auth/form-token',
  'POST /api/auth/sign-up',
  'POST /api/auth/verify',
  'POST /api/auth/sign-in',
  'POST /api/auth/forgot',
  'POST /api/auth/reset',
  'POST /api/auth/invitation',
  'GET /api/dev/outbox',
  'GET /api/territories/communes',
  'GET /api/territories/search',
  'GET /api/territories/shapes',
  'GET /api/territories/:level/:code/portrait',
  'GET /api/occupations',
  'GET /api/occupations/:code',
  'GET /api/occupations/:code/territory/:level/:territoryCode',
  'GET /api/occupations/:code/transitions',
  'GET /api/occupations/:code/skills',
  'GET /api/skills',
  'GET /api/trainings',
  'GET /api/trainings/dictionaries',
  'GET /api/trainings/export.lheo',
  'GET /api/trainings/places',
  'GET /api/trainings/offers/:source/:numero',
  'GET /api/trainings/offers/:source/:numero/certifications',
  'GET /api/trainings/offers/:source/:numero/places',
  'POST /api/transitions',
  'POST /api/pathways',
  'GET /api/apprenticeship/pay',
  'GET /api/apprenticeship/cfa',
  'GET /api/apprenticeship/cfa/:uai',
  'GET /api/apprenticeship/trainings',
  'GET /api/apprenticeship/map',
  'GET /api/agenda/events',
  'GET /api/agenda/events/:id',
  'GET /api/agenda/events/:id.ics',
  'GET /api/agenda/places',
  'GET /api/agenda/export.ics',
  'GET /api/recruitment/offers',
  'GET /api/recruitment/offers/:id',
  'GET /api/recruitment/appellations',
  'GET /api/counselling/shared/:token',
  'POST /api/steering/territories/check',
  'GET /api/steering/territories/clpe',
  'GET /api/steering/territories/epci',
  'GET /api/steering/coverage',
  'GET /api/steering/coverage/map',
  'GET /api/steering/points',
  'GET /api/steering/indicators',
  'GET /api/steering/indicators/:level',
  'GET /api/steering/review',
  'GET /api/steering/needs',
  'GET /api/steering/report/:level/:code.pdf',
  'GET /api/steering/open-data/indicators.csv',
  'GET /api/steering/open-data/indicators.json',
  'GET /api/steering/open-data/indicators.geojson',
  'GET /api/v1/changes',
  'GET /api/v1/offers',
];

let server: TestServer;
const visitors = new Map<string, Visitor>();

before(async () => {
  server = await startServer();
  visitors.set('anonyme', new Visitor(server.app));
  for (const role of ROLES) {
    const { email } = await account(server, [role]);
    const v = new Visitor(server.app, `198.51.100.${visitors.size}`);
    const res = await v.signIn(email);
    assert.equal(res.statusCode, 200, `${role} : ${res.body}`);
    visitors.set(role, v);
  }
});
after(() => server?.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

test('every route under guard has its line: the protected ones in the table, the others named public', () => {
  const protectedRoutes = server.guarded
    .filter((r) => r.access !== 'public')
    .map(key)
    .sort();
  assert.deepEqual(protectedRoutes, Object.keys(TABLE).sort(), 'routes protégées sans ligne dans la table (ou lignes sans route)');
  const publicRoutes = server.guarded
    .filter((r) => r.access === 'public')
    .map(key)
    .sort();
  assert.deepEqual(publicRoutes, [...PUBLIC].sort(), 'routes publiques non déclarées dans ce test');
});

test('each role gets what its line says on every protected route, signed out gets 401', async () => {
  for (const [route, outcomes] of Object.entries(TABLE)) {
    const [method, url] = route.split(' ') as ['GET' | 'POST', string];
    for (const [i, who] of WHO.entries()) {
      // An empty body: a caller let through meets the form-token or validation check, never a change.
      const res = await visitors.get(who)!.request(method, url, method === 'POST' ? {} : undefined);
      const code = String(res.headers['content-type']).includes('json') ? res.json().code : undefined;
      const refused = code === SIGN_IN_REQUIRED || code === ACCESS_DENIED;
      const got: Outcome = refused ? (res.statusCode as 401 | 403) : 'ok';
      assert.equal(got, outcomes[i], `${route} pour ${who} : ${res.statusCode} ${res.body}`);
      if (refused) assert.match(res.json().error, /^(Connectez-vous|Votre compte n’a pas accès)/);
    }
  }
});

test('a route that declares no rule refuses everyone, the administrator too', async () => {
  const { buildServer } = await import('../../src/app/server.ts');
  const { openTestDatabase } = await import('../helpers/db.ts');
  const handle = await openTestDatabase();
  const { app } = await buildServer(handle, { logger: false });
  try {
    app.get('/api/oubli', async () => ({ secret: true }));
    const res = await app.inject('/api/oubli');
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, ACCESS_DENIED);
  } finally {
    await app.close();
    await handle.close();
  }
});
