import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, logLevel, readConfig } from '../../src/platform/config.ts';

const fails = (env: Record<string, string>, message: RegExp) =>
  assert.throws(
    () => readConfig(env),
    (e: unknown) => e instanceof ConfigError && message.test(e.message),
  );

test('defaults when nothing is set; an empty variable counts as unset', () => {
  const c = readConfig({ PORT: '', PASSERELLES_RATE_LIMIT: '' });
  assert.deepEqual(
    [c.port, c.host, c.rateLimit, c.pageCacheSeconds, c.logLevel, c.databaseUrl, c.dataDir, c.pgliteDir, c.webBuildDir],
    [3000, '0.0.0.0', 600, 0, 'info', undefined, undefined, path.resolve('var/db'), path.resolve('build/web')],
  );
  assert.equal(readConfig({ NODE_ENV: 'production' }).pageCacheSeconds, 60);
  assert.equal(readConfig({ NODE_ENV: 'production', PASSERELLES_PAGE_CACHE_SECONDS: '0' }).pageCacheSeconds, 0);
  assert.equal(readConfig({ PORT: '8080', PASSERELLES_RATE_LIMIT: '20' }).port, 8080);
  assert.equal(logLevel({ NODE_ENV: 'test' }), 'warn');
});

test('an invalid value is refused in French, naming the variable and the expected form', () => {
  fails({ PORT: 'abc' }, /^PORT invalide : « abc » ; attendu : un numéro de port, entier de 0 à 65535/);
  fails({ PORT: '70000' }, /^PORT invalide : « 70000 »/);
  fails(
    { PASSERELLES_RATE_LIMIT: '-1' },
    /^PASSERELLES_RATE_LIMIT invalide : « -1 » ; attendu : un nombre entier de requêtes par minute, au moins 1/,
  );
  fails({ PASSERELLES_RATE_LIMIT: '0' }, /^PASSERELLES_RATE_LIMIT invalide/);
  fails(
    { PASSERELLES_PAGE_CACHE_SECONDS: '1.5' },
    /^PASSERELLES_PAGE_CACHE_SECONDS invalide : « 1\.5 » ; attendu : un nombre entier de secondes, 0 pour désactiver/,
  );
  fails(
    { LOG_LEVEL: 'bavard' },
    /^LOG_LEVEL invalide : « bavard » ; attendu : un niveau parmi fatal, error, warn, info, debug, trace, silent$/,
  );
  assert.throws(() => logLevel({ LOG_LEVEL: 'bavard' }), ConfigError);
});

test('every faulty variable is named at once; a database address is never repeated', () => {
  assert.throws(
    () => readConfig({ PORT: 'x', PASSERELLES_RATE_LIMIT: 'y' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message.split('\n').length === 2 &&
      /^PORT/.test(e.message) &&
      /\nPASSERELLES_RATE_LIMIT/.test(e.message),
  );
  assert.throws(
    () => readConfig({ DATABASE_URL: 'mysql://root:secret@db/x' }),
    (e: unknown) =>
      e instanceof ConfigError && /^DATABASE_URL invalide : une adresse postgresql:\/\//.test(e.message) && !e.message.includes('secret'),
  );
  assert.equal(
    readConfig({ DATABASE_URL: 'postgres://u:p@localhost:5432/passerelles' }).databaseUrl,
    'postgres://u:p@localhost:5432/passerelles',
  );
});

test('a read replica takes a PostgreSQL address, only beside DATABASE_URL, never repeated', () => {
  const primary = 'postgres://u:p@primaire:5432/passerelles';
  const replica = 'postgresql://lecteur:secret@replique:5432/passerelles';
  assert.equal(readConfig({ DATABASE_URL: primary }).databaseReadUrl, undefined);
  assert.equal(readConfig({ DATABASE_URL: primary, DATABASE_READ_URL: replica }).databaseReadUrl, replica);
  assert.equal(readConfig({ DATABASE_URL: primary, DATABASE_READ_URL: '' }).databaseReadUrl, undefined);
  assert.throws(
    () => readConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'http://lecteur:secret@replique/x' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /^DATABASE_READ_URL invalide : une adresse postgresql:\/\//.test(e.message) &&
      !e.message.includes('secret'),
  );
  assert.throws(
    () => readConfig({ DATABASE_READ_URL: replica }),
    (e: unknown) =>
      e instanceof ConfigError && /^DATABASE_READ_URL ne sert qu’avec DATABASE_URL/.test(e.message) && !e.message.includes('secret'),
  );
});

test('workers and regular backups: defaults, values and French refusals', () => {
  const c = readConfig({});
  assert.deepEqual([c.workers, c.backupDir, c.backupEveryHours, c.backupKeep], [os.availableParallelism(), undefined, 24, 7]);
  const set = readConfig({
    PASSERELLES_WORKERS: '4',
    PASSERELLES_BACKUP_DIR: 'sauvegardes',
    PASSERELLES_BACKUP_EVERY_HOURS: '6',
    PASSERELLES_BACKUP_KEEP: '28',
  });
  assert.deepEqual([set.workers, set.backupDir, set.backupEveryHours, set.backupKeep], [4, path.resolve('sauvegardes'), 6, 28]);
  fails({ PASSERELLES_WORKERS: '0' }, /^PASSERELLES_WORKERS invalide : « 0 » ; attendu : un nombre entier de processus, de 1 à 256/);
  fails({ PASSERELLES_BACKUP_EVERY_HOURS: '0' }, /^PASSERELLES_BACKUP_EVERY_HOURS invalide : « 0 » ; attendu : un nombre entier d’heures/);
  fails({ PASSERELLES_BACKUP_KEEP: 'tout' }, /^PASSERELLES_BACKUP_KEEP invalide : « tout »/);
});

test('proxies of other machines whose X-Forwarded-For is believed', () => {
  assert.deepEqual(readConfig({}).trustProxy, []);
  assert.deepEqual(readConfig({ PASSERELLES_TRUST_PROXY: '10.0.0.2, 10.1.0.0/16' }).trustProxy, ['10.0.0.2', '10.1.0.0/16']);
  fails(
    { PASSERELLES_TRUST_PROXY: 'le-proxy' },
    /^PASSERELLES_TRUST_PROXY invalide : « le-proxy » ; attendu : des adresses IP ou des plages CIDR/,
  );
});
