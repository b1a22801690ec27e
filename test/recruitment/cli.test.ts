/**
 * `passerelles recruitment offers` and `passerelles recruitment remind` in a child process, on a
 * copy of the bundle's database holding one offer in Angers and one application left unanswered.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { bundleCliDatabase, bundleDir, type CliDatabase } from '../helpers/db.ts';
import { identityDb } from '../../src/identity/db.ts';
import { createStructure } from '../../src/identity/accounts.ts';
import { recruitmentDb } from '../../src/recruitment/db.ts';
import { createOffer } from '../../src/recruitment/offers.ts';

const skip = bundleDir() ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/passerelles.js');
let database: CliDatabase | undefined;
let offerId = 0;

before(
  async () => {
    if (skip) return;
    database = await bundleCliDatabase();
    const h = await database.open();
    try {
      const db = recruitmentDb(h.db);
      const structureId = await createStructure(identityDb(h.db), { name: 'Boulangerie du Ronceray', kind: 'entreprise', code: 'BR-CLI' });
      const { id: employer } = await db
        .insertInto('account')
        .values({
          email: 'fournil@exemple.fr',
          display_name: 'Dominique',
          roles: ['employeur'],
          structure_id: structureId,
          email_verified_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: candidate } = await db
        .insertInto('account')
        .values({ email: 'camille@exemple.fr', display_name: 'Camille', roles: ['candidat'], email_verified_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      const appellation = await db
        .selectFrom('rome_appellation')
        .select('code_ogr')
        .where('code_rome', '=', 'D1102')
        .orderBy('code_ogr')
        .executeTakeFirstOrThrow();
      const me = { accountId: employer, structureId, roles: ['employeur'], sessionKey: '' };
      offerId = (
        await createOffer(db, me, {
          title: 'Apprenti boulanger',
          appellation: appellation.code_ogr,
          description: 'Fabrication du pain au levain et des viennoiseries du matin.',
          commune: '49007',
          startDate: new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10),
          diploma: 'CAP Boulanger',
          rhythm: '3 semaines / 1 semaine',
          places: 2,
        })
      ).id;
      await sql`INSERT INTO recruitment_application (offer_id, candidate_id, message, created_at)
        VALUES (${offerId}, ${candidate}, 'Bonjour, je suis disponible dès septembre.', now() - interval '8 days')`.execute(h.db);
    } finally {
      await h.close();
    }
  },
  { timeout: 300_000 },
);
after(async () => {
  await database?.drop();
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...database!.env }, encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('recruitment offers : recherche par mots et distance, JSON et texte ; erreur en français', { skip }, () => {
  const json = cli(['recruitment', 'offers', '--q', 'boulangerie', '--commune', '49000', '--rayon', '10', '--json']);
  assert.equal(json.status, 0, json.stderr);
  const r = JSON.parse(json.stdout);
  assert.equal(r.near.name, 'Angers');
  assert.deepEqual(
    r.results.map((o: { id: number; company: string }) => [o.id, o.company]),
    [[offerId, 'Boulangerie du Ronceray']],
  );
  const text = cli(['recruitment', 'offers', '--commune', '44109', '--rayon', '20']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^0 offre\(s\)/, 'Nantes est à plus de 20 km d’Angers');
  const bad = cli(['recruitment', 'offers', '--commune', '99999']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--commune : Commune inconnue/);
});

test('recruitment remind : un rappel pour la candidature sans réponse, pas deux', { skip }, () => {
  const first = cli(['recruitment', 'remind']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^1 rappel\(s\)/);
  assert.match(cli(['recruitment', 'remind']).stdout, /^0 rappel\(s\)/);
});
