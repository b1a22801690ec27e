import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { openDatabase } from '../../src/app/database.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { romeSource } from '../../src/referentials/import/rome.ts';
import { escoSource } from '../../src/referentials/import/esco.ts';
import { SAMPLE_DIR } from '../../src/app/data.ts';
import { SkillsCatalog, type Transition } from '../../src/guidance/index.ts';
import type { TransitionsAnswer } from '../../src/guidance/transitions.ts';
import { SIGNALS } from '../../src/guidance/transitions-model.ts';

/** Transitions on the real bundle: the model, the API and its French 400s. */
const BUNDLE = bundleDir();
const ROOT = path.resolve(import.meta.dirname, '../..');
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

test('D1102 Boulanger: ten targets, scores in [0, 1], chef boulanger and pâtissier on top, shared and missing make up each target', {
  skip: !BUNDLE,
}, async () => {
  const res = await app.inject({ url: '/api/v1/occupations/D1102/transitions?limit=10' });
  assert.equal(res.statusCode, 200);
  const body = res.json() as TransitionsAnswer;
  assert.deepEqual(body.source.occupations, [{ code: 'D1102', label: 'Boulanger / Boulangère' }]);
  const list = body.transitions;
  assert.equal(list.length, 10);
  assert.ok(!list.some((t) => t.code === 'D1102'));
  assert.deepEqual(
    list.slice(0, 2).map((t) => t.code),
    ['D1108', 'D1104'],
  );
  for (let i = 0; i < list.length; i++) {
    assert.ok(list[i].score > 0 && list[i].score <= 1);
  }
  const fiche = await app.inject({ url: '/api/v1/occupations/D1108/skills' });
  const items = (fiche.json() as { code: string }[]).map((s) => s.code).sort();
  const chef = list[0];
  const missing = chef.missing.flatMap((g) => g.skills);
  assert.deepEqual([...chef.shared, ...missing].map((s) => s.code).sort(), items);
  const sum = (l: { weight: number }[]) => l.reduce((a, s) => a + s.weight, 0);
  assert.ok(Math.abs(sum(chef.shared) - chef.coverage) < 0.005);
  assert.ok(Math.abs(sum(chef.shared) + sum(missing) - 1) < 0.005);
  // Missing savoir-faire come under their macro-compétence.
  assert.ok(chef.missing.some((g) => g.macro.code && g.skills.every((s) => s.kind === 'savoir-faire')));
});

test('D1102 Boulanger: ordered by the learned relevance, each with three plain-French reasons, a confidence band, every signal and the effort', {
  skip: !BUNDLE,
}, async () => {
  const skills = new SkillsCatalog(handle.db);
  await skills.refresh();
  const list = skills.transitions(skills.profile({ occupations: ['D1102'] }), { limit: 10 });
  assert.deepEqual(
    list.slice(0, 2).map((t) => t.code),
    ['D1108', 'D1104'],
  );
  for (const [i, t] of list.entries()) {
    if (i) assert.ok(list[i - 1].relevance >= t.relevance, `${list[i - 1].code} avant ${t.code}`);
    assert.ok(t.relevance > 0 && t.relevance < 1);
    assert.ok(['élevée', 'moyenne', 'faible'].includes(t.confidence));
    assert.ok(t.reasons.length >= 1 && t.reasons.length <= 3, t.reasons.join(' | '));
    for (const r of t.reasons) assert.match(r, /^[A-ZÉ].*\.$/);
    assert.equal(t.components.length, SIGNALS.length);
    assert.ok(t.components.every((c) => c.label && Number.isFinite(c.contribution)));
    assert.equal(t.effort.covered, t.coverage);
    assert.match(t.effort.text, /des compétences de ce métier/);
  }
  // The chef boulanger: most of its skills are held, and the first reason says so.
  const chef = list[0];
  assert.equal(chef.confidence, 'élevée');
  assert.match(chef.reasons.join(' '), /Vous avez déjà \d+ % de ses compétences/);
  // Asymmetry: the boulanger covers more of the chef boulanger than the reverse.
  const back = skills.compare(skills.profile({ occupations: ['D1108'] }), 'D1102')!;
  assert.notEqual(back.coverage, chef.coverage);
});

