/**
 * Apprenticeship offers and applications over the real bundle (communes, ROME appellations):
 * an employer deposits, a candidate finds the offer near Angers and applies with a CV, the
 * employer reads and answers, the candidate sees the history; the response rate and the ranking
 * follow; reminders, reports and moderation; who may touch whose record; hostile CVs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openBundleDatabase, bundleDir } from '../helpers/db.ts';
import { LINKS, PASSWORD, Visitor, lastMail, startServer, tokenOf, type TestServer } from '../identity/helpers.ts';
import { acceptInvitation, createStructure, invite, signUp, verifyEmail } from '../../src/identity/accounts.ts';
import { remindRecruiters } from '../../src/recruitment/applications.ts';
import { recruitmentDb } from '../../src/recruitment/db.ts';
import { plainPdf, pdfWithScript } from './pdf-fixtures.ts';

const skip = bundleDir() ? false : 'PASSERELLES_DATA_DIR absent';
let server: TestServer;
const people = new Map<string, Visitor>();
let n = 0;

/** A member of a new structure (an employer, a CFA, the moderation), signed in. */
async function member(name: string, roles: string[], structure: { name: string; kind: 'entreprise' | 'cfa' | 'region' }) {
  const structureId = await createStructure(server.db, { ...structure, code: `T${++n}` });
  const email = `${name}@exemple.fr`;
  const { link } = await invite(server.db, null, { email, name: `${name} Recruteur`, roles, structureId }, LINKS);
  await acceptInvitation(server.db, tokenOf(link), PASSWORD);
  const v = new Visitor(server.app, `198.51.100.${++n}`);
  assert.equal((await v.signIn(email)).statusCode, 200);
  people.set(name, v);
  return v;
}

async function candidate(name: string, displayName: string) {
  const email = `${name}@exemple.fr`;
  await signUp(server.db, { email, name: displayName, password: PASSWORD }, LINKS, '192.0.2.1');
  await verifyEmail(server.db, tokenOf(/https?:\/\/\S+/.exec((await lastMail(server.db, email))!.body)![0]));
  const v = new Visitor(server.app, `198.51.100.${++n}`);
  assert.equal((await v.signIn(email)).statusCode, 200);
  people.set(name, v);
  return v;
}

const who = (name: string) => people.get(name)!;
const base64 = (b: Buffer) => b.toString('base64');
const inAMonth = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);

async function appellation(q: string, rome: string): Promise<string> {
  const res = await who('boulangerie').get(`/api/v1/recruitment/appellations?q=${encodeURIComponent(q)}`);
  assert.equal(res.statusCode, 200, res.body);
  const hit = res.json().find((a: { rome: string }) => a.rome === rome);
  assert.ok(hit, `aucune appellation ${rome} pour « ${q} » : ${res.body}`);
  return hit.code;
}

const offer = (fields: Record<string, unknown>) => ({
  title: 'Apprenti boulanger (H/F)',
  description: 'Fabrication du pain et des viennoiseries au fournil, avec un maître d’apprentissage boulanger depuis 20 ans.',
  commune: '49007',
  startDate: inAMonth,
  diploma: 'CAP Boulanger',
  level: 3,
  rhythm: '3 semaines en entreprise, 1 semaine au CFA',
  places: 1,
  ...fields,
});

before(
  async () => {
    if (skip) return;
    server = await startServer(await openBundleDatabase());
    await member('boulangerie', ['employeur'], { name: 'Boulangerie du Ronceray', kind: 'entreprise' });
    await member('fournil', ['employeur'], { name: 'Le Fournil qui ne répond pas', kind: 'entreprise' });
    await member('cfa', ['cfa'], { name: 'CFA des métiers de bouche', kind: 'cfa' });
    await member('moderation', ['moderateur'], { name: 'Région des Pays de la Loire', kind: 'region' });
    await candidate('camille', 'Camille Martin');
    await candidate('sacha', 'Sacha Bernard');
  },
  { timeout: 600_000 },
);
after(() => server?.close());

const ids: Record<string, number> = {};

