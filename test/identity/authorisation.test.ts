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
  'POST /api/v1/auth/sign-out':            [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'GET /api/v1/account':                   [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'POST /api/v1/account/password':         [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'POST /api/v1/account/sessions/close':   [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'GET /api/v1/account/export':            [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'POST /api/v1/account/delete':           [401,    o,       o,        o,  o,         o,          o,       o,         o],
  'POST /api/v1/account/totp/start':       [401,    403,     403,      403, o,        o,          o,       403,       o],
  'POST /api/v1/account/totp/confirm':     [401,    403,     403,      403, o,        o,          o,       403,       o],
  'POST /api/v1/account/totp/disable':     [401,    403,     403,      403, o,        o,          o,       403,       o],
  'GET /api/v1/structure/accounts':        [401,    403,     403,      403, 403,      o,          403,     403,       o],
  'POST /api/v1/structure/invitations':    [401,    403,     403,      403, 403,      403,        403,     403,       o],
  'GET /api/v1/structure/audit':           [401,    403,     403,      403, 403,      403,        403,     403,       o],
  // Partners' API keys: the structure's administrator only (a key never manages keys: test/identity/api-keys.test.ts).
  'GET /api/v1/structure/keys':            [401,    403,     403,      403, 403,      403,        403,     403,       o],
  'POST /api/v1/structure/keys':           [401,    403,     403,      403, 403,      403,        403,     403,       o],
  'POST /api/v1/structure/keys/:id/revoke':[401,    403,     403,      403, 403,      403,        403,     403,       o],
  // Agenda: a CFA or the Région enters its structure's events, a moderator unpublishes any; whose
  // event it is (another structure's, an imported one) is checked by test/agenda/api.test.ts.
  'GET /api/v1/agenda/mine':                             [401, 403, 403, o,   403, 403, o,   403, 403],
  'POST /api/v1/agenda/events':                          [401, 403, 403, o,   403, 403, o,   403, 403],
  'POST /api/v1/agenda/events/:id':                      [401, 403, 403, o,   403, 403, o,   403, 403],
  'POST /api/v1/agenda/events/:id/cancel':               [401, 403, 403, o,   403, 403, o,   403, 403],
  'POST /api/v1/agenda/events/:id/unpublish':            [401, 403, 403, 403, 403, 403, 403, o,   403],
  // Recruitment: who may call; whose record it is (another structure's offer, another candidate's
  // application) is checked by test/recruitment/recruitment.test.ts.
  'POST /api/v1/recruitment/offers':                     [401, 403, o,   o,   403, 403, 403, 403, 403],
  'POST /api/v1/recruitment/offers/:id':                 [401, 403, o,   o,   403, 403, 403, 403, 403],
  'GET /api/v1/recruitment/my-offers':                   [401, 403, o,   o,   403, 403, 403, 403, 403],
  'GET /api/v1/recruitment/my-offers/:id':               [401, 403, o,   o,   403, 403, 403, 403, 403],
  'POST /api/v1/recruitment/offers/:id/applications':    [401, o,   403, 403, 403, 403, 403, 403, 403],
  'GET /api/v1/recruitment/my-applications':             [401, o,   403, 403, 403, 403, 403, 403, 403],
  'GET /api/v1/recruitment/applications/:id':            [401, o,   o,   o,   o,   o,   o,   o,   o],
  'GET /api/v1/recruitment/applications/:id/cv':         [401, o,   o,   o,   o,   o,   o,   o,   o],
  'POST /api/v1/recruitment/applications/:id':           [401, 403, o,   o,   403, 403, 403, 403, 403],
  'GET /api/v1/recruitment/profile':                     [401, o,   403, 403, 403, 403, 403, 403, 403],
  'POST /api/v1/recruitment/profile':                    [401, o,   403, 403, 403, 403, 403, 403, 403],
  'GET /api/v1/recruitment/profile/cv':                  [401, o,   403, 403, 403, 403, 403, 403, 403],
  'GET /api/v1/recruitment/candidates':                  [401, 403, o,   o,   403, 403, 403, 403, 403],
  'GET /api/v1/recruitment/candidates/:id':              [401, 403, o,   o,   403, 403, 403, 403, 403],
  'POST /api/v1/recruitment/offers/:id/reports':         [401, o,   o,   o,   o,   o,   o,   o,   o],
  'GET /api/v1/recruitment/moderation':                  [401, 403, 403, 403, 403, 403, 403, o,   403],
  'POST /api/v1/recruitment/moderation/:id':             [401, 403, 403, 403, 403, 403, 403, o,   403],
  // Counselling: counsellors only; another structure's records answer 404 (test/counselling/counselling.test.ts).
  'GET /api/v1/counselling/beneficiaries':               [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/beneficiaries':              [401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/v1/counselling/beneficiaries/:id':           [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/beneficiaries/:id':          [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/beneficiaries/:id/profile':  [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/beneficiaries/:id/simulations':[401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/v1/counselling/simulations/:id':             [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/beneficiaries/:id/steps':    [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/steps/:id':                  [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/beneficiaries/:id/links':    [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/links/:id/revoke':           [401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/v1/counselling/beneficiaries/:id/export':    [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/beneficiaries/:id/erase':    [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/beneficiaries/:id/referrals':[401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/v1/counselling/referrals':                   [401, 403, 403, 403, o,   403, 403, 403, 403],
  'POST /api/v1/counselling/referrals/:id':              [401, 403, 403, 403, o,   403, 403, 403, 403],
  'GET /api/v1/counselling/structure':                   [401, 403, 403, 403, 403, o,   403, 403, 403],
  // Steering, territory builder: the Région's saved divisions (checking one is public, below).
  'GET /api/v1/steering/divisions':                      [401, 403, 403, 403, 403, 403, o,   403, 403],
  'POST /api/v1/steering/divisions':                     [401, 403, 403, 403, 403, 403, o,   403, 403],
  'GET /api/v1/steering/divisions/:id':                  [401, 403, 403, 403, 403, 403, o,   403, 403],
  'GET /api/v1/steering/divisions/:id/geojson':          [401, 403, 403, 403, 403, 403, o,   403, 403],
  // Steering, coverage: the counselling points, edited by steering and administrator accounts.
  'POST /api/v1/steering/points':                        [401, 403, 403, 403, 403, 403, o,   403, o],
  'POST /api/v1/steering/points/:id/remove':             [401, 403, 403, 403, 403, 403, o,   403, o],
  'POST /api/v1/steering/points/import':                 [401, 403, 403, 403, 403, 403, o,   403, o],
  // Exchange, partner push: training bodies (CFA), the Région's Carif-Oref (pilotage) and structure
  // administrators, or a key with push:offers; whose source it is: test/exchange/push.test.ts.
  'GET /api/v1/structure/sources':                      [401, 403, 403, o,   403, 403, o,   403, o],
  'PUT /api/v1/sources/:source/offers':               [401, 403, 403, o,   403, 403, o,   403, o],
  'POST /api/v1/sources/:source/offers':              [401, 403, 403, o,   403, 403, o,   403, o],
  'POST /api/v1/sources/:source/upload':              [401, 403, 403, o,   403, 403, o,   403, o],
  'GET /api/v1/sources/:source/pushes':               [401, 403, 403, o,   403, 403, o,   403, o],
  'GET /api/v1/sources/:source/pushes/:id':           [401, 403, 403, o,   403, 403, o,   403, o],
  // Partner push of agenda events: the same people, or a key with push:events (test/exchange/push-events.test.ts).
  'PUT /api/v1/sources/:source/events':               [401, 403, 403, o,   403, 403, o,   403, o],
  'POST /api/v1/sources/:source/events':              [401, 403, 403, o,   403, 403, o,   403, o],
  'GET /api/v1/sources/:source/event-pushes':         [401, 403, 403, o,   403, 403, o,   403, o],
  'GET /api/v1/sources/:source/event-pushes/:id':     [401, 403, 403, o,   403, 403, o,   403, o],
};

/** The public routes, named too: a new route is never public by accident. */
const PUBLIC = [
  'GET /api/v1/health',
  'GET /api/v1/health/live',
  'GET /api/v1/health/ready',
  'GET /api/v1/sources',
  'POST /api/v1/auth/form-token',
  'POST /api/v1/auth/sign-up',
  'POST /api/v1/auth/verify',
  'POST /api/v1/auth/sign-in',
  'POST /api/v1/auth/forgot',
  'POST /api/v1/auth/reset',
  'POST /api/v1/auth/invitation',
  'GET /api/v1/dev/outbox',
  'GET /api/v1/territories/communes',
  'GET /api/v1/territories/search',
  'GET /api/v1/territories/shapes',
  'GET /api/v1/territories/:level/:code/portrait',
  'GET /api/v1/occupations',
  'GET /api/v1/occupations/:code',
  'GET /api/v1/occupations/:code/territory/:level/:territoryCode',
  'GET /api/v1/occupations/:code/transitions',
  'GET /api/v1/occupations/:code/skills',
  'GET /api/v1/skills',
  'GET /api/v1/trainings',
  'GET /api/v1/trainings/dictionaries',
  'GET /api/v1/trainings/export.lheo',
  'GET /api/v1/trainings/places',
  'GET /api/v1/trainings/offers/:source/:numero',
  'GET /api/v1/trainings/offers/:source/:numero/certifications',
  'GET /api/v1/trainings/offers/:source/:numero/places',
  'POST /api/v1/transitions',
  'POST /api/v1/pathways',
  'GET /api/v1/apprenticeship/pay',
  'GET /api/v1/apprenticeship/cfa',
  'GET /api/v1/apprenticeship/cfa/:uai',
  'GET /api/v1/apprenticeship/trainings',
  'GET /api/v1/apprenticeship/map',
  'GET /api/v1/agenda/events',
  'GET /api/v1/agenda/events/:id',
  'GET /api/v1/agenda/events/:id.ics',
  'GET /api/v1/agenda/places',
  'GET /api/v1/agenda/export.ics',
  'GET /api/v1/recruitment/offers',
  'GET /api/v1/recruitment/offers/:id',
  'GET /api/v1/recruitment/appellations',
  'GET /api/v1/counselling/shared/:token',
  'POST /api/v1/steering/territories/check',
  'GET /api/v1/steering/territories/clpe',
  'GET /api/v1/steering/territories/epci',
  'GET /api/v1/steering/coverage',
  'GET /api/v1/steering/coverage/map',
  'GET /api/v1/steering/points',
  'GET /api/v1/steering/indicators',
  'GET /api/v1/steering/indicators/:level',
  'GET /api/v1/steering/review',
  'GET /api/v1/steering/needs',
  'GET /api/v1/steering/report/:level/:code.pdf',
  'GET /api/v1/steering/open-data/indicators.csv',
  'GET /api/v1/steering/open-data/indicators.json',
  'GET /api/v1/steering/open-data/indicators.geojson',
  'GET /api/v1/changes',
  'GET /api/v1/offers',
  'GET /api/v1/exports',
  'GET /api/v1/exports/offers.csv',
  'GET /api/v1/exports/offers.json',
  'GET /api/v1/exports/offers.geojson',
  'GET /api/v1/exports/offers.xml',
  'GET /api/v1/exports/occupations.csv',
  'GET /api/v1/exports/occupations.json',
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
    app.get('/api/v1/oubli', async () => ({ secret: true }));
    const res = await app.inject('/api/v1/oubli');
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, ACCESS_DENIED);
  } finally {
    await app.close();
    await handle.close();
  }
});