test('each result names the skills to acquire with the shortest certification leading to it, its duration when known, and the page shows it', {
  skip: !BUNDLE,
}, async () => {
  const skills = new SkillsCatalog(handle.db);
  await skills.refresh();
  const list = skills.transitions(skills.profile({ occupations: ['D1102'] }), { limit: 10 });
  const byCode = new Map(list.map((t) => [t.code, t]));
  const SHORTEST =
    /^Compétences à acquérir avec la certification la plus courte qui y mène, « (.+) » \((\d) ans? de formation\) : « (.+) »\.$/;
  // Chef boulanger (D1108, born from the v3 boulanger fiche): Certif Info's ways into boulanger, the CAP in one year (BCN).
  const chef = byCode.get('D1108')!;
  assert.equal(chef.reasons.length, 3);
  const [, label, years, quoted] = chef.reasons[2].match(SHORTEST) ?? [];
  assert.equal(label, 'CAP boulanger', chef.reasons.join(' | '));
  assert.equal(years, '1');
  // The two heaviest savoir-faire still to acquire.
  const toAcquire = chef.missing
    .flatMap((g) => g.skills)
    .filter((s) => s.kind === 'savoir-faire')
    .sort((a, b) => b.weight - a.weight || a.label.localeCompare(b.label, 'fr'))
    .slice(0, 2)
    .map((s) => s.label);
  assert.equal(quoted, toAcquire.join(' » et « '));
  // A certification whose duration the BCN does not give is named without claiming it is the shortest.
  const rayon = byCode.get('D1507');
  if (rayon)
    assert.ok(
      rayon.reasons.some((r) => /^Compétences à acquérir avec une certification qui y mène, « .+ » \(durée non renseignée\) : /.test(r)),
    );
  // Plain French: no bundle codes (FAP, ROME, Certif Info) nor dotted decimals.
  for (const t of list) for (const r of t.reasons) assert.doesNotMatch(r, /\b[A-Z]\d[A-Z]\d{2}\b|\b[A-N]\d{4}\b|\d\.\d/, r);

  // « Mes compétences ailleurs » shows it among the reasons.
  const page = await app.inject({ url: '/competences?from=D1102' });
  if (page.statusCode === 503) return; // portal not built (npm run build)
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Pourquoi ce métier :/);
  assert.match(
    page.body,
    /Compétences à acquérir avec la certification la plus courte qui y mène, « CAP boulanger » \(1 an de formation\)/,
  );
});

test('the official mobilités are not an input: emptying rome_mobilite changes no ranking', { skip: !BUNDLE }, async () => {
  const ranking = async () => {
    const skills = new SkillsCatalog(handle.db);
    await skills.refresh();
    return ['D1102', 'A1422', 'J1132'].map((code) => skills.transitions(skills.profile({ occupations: [code] }), { limit: 20 }));
  };
  const before = await ranking();
  await handle.db.deleteFrom('rome_mobilite').execute();
  assert.deepEqual(await ranking(), before);
});