test('un employeur dépose une offre ; les champs faux sont refusés en français', { skip }, async () => {
  const code = await appellation('boulanger', 'D1102');
  const bad = await who('boulangerie').submit('/api/v1/recruitment/offers', offer({ appellation: '999999' }));
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'appellation');
  const past = await who('boulangerie').submit('/api/v1/recruitment/offers', offer({ appellation: code, startDate: '2020-09-01' }));
  assert.equal(past.statusCode, 400);
  assert.match(past.json().error, /déjà passée/);
  const noToken = await who('boulangerie').request('POST', '/api/v1/recruitment/offers', offer({ appellation: code }));
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().code, 'formulaire-expire');

  const res = await who('boulangerie').submit('/api/v1/recruitment/offers', offer({ appellation: code }));
  assert.equal(res.statusCode, 200, res.body);
  ids.angers = res.json().id;
  const fournil = await who('fournil').submit(
    '/api/v1/recruitment/offers',
    offer({ appellation: code, commune: '49007', title: 'Apprenti boulanger au fournil' }),
  );
  ids.fournil = fournil.json().id;

  // A CFA deposits for a company, which it must name.
  const unnamed = await who('cfa').submit('/api/v1/recruitment/offers', offer({ appellation: code, commune: '44109' }));
  assert.equal(unnamed.statusCode, 400);
  assert.equal(unnamed.json().field, 'company');
  const nantes = await who('cfa').submit(
    '/api/v1/recruitment/offers',
    offer({ appellation: code, commune: '44109', company: 'Boulangerie de l’Erdre' }),
  );
  assert.equal(nantes.statusCode, 200, nantes.body);
  ids.nantes = nantes.json().id;
});

test('une candidate trouve l’offre près d’Angers, par texte et par distance', { skip }, async () => {
  const res = await who('camille').get('/api/v1/recruitment/offers?q=boulangerie&commune=49000&rayon=20');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.near.name, 'Angers');
  const found = body.results.map((o: { id: number }) => o.id);
  assert.ok(found.includes(ids.angers), 'l’offre d’Angers est trouvée');
  assert.ok(!found.includes(ids.nantes), 'Nantes est à plus de 20 km d’Angers');
  const angers = body.results.find((o: { id: number }) => o.id === ids.angers);
  assert.ok(angers.distanceKm < 5);
  assert.equal(angers.company, 'Boulangerie du Ronceray');
  assert.equal(angers.recruiter.responseRate, null, 'pas encore de candidature comptée');
  const wide = await who('camille').get('/api/v1/recruitment/offers?commune=49007&rayon=100');
  assert.ok(
    wide.json().results.some((o: { id: number }) => o.id === ids.nantes),
    'Nantes est à moins de 100 km',
  );
});

test('un CV hostile est refusé avec un message en français ; un PDF simple est gardé', { skip }, async () => {
  const cases: [string, Buffer, RegExp][] = [
    ['cv.docx', Buffer.from('PK\x03\x04 pas un PDF'), /doit être un fichier PDF/],
    ['cv.pdf', Buffer.from('<html><script>alert(1)</script></html>'), /n’est pas un PDF/],
    ['cv.pdf', Buffer.concat([plainPdf(), Buffer.alloc(20 * 1024 * 1024, 0x20)]), /la limite est de 5 Mo/],
    ['cv.pdf', pdfWithScript('plain'), /contenu actif/],
    ['cv.pdf', pdfWithScript('escaped'), /contenu actif/],
    ['cv.pdf', pdfWithScript('compressed'), /contenu actif/],
  ];
  for (const [filename, bytes, message] of cases) {
    const res = await who('camille').submit('/api/v1/recruitment/profile', { cv: { filename, content: base64(bytes) } });
    assert.equal(res.statusCode, 400, `${filename} (${bytes.length} octets) : ${res.body.slice(0, 200)}`);
    assert.equal(res.json().field, 'cv');
    assert.match(res.json().error, message);
  }
  const empty = await who('camille').get('/api/v1/recruitment/profile');
  assert.equal(empty.json().cv, null, 'rien n’a été gardé des fichiers refusés');

  const saved = await who('camille').submit('/api/v1/recruitment/profile', {
    commune: '49007',
    mobilityKm: 25,
    romes: ['D1102'],
    level: 3,
    presentation: 'Passionnée de boulangerie, je cherche un contrat pour préparer le CAP.',
    visible: true,
    cv: { filename: 'CV Camille.pdf', content: base64(plainPdf()) },
  });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json().cv.filename, 'CV Camille.pdf');
  assert.deepEqual(saved.json().romes, [{ code: 'D1102', label: saved.json().romes[0].label }]);
  const cv = await who('camille').get('/api/v1/recruitment/profile/cv');
  assert.equal(cv.headers['content-type'], 'application/pdf');
  assert.deepEqual(cv.rawPayload, plainPdf());
});

