/**
 * The counsellors' workspace over the real bundle (ROME skills, communes, tensions): a counsellor
 * records a person with consent, builds a skills profile from D1106 minus three skills, saves two
 * pathways toward D1102 near Saint-Nazaire, makes a plan, shares it by a link (410 once revoked
 * or expired), hands a training project over to another structure, exports, then erases the
 * person: nothing of them is left but the audit lines. Another structure reads none of it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { importDemoCatalogue } from '../helpers/demo.ts';
import { DEMO } from '../web/helpers/portal.ts';
import { LINKS, PASSWORD, Visitor, startServer, tokenOf, type TestServer } from '../identity/helpers.ts';
import { acceptInvitation, createStructure, invite } from '../../src/identity/accounts.ts';

const skip = bundleDir() ? false : 'PASSERELLES_DATA_DIR absent';
let server: TestServer;
const people = new Map<string, Visitor>();
let n = 0;

async function member(name: string, roles: string[], structureId: number) {
  const email = `${name}@exemple.fr`;
  const { link } = await invite(server.db, null, { email, name: `${name} Conseil`, roles, structureId }, LINKS);
  await acceptInvitation(server.db, tokenOf(link), PASSWORD);
  const v = new Visitor(server.app, `198.51.100.${++n}`);
  assert.equal((await v.signIn(email)).statusCode, 200);
  people.set(name, v);
}
const who = (name: string) => people.get(name)!;
const ids: Record<string, number> = {};
const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);

before(
  async () => {
    if (skip) return;
    const handle = await openBundleDatabase();
    await importDemoCatalogue(handle, DEMO);
    server = await startServer(handle);
    const nazaire = await createStructure(server.db, { name: 'Mission locale de Saint-Nazaire', kind: 'mission_locale', code: 'ML-44-SN' });
    const nantes = await createStructure(server.db, { name: 'Mission locale de Nantes', kind: 'mission_locale', code: 'ML-44-NA' });
    await member('alix', ['conseiller'], nazaire);
    await member('sam', ['superviseur'], nazaire);
    await member('bea', ['conseiller'], nantes);
  },
  { timeout: 600_000 },
);
after(() => server?.close());

test('une fiche se crée avec le consentement, sans rien de plus que le nécessaire', { skip }, async () => {
  const person = {
    firstName: 'Léa',
    initial: 'M',
    commune: '44184',
    ageBracket: '18-25',
    status: 'demandeur',
    purpose: 'Conseil en évolution professionnelle',
  };
  const noConsent = await who('alix').submit('/api/v1/counselling/beneficiaries', { ...person, consent: false });
  assert.equal(noConsent.statusCode, 400);
  assert.equal(noConsent.json().field, 'consent');
  const res = await who('alix').submit('/api/v1/counselling/beneficiaries', { ...person, consent: true });
  assert.equal(res.statusCode, 200, res.body);
  ids.lea = res.json().id;
  const record = await who('alix').get(`/api/v1/counselling/beneficiaries/${ids.lea}?purpose=${encodeURIComponent('premier rendez-vous')}`);
  assert.equal(record.statusCode, 200, record.body);
  assert.equal(record.json().firstName, 'Léa');
  assert.equal(record.json().commune.name, 'Saint-Nazaire');
  assert.match(record.json().consent.text, /effacement/);
  const audit = await server.db
    .selectFrom('audit_event')
    .select(['action', 'purpose'])
    .where('subject_type', '=', 'beneficiaire')
    .where('subject_id', '=', String(ids.lea))
    .execute();
  assert.deepEqual(
    audit.map((a) => `${a.action} : ${a.purpose}`),
    ['création : Conseil en évolution professionnelle', 'lecture : premier rendez-vous'],
  );
});

test('profil D1106 moins trois compétences ; deux parcours vers D1102 près de Saint-Nazaire, enregistrés avec la version des données', {
  skip,
}, async () => {
  const skills = await who('alix').get('/api/v1/occupations/D1106/skills');
  assert.equal(skills.statusCode, 200);
  const removed = skills
    .json()
    .slice(0, 3)
    .map((s: { code: string }) => s.code);
  const bad = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/profile`, { occupations: ['Z9999'] });
  assert.equal(bad.statusCode, 400);
  const found = (await who('alix').get('/api/v1/skills?q=soudure&limit=1')).json()[0];
  const withAdded = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/profile`, {
    occupations: ['D1106'],
    exclude: removed,
    skills: [found.code],
  });
  assert.equal(withAdded.statusCode, 200, withAdded.body);
  const added = (await who('alix').get(`/api/v1/counselling/beneficiaries/${ids.lea}`)).json().profile.added;
  assert.deepEqual(added, [{ code: found.code, label: found.label }], 'la compétence ajoutée garde son libellé');
  const saved = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/profile`, {
    occupations: ['D1106'],
    exclude: removed,
  });
  assert.equal(saved.statusCode, 200, saved.body);
  for (const radius of [30, 60]) {
    const res = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/simulations`, {
      kind: 'parcours',
      to: 'D1102',
      radius,
    });
    assert.equal(res.statusCode, 200, res.body);
    ids[`sim${radius}`] = res.json().id;
  }
  const sim = await who('alix').get(`/api/v1/counselling/simulations/${ids.sim30}`);
  assert.equal(sim.statusCode, 200);
  const body = sim.json();
  assert.ok(body.dataVersion > 0, 'la version des données est gardée');
  assert.equal(body.dataVersion, body.currentDataVersion);
  assert.deepEqual(body.input.profile.exclude, removed);
  assert.equal(body.result.targets[0].target.code, 'D1102');
  assert.ok(body.result.targets[0].pathways.length > 0, 'au moins un parcours');
  assert.equal(body.result.request.commune.name, 'Saint-Nazaire');
  assert.equal(body.result.request.radiusKm, 30);
  assert.match(body.label, /Parcours vers/);
  const record = await who('alix').get(`/api/v1/counselling/beneficiaries/${ids.lea}`);
  assert.equal(record.json().simulations.length, 2);
});

test('un plan, la prochaine action, « à traiter cette semaine »', { skip }, async () => {
  const late = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/steps`, {
    kind: 'immersion',
    title: 'Immersion en boulangerie',
    dueDate: day(-3),
    notes: 'Appeler le maître de stage',
  });
  assert.equal(late.statusCode, 200, late.body);
  ids.step = late.json().id;
  await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/steps`, {
    kind: 'formation',
    title: 'CAP Boulanger en alternance',
    dueDate: day(60),
  });
  const record = await who('alix').get(`/api/v1/counselling/beneficiaries/${ids.lea}`);
  assert.equal(record.json().plan.next.title, 'Immersion en boulangerie');
  assert.equal(record.json().plan.steps[0].late, true);
  const list = await who('alix').get('/api/v1/counselling/beneficiaries?action=true');
  assert.deepEqual(
    list.json().results.map((r: { name: string }) => r.name),
    ['Léa M.'],
  );
  assert.equal(list.json().results[0].late, 1);
  const supervisor = await who('sam').get('/api/v1/counselling/structure');
  assert.equal(supervisor.statusCode, 200);
  assert.deepEqual({ people: supervisor.json().people, lateSteps: supervisor.json().lateSteps }, { people: 1, lateSteps: 1 });
  assert.doesNotMatch(supervisor.body, /Léa/, 'aucun nom pour le superviseur');
});

test('le lien de la personne : son plan sans compte, puis 410 quand il est révoqué ou expiré', { skip }, async () => {
  const created = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/links`, { days: 7 });
  assert.equal(created.statusCode, 200, created.body);
  const token = created.json().url.split('/mon-plan/')[1];
  const anonymous = new Visitor(server.app, '203.0.113.50');
  const plan = await anonymous.get(`/api/v1/counselling/shared/${token}`);
  assert.equal(plan.statusCode, 200, plan.body);
  assert.equal(plan.json().firstName, 'Léa');
  assert.deepEqual(
    plan.json().steps.map((s: { title: string }) => s.title),
    ['Immersion en boulangerie', 'CAP Boulanger en alternance'],
  );
  assert.doesNotMatch(plan.body, /maître de stage/, 'les notes du conseiller restent internes');
  assert.equal((await anonymous.get('/api/v1/counselling/shared/inconnu')).statusCode, 404);

  await who('alix').submit(`/api/v1/counselling/links/${created.json().id}/revoke`);
  const revoked = await anonymous.get(`/api/v1/counselling/shared/${token}`);
  assert.equal(revoked.statusCode, 410);
  assert.match(revoked.json().error, /désactivé/);

  const second = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/links`, { days: 1 });
  await sql`UPDATE beneficiary_link SET expires_at = now() - interval '1 minute' WHERE id = ${second.json().id}`.execute(server.handle.db);
  const expired = await anonymous.get(`/api/v1/counselling/shared/${second.json().url.split('/mon-plan/')[1]}`);
  assert.equal(expired.statusCode, 410);
  assert.match(expired.json().error, /expiré/);
});

test('une autre structure ne lit rien : fiche, liste, simulation, export, étapes, liens, effacement', { skip }, async () => {
  const lines: ['GET' | 'POST', string, number][] = [
    ['GET', `/api/v1/counselling/beneficiaries/${ids.lea}`, 404],
    ['GET', `/api/v1/counselling/beneficiaries/${ids.lea}/export`, 404],
    ['GET', `/api/v1/counselling/simulations/${ids.sim30}`, 404],
    ['POST', `/api/v1/counselling/beneficiaries/${ids.lea}`, 404],
    ['POST', `/api/v1/counselling/beneficiaries/${ids.lea}/steps`, 404],
    ['POST', `/api/v1/counselling/steps/${ids.step}`, 404],
    ['POST', `/api/v1/counselling/beneficiaries/${ids.lea}/links`, 404],
    ['POST', `/api/v1/counselling/beneficiaries/${ids.lea}/erase`, 404],
  ];
  for (const [method, url, status] of lines) {
    const body = url.includes('steps')
      ? { kind: 'vae', title: 'VAE' }
      : url.endsWith(String(ids.lea))
        ? { firstName: 'X', ageBracket: '18-25', status: 'jeune', purpose: 'lecture indue' }
        : {};
    const res = method === 'GET' ? await who('bea').get(url) : await who('bea').submit(url, body);
    assert.equal(res.statusCode, status, `${method} ${url} : ${res.body}`);
  }
  assert.equal((await who('bea').get('/api/v1/counselling/beneficiaries')).json().total, 0);
  assert.equal(
    (await who('sam').get(`/api/v1/counselling/beneficiaries/${ids.lea}`)).statusCode,
    403,
    'le superviseur n’ouvre pas les fiches',
  );
});

test('orientation vers une autre structure, avec l’accord de la personne ; refus motivé vu des deux côtés', { skip }, async () => {
  const project = 'CAP Boulanger en alternance au CFA de Nantes, rentrée de septembre, financement Région.';
  const noConsent = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/referrals`, {
    to: 'ML-44-NA',
    project,
    consent: false,
  });
  assert.equal(noConsent.statusCode, 400);
  const sent = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/referrals`, {
    to: 'ML-44-NA',
    project,
    consent: true,
  });
  assert.equal(sent.statusCode, 200, sent.body);
  const inbox = await who('bea').get('/api/v1/counselling/referrals');
  assert.equal(inbox.json()[0].direction, 'recue');
  assert.deepEqual(Object.keys(inbox.json()[0].person).sort(), ['ageBracket', 'commune', 'firstName', 'status']);
  assert.equal((await who('alix').submit(`/api/v1/counselling/referrals/${sent.json().id}`, { decision: 'valide' })).statusCode, 403);
  assert.equal((await who('bea').submit(`/api/v1/counselling/referrals/${sent.json().id}`, { decision: 'refuse' })).statusCode, 400);
  const refused = await who('bea').submit(`/api/v1/counselling/referrals/${sent.json().id}`, {
    decision: 'refuse',
    reason: 'Plus de place à la rentrée',
  });
  assert.equal(refused.statusCode, 200, refused.body);
  const record = await who('alix').get(`/api/v1/counselling/beneficiaries/${ids.lea}`);
  assert.deepEqual([record.json().referrals[0].status, record.json().referrals[0].reason], ['refuse', 'Plus de place à la rentrée']);
});

test('export, puis effacement : il ne reste que les lignes du journal', { skip }, async () => {
  const exported = await who('alix').get(`/api/v1/counselling/beneficiaries/${ids.lea}/export`);
  assert.equal(exported.statusCode, 200);
  assert.equal(exported.json().plan.length, 2);
  assert.equal(exported.json().simulations.length, 2);
  const erased = await who('alix').submit(`/api/v1/counselling/beneficiaries/${ids.lea}/erase`, { reason: 'demande de la personne' });
  assert.equal(erased.statusCode, 200, erased.body);
  const db = server.handle.db;
  for (const [table, column] of [
    ['beneficiary', 'id'],
    ['beneficiary_profile', 'beneficiary_id'],
    ['beneficiary_simulation', 'beneficiary_id'],
    ['plan_step', 'beneficiary_id'],
    ['beneficiary_link', 'beneficiary_id'],
    ['referral', 'beneficiary_id'],
  ]) {
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${ids.lea}`.execute(db);
    assert.equal(rows[0].n, 0, `${table} garde encore la personne`);
  }
  const { rows: anywhere } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM beneficiary WHERE first_name = 'Léa'`.execute(db);
  assert.equal(anywhere[0].n, 0);
  const audit = await server.db
    .selectFrom('audit_event')
    .select('action')
    .where('subject_type', '=', 'beneficiaire')
    .where('subject_id', '=', String(ids.lea))
    .execute();
  assert.ok(audit.some((a) => a.action === 'effacement'));
  assert.ok(
    !JSON.stringify(await server.db.selectFrom('audit_event').selectAll().execute()).includes('Léa'),
    'le journal ne nomme pas la personne',
  );
  assert.equal((await who('bea').get('/api/v1/counselling/referrals')).json().length, 0);
});
