/**
 * Issue 16: the skills a person unticks on « Mes compétences ailleurs » follow them into the
 * simulator (POST /api/v1/pathways, `exclude`): they leave the profile, so the share of the target
 * covered drops and a VAE route may close; the answer echoes them. Real bundle, no catalogue (the
 * VAE decision needs none): a chef boulanger towards boulanger may have their experience validated
 * (test/guidance/pathway-routes-absent.test.ts), not once the skills shared with boulanger are unticked.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { bundleCliDatabase, bundleDir, openBundleDatabase } from '../helpers/db.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { PathwayResponse } from '../../src/guidance/pathways.ts';

const BUNDLE = bundleDir();
const BASE = { from: 'D1108', to: 'D1102', commune: '44184', radius: 50, status: 'demandeur', today: '2026-12-01' };
let handle: DbHandle;
let app: App;

before(async () => {
  if (!BUNDLE) return;
  handle = await openBundleDatabase();
  ({ app } = await buildServer(handle, { logger: false, rateLimit: 10_000 }));
});

after(async () => {
  await app?.close();
  await handle?.close();
});

async function post(body: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/v1/pathways', payload: body });
}

async function simulate(body: Record<string, unknown>): Promise<PathwayResponse> {
  const res = await post(body);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const vaeRoute = (r: PathwayResponse) => r.targets[0].routes.find((x) => x.kind === 'vae')!;

test('unticked skills of the occupation held lower the share of the target covered and can close the VAE', { skip: !BUNDLE }, async () => {
  const all = await simulate(BASE);
  assert.deepEqual(all.request.exclude, []);
  assert.ok(vaeRoute(all).proposed, 'VAE proposée avec toutes les compétences du chef boulanger');
  const shared = all.targets[0].shared.map((s) => s.code);
  assert.ok(shared.length >= 4, 'des compétences communes à décocher');

  // Untick a few: less of boulanger is covered, the answer says which were left out.
  const few = shared.slice(0, 3);
  const some = await simulate({ ...BASE, exclude: few });
  assert.deepEqual(some.request.exclude, few);
  assert.ok(some.targets[0].match.value < all.targets[0].match.value, 'part couverte plus faible');
  for (const code of few) assert.ok(!some.targets[0].shared.some((s) => s.code === code), `${code} n’est plus une compétence commune`);

  // Untick every shared one: no VAE any more, and the page is told why.
  const none = await simulate({ ...BASE, exclude: shared });
  assert.ok(none.targets[0].match.value < some.targets[0].match.value);
  assert.equal(none.targets[0].shared.length, 0);
  assert.equal(vaeRoute(none).proposed, false);
  assert.match(vaeRoute(none).reason ?? '', /^Pas de VAE : /);
});

test('an unknown skill, or unticking every skill, is a French 400 on exclude', { skip: !BUNDLE }, async () => {
  const unknown = await post({ ...BASE, exclude: ['999999999'] });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.json().field, /^exclude/);
  assert.match(unknown.json().error, /compétence ROME inconnue : 999999999/i);

  const skills = await app.inject({ method: 'GET', url: '/api/v1/occupations/D1108/skills' });
  assert.equal(skills.statusCode, 200);
  const every = await post({ ...BASE, exclude: skills.json().map((s: { code: string }) => s.code) });
  assert.equal(every.statusCode, 400, every.body);
  assert.equal(every.json().field, 'exclude');
  assert.match(every.json().error, /aucune compétence ne reste dans le profil/);
});

test('CLI: pathways simulate --exclude leaves the unticked skills out, as the API does', { skip: !BUNDLE }, async () => {
  const shared = (await simulate(BASE)).targets[0].shared.map((s) => s.code);
  const database = await bundleCliDatabase();
  try {
    const ROOT = path.resolve(import.meta.dirname, '../..');
    const args = ['pathways', 'simulate', '--from', 'D1108', '--to', 'D1102', '--commune', '44184', '--radius', '50'];
    args.push('--status', 'demandeur', '--today', '2026-12-01', '--exclude', shared.join(','), '--json');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/passerelles.js'), ...args], {
      env: { ...process.env, ...database.env },
      encoding: 'utf8',
      cwd: ROOT,
    });
    assert.equal(r.status, 0, r.stderr);
    const cli = JSON.parse(r.stdout) as PathwayResponse;
    assert.deepEqual(cli.request.exclude, shared);
    assert.equal(cli.targets[0].shared.length, 0);
    assert.equal(vaeRoute(cli).proposed, false);
  } finally {
    await database.drop();
  }
});