test('elle candidate avec le CV de son profil ; le recruteur est prévenu ; pas deux fois', { skip }, async () => {
  const res = await who('camille').submit(`/api/v1/recruitment/offers/${ids.angers}/applications`, {
    message: 'Bonjour, votre offre m’intéresse beaucoup : je suis disponible dès septembre.',
    useProfileCv: true,
  });
  assert.equal(res.statusCode, 200, res.body);
  ids.application = res.json().id;
  const again = await who('camille').submit(`/api/v1/recruitment/offers/${ids.angers}/applications`, {
    message: 'Une deuxième fois, pour voir ce qui se passe.',
  });
  assert.equal(again.statusCode, 400);
  assert.match(again.json().error, /déjà candidaté/);
  const mail = await lastMail(server.db, 'boulangerie@exemple.fr');
  assert.match(mail!.subject, /Nouvelle candidature/);
  assert.match(mail!.body, new RegExp(`/apprentissage/candidatures/${ids.application}`));
  assert.doesNotMatch(mail!.body, /disponible dès septembre/, 'le message du candidat ne part pas par courriel');
  const mine = await who('camille').get('/api/v1/recruitment/my-applications');
  assert.equal(mine.json()[0].statusLabel, 'envoyée');
});

test('à qui est la fiche : ni un autre candidat ni un autre employeur n’y touchent', { skip }, async () => {
  // Lines of the record-level authorisation table: [who, method, url, expected status].
  const lines: [string, 'GET' | 'POST', string, number][] = [
    ['sacha', 'GET', `/api/v1/recruitment/applications/${ids.application}`, 404],
    ['sacha', 'GET', `/api/v1/recruitment/applications/${ids.application}/cv`, 404],
    ['sacha', 'GET', `/api/v1/recruitment/candidates/${1}`, 403],
    ['fournil', 'GET', `/api/v1/recruitment/applications/${ids.application}`, 404],
    ['fournil', 'GET', `/api/v1/recruitment/my-offers/${ids.angers}`, 403],
    ['fournil', 'POST', `/api/v1/recruitment/offers/${ids.angers}`, 403],
    ['fournil', 'POST', `/api/v1/recruitment/applications/${ids.application}`, 404],
    ['cfa', 'POST', `/api/v1/recruitment/offers/${ids.angers}`, 403],
  ];
  for (const [name, method, url, status] of lines) {
    const body = url.includes('/offers/')
      ? offer({ appellation: await appellation('boulanger', 'D1102') })
      : { status: 'refusee', reason: 'autre' };
    const res = method === 'GET' ? await who(name).get(url) : await who(name).submit(url, body);
    assert.equal(res.statusCode, status, `${name} ${method} ${url} : ${res.body}`);
  }
  const title = await server.handle.db
    .selectFrom('recruitment_offer' as never)
    .select(sql<string>`title`.as('t'))
    .where(sql`id`, '=', ids.angers)
    .executeTakeFirst();
  assert.equal((title as { t: string }).t, 'Apprenti boulanger (H/F)', 'l’offre n’a pas changé');
});

test('l’employeur lit (« lue »), télécharge le CV, répond ; la candidate voit l’historique ; le taux suit', { skip }, async () => {
  const read = await who('boulangerie').get(`/api/v1/recruitment/applications/${ids.application}`);
  assert.equal(read.statusCode, 200, read.body);
  assert.equal(read.json().status, 'lue');
  assert.equal(read.json().candidate.name, 'Camille Martin');
  assert.deepEqual(read.json().next, ['entretien', 'acceptee', 'refusee']);
  const cv = await who('boulangerie').get(`/api/v1/recruitment/applications/${ids.application}/cv`);
  assert.deepEqual(cv.rawPayload, plainPdf());
  const audit = await server.db
    .selectFrom('audit_event')
    .select(['action', 'subject_type'])
    .where('subject_id', '=', String(ids.application))
    .where('subject_type', 'in', ['candidature', 'cv'])
    .execute();
  assert.deepEqual(audit.map((a) => `${a.action} ${a.subject_type}`).sort(), ['lecture candidature', 'lecture cv'], 'lecture et CV tracés');

  const noReason = await who('boulangerie').submit(`/api/v1/recruitment/applications/${ids.application}`, { status: 'refusee' });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.json().error, /Motif du refus/);
  const interview = await who('boulangerie').submit(`/api/v1/recruitment/applications/${ids.application}`, { status: 'entretien' });
  assert.equal(interview.statusCode, 200, interview.body);
  const mail = await lastMail(server.db, 'camille@exemple.fr');
  assert.match(mail!.body, /a répondu : entretien proposé/);

  const seen = await who('camille').get(`/api/v1/recruitment/applications/${ids.application}`);
  assert.equal(seen.json().statusLabel, 'entretien proposé');
  assert.deepEqual(
    seen.json().history.map((h: { status: string }) => h.status),
    ['envoyee', 'lue', 'entretien'],
  );
  assert.equal(seen.json().candidate, null);

  const accepted = await who('boulangerie').submit(`/api/v1/recruitment/applications/${ids.application}`, { status: 'acceptee' });
  assert.equal(accepted.json().status, 'acceptee');
  const after = await who('boulangerie').submit(`/api/v1/recruitment/applications/${ids.application}`, {
    status: 'refusee',
    reason: 'autre',
  });
  assert.equal(after.statusCode, 400, 'acceptée est définitive');

  const detail = await who('sacha').get(`/api/v1/recruitment/offers/${ids.angers}`);
  assert.equal(detail.json().recruiter.responseRate, 1);
  assert.equal(detail.json().recruiter.answered, 1);
  assert.ok(detail.json().recruiter.medianAnswerHours >= 0);
});

