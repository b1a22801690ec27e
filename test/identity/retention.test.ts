/**
 * RGPD from the shell: the first administrator created by the CLI, the outbox and the access log
 * read back, and the purge deleting what is past its retention, nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { cliDatabase } from '../helpers/db.ts';
import { personalTables } from '../../src/app/modules.ts';
import { purgeExpired } from '../../src/platform/personal-data.ts';
import { identityDb } from '../../src/identity/db.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('passerelles accounts create, mail list, audit and rgpd purge', { timeout: 300_000 }, async () => {
  const database = await cliDatabase();
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin/passerelles.js'), ...args], {
      env: { ...process.env, ...database.env, PUBLIC_URL: 'https://passerelles.exemple.fr/' },
      encoding: 'utf8',
    });
  try {
    const unknown = cli('accounts', 'create', '--email', 'admin@region.exemple', '--role', 'admin', '--structure', '23440003400026');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /structure 23440003400026 inconnue : indiquez --structure-name et --structure-kind/);
    const created = cli(
      'accounts',
      'create',
      '--email',
      'Admin@Region.exemple',
      '--role',
      'admin',
      '--structure',
      '23440003400026',
      '--structure-name',
      'Région Pays de la Loire',
      '--structure-kind',
      'region',
      '--json',
    );
    assert.equal(created.status, 0, created.stderr);
    const { link } = JSON.parse(created.stdout);
    assert.match(link, /^https:\/\/passerelles\.exemple\.fr\/invitation\?jeton=[\w-]{43}$/);

    const mails = JSON.parse(cli('mail', 'list', '--json').stdout);
    assert.equal(mails.length, 1);
    assert.equal(mails[0].recipient, 'admin@region.exemple');
    assert.ok(mails[0].body.includes(link));
    const audit = JSON.parse(cli('audit', '--json', '--structure', '23440003400026').stdout);
    assert.deepEqual(
      audit.map((e: { action: string; purpose: string }) => [e.action, e.purpose]),
      [['invitation', 'création d’un compte par la ligne de commande']],
    );
    const tables = cli('rgpd', 'tables');
    assert.match(tables.stdout, /audit_event — journal des accès .* : 12 mois/);

    // Past retention: an old mail, an old failure, an old access-log line; the rest stays.
    const h = await database.open();
    try {
      const db = identityDb(h.db);
      await db
        .insertInto('outbox')
        .values({ recipient: 'ancien@exemple.fr', subject: 'vieux', body: '…', created_at: new Date(Date.now() - 31 * 86400_000) } as never)
        .execute();
      await db
        .insertInto('sign_in_failure')
        .values({ subject: 'compte:ancien@exemple.fr', at: new Date(Date.now() - 25 * 3600_000) })
        .execute();
      await db.insertInto('sign_in_failure').values({ subject: 'compte:recent@exemple.fr', at: new Date() }).execute();
      await sql`INSERT INTO audit_event (at, action, subject_type, subject_id, purpose) VALUES (now() - interval '13 months', 'lecture', 'compte', '1', 'ancien')`.execute(
        db,
      );
      const counts = await purgeExpired(h.db, personalTables());
      assert.equal(counts.outbox, 1);
      assert.equal(counts.sign_in_failure, 1);
      assert.equal(counts.audit_event, 1);
      assert.equal(counts.account, 0, 'the invited administrator stays');
      const left = await sql<{ mails: number; audit: number; failures: number }>`
        SELECT (SELECT count(*)::int FROM outbox) AS mails, (SELECT count(*)::int FROM audit_event) AS audit,
          (SELECT count(*)::int FROM sign_in_failure) AS failures`.execute(db);
      assert.deepEqual(left.rows[0], { mails: 1, audit: 1, failures: 1 });
      // Outside the purge the access log still refuses deletion.
      await assert.rejects(sql`DELETE FROM audit_event`.execute(db), /le journal des accès ne se modifie pas/);
    } finally {
      await h.close();
    }
    const purge = cli('rgpd', 'purge', '--json');
    assert.equal(purge.status, 0, purge.stderr);
    assert.equal(JSON.parse(purge.stdout).audit_event, 0);
  } finally {
    await database.drop();
  }
});