test('a skills profile: unticked skills lower the coverage, an ESCO occupation stands for its fiche, picked skills alone work', {
  skip: !BUNDLE,
}, async () => {
  const skills = new SkillsCatalog(handle.db);
  await skills.refresh();
  const full = skills.compare(skills.profile({ occupations: ['D1102'] }), 'D1104')!;
  const unticked = skills.compare(
    skills.profile({ occupations: ['D1102'], exclude: full.shared.slice(0, 5).map((s) => s.code) }),
    'D1104',
  )!;
  assert.ok(unticked.coverage < full.coverage && unticked.score < full.score);

  const esco = await handle.db
    .selectFrom('esco_rome as r')
    .innerJoin('rome_appellation as a', 'a.code_ogr', 'r.code_ogr')
    .select('r.esco_uri')
    .where('a.code_rome', '=', 'D1102')
    .where('r.relation', '=', 'exactMatch')
    .executeTakeFirstOrThrow();
  const viaEsco = skills.profile({ esco: [esco.esco_uri] });
  assert.ok(viaEsco.occupations.includes('D1102'));

  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/transitions',
    payload: { skills: skills.searchSkills('pétrir pâtes', 3).map((h) => h.code), limit: 5 },
  });
  assert.equal(res.statusCode, 200);
  const picked = (res.json() as TransitionsAnswer).transitions as Transition[];
  assert.ok(picked.some((t) => t.code === 'D1102'));
});

test('bad input gets a 400 in French naming the field', { skip: !BUNDLE }, async () => {
  const cases: [object, string, RegExp][] = [
    [{ url: '/api/v1/occupations/Z9999/transitions' }, 'code', /fiche ROME inconnue/],
    [{ url: '/api/v1/occupations/D1102/transitions?limit=0' }, 'limit', /entier entre 1 et 100/],
    [{ url: '/api/v1/occupations/D1102/transitions?limit=abc' }, 'limit', /entier/],
    [{ method: 'POST', url: '/api/v1/transitions', payload: { skills: [] } }, 'skills', /profil est vide/],
    [{ method: 'POST', url: '/api/v1/transitions', payload: {} }, 'skills', /profil est vide/],
    [{ method: 'POST', url: '/api/v1/transitions', payload: { occupations: ['D1102', 'D9999'] } }, 'occupations/1', /fiche ROME inconnue/],
    [{ method: 'POST', url: '/api/v1/transitions', payload: { skills: ['abc'] } }, 'skills/0', /compétence ROME inconnue/],
    [{ url: '/api/v1/skills?q=' }, 'q', /au moins 1 caractère/],
  ];
  for (const [request, field, message] of cases) {
    const res = await app.inject(request);
    assert.equal(res.statusCode, 400, JSON.stringify(request));
    assert.equal(res.json().field, field);
    assert.match(res.json().error, message);
  }
  const search = await app.inject({ url: '/api/v1/skills?q=PETRIR' });
  assert.ok((search.json() as { label: string }[]).some((h) => h.label.startsWith('Pétrir')));
});

test('CLI occupations transitions --json on the sample data', async () => {
  // A fresh PGlite folder with the project's sample (never the server of DATABASE_URL).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-transitions-'));
  try {
    const h = await openDatabase({ pgliteDir: dir });
    await runImport(h.db, SAMPLE_DIR, [romeSource, escoSource], undefined, { sample: true });
    await h.close();
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/passerelles.js'), 'occupations', 'transitions', ...args], {
        env: { ...process.env, PASSERELLES_DB: dir, DATABASE_URL: '' },
        encoding: 'utf8',
        cwd: ROOT,
      });
    const ok = cli(['D1102', '--limit', '3', '--json']);
    assert.equal(ok.status, 0, ok.stderr);
    const answer = JSON.parse(ok.stdout) as TransitionsAnswer;
    assert.equal(answer.source.occupations[0].code, 'D1102');
    assert.ok(answer.transitions.length > 0 && answer.transitions.length <= 3);
    for (const t of answer.transitions) {
      assert.deepEqual(Object.keys(t), [
        'code',
        'label',
        'score',
        'coverage',
        'shared',
        'missing',
        'relevance',
        'confidence',
        'reasons',
        'components',
        'effort',
      ]);
    }
    const text = cli(['D1102', '--limit', '2']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /confiance (élevée|moyenne|faible)/);
    assert.match(text.stdout, /pourquoi : /);
    assert.match(text.stdout, /effort : Vous avez (déjà )?\d+ % des compétences de ce métier/);
    const bad = cli(['D1102', '--limit', '500']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /« --limit » invalide/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