test('les offres d’un recruteur qui ne répond pas descendent ; il reçoit des rappels', { skip }, async () => {
  const res = await who('sacha').submit(`/api/v1/recruitment/offers/${ids.fournil}/applications`, {
    message: 'Bonjour, je cherche un contrat d’apprentissage en boulangerie à Angers.',
  });
  assert.equal(res.statusCode, 200, res.body);
  // Ten days without an answer.
  await sql`UPDATE recruitment_application SET created_at = now() - interval '10 days' WHERE id = ${res.json().id}`.execute(
    server.handle.db,
  );
  const search = await who('sacha').get('/api/v1/recruitment/offers?q=apprenti%20boulanger&commune=49007&rayon=10');
  const order = search.json().results.map((o: { id: number }) => o.id);
  assert.ok(order.indexOf(ids.angers) < order.indexOf(ids.fournil), `ordre : ${order}`);
  assert.equal(search.json().results.find((o: { id: number }) => o.id === ids.fournil).recruiter.responseRate, 0);

  const db = recruitmentDb(server.handle.db);
  assert.equal(await remindRecruiters(db, LINKS.publicUrl), 1);
  const reminder = await lastMail(server.db, 'fournil@exemple.fr');
  assert.match(reminder!.subject, /Rappel : 1 candidature/);
  assert.equal(await remindRecruiters(db, LINKS.publicUrl), 0, 'pas de second rappel avant 7 jours');
});

test('un signalement arrive à la modération, qui retire l’offre', { skip }, async () => {
  const report = await who('sacha').submit(`/api/v1/recruitment/offers/${ids.fournil}/reports`, {
    reason: 'offre-trompeuse',
    details: 'Ce n’est pas un contrat d’apprentissage.',
  });
  assert.equal(report.statusCode, 200, report.body);
  const queue = await who('moderation').get('/api/v1/recruitment/moderation');
  assert.equal(queue.json()[0].offer.id, ids.fournil);
  assert.match(queue.json()[0].reports[0].reason, /trompeuse/);
  const noNote = await who('moderation').submit(`/api/v1/recruitment/moderation/${ids.fournil}`, { decision: 'retiree' });
  assert.equal(noNote.statusCode, 400);
  const done = await who('moderation').submit(`/api/v1/recruitment/moderation/${ids.fournil}`, {
    decision: 'retiree',
    note: 'offre de stage non rémunéré',
  });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal((await who('sacha').get(`/api/v1/recruitment/offers/${ids.fournil}`)).statusCode, 404);
  const search = await who('sacha').get('/api/v1/recruitment/offers?commune=49007');
  assert.ok(!search.json().results.some((o: { id: number }) => o.id === ids.fournil));
  const edit = await who('fournil').submit(
    `/api/v1/recruitment/offers/${ids.fournil}`,
    offer({ appellation: await appellation('boulanger', 'D1102') }),
  );
  assert.equal(edit.statusCode, 403);
  assert.match(edit.json().error, /modération/);
  assert.match((await lastMail(server.db, 'fournil@exemple.fr'))!.body, /stage non rémunéré/);
});

test('les données de la candidate sont dans son export RGPD', { skip }, async () => {
  const res = await who('camille').get('/api/v1/account/export');
  assert.equal(res.statusCode, 200);
  const mine = res.json().recruitment;
  assert.equal(mine.candidatures.length, 1);
  assert.deepEqual(
    mine.candidatures[0].historique.map((h: { status: string }) => h.status),
    ['envoyee', 'lue', 'entretien', 'acceptee'],
  );
  assert.equal(mine.cv.filename, 'CV Camille.pdf');
});
