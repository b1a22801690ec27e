import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fundingFor, rulesFor } from '../../src/guidance/funding.ts';
import { NATIONAL_RULES, REGIONAL_RULES, type FundingRule } from '../../src/guidance/funding-rules.ts';

const person = { status: 'demandeur' as const, age: null, region: '52', day: '2026-12-01' };
const ids = (a: { routes: { id: string }[] }) => a.routes.map((r) => r.id);

test('every rule names its legal source with a vintage, and says what is uncertain', () => {
  for (const r of [...NATIONAL_RULES, ...Object.values(REGIONAL_RULES).flat()]) {
    assert.ok(r.sources.length > 0 && r.sources.every((s) => s.label && s.url.startsWith('http') && s.vintage), r.id);
    if (r.certainty === 'incertain') assert.ok(r.uncertain?.length, `${r.id}: ce qui est incertain`);
  }
});

test('apprenticeship: 16 to 29, unknown age under condition, left out after 29 with the reason', () => {
  assert.deepEqual(
    fundingFor({ ...person, age: 29 }, 'apprentissage').routes.map((r) => [r.id, r.fit]),
    [['apprentissage', 'oui']],
  );
  assert.equal(fundingFor(person, 'apprentissage').routes[0].fit, 'sous-conditions');
  const old = fundingFor({ ...person, age: 30 }, 'apprentissage');
  assert.deepEqual(old.routes, []);
  assert.match(old.excluded[0], /30 ans/);
});

test('the Région’s programmes are per région: Pays de la Loire configured, another région gets the generic rule, a région can be added', () => {
  assert.ok(ids(fundingFor(person, 'formation-certifiante')).includes('region-52-1-emploi-1-formation'));
  assert.ok(ids(fundingFor({ ...person, region: '53' }, 'formation-certifiante')).includes('region-53'));
  const bretagne: FundingRule = {
    id: 'region-53-qualif',
    name: 'Région Bretagne : programme qualifiant',
    financeur: 'Région Bretagne',
    statuses: ['demandeur'],
    steps: ['formation-certifiante'],
    conditions: [],
    region: '53',
    sources: [{ label: 'Page de la Région', url: 'https://www.bretagne.bzh', vintage: '2026' }],
    certainty: 'incertain',
    uncertain: ['exemple'],
  };
  assert.ok(
    ids(fundingFor({ ...person, region: '53' }, 'formation-certifiante', undefined, { '53': [bretagne] })).includes('region-53-qualif'),
  );
});

test('rules follow their dates: Pro-A until 2025, the période de reconversion from 2026', () => {
  assert.ok(rulesFor('52', '2025-06-01').some((r) => r.id === 'pro-a'));
  assert.ok(!rulesFor('52', '2026-06-01').some((r) => r.id === 'pro-a'));
  assert.ok(rulesFor('52', '2026-06-01').some((r) => r.id === 'periode-reconversion'));
});

test('CPF only for an offer marked eligible; the offer’s financeurs are cited', () => {
  const salarie = { ...person, status: 'salarie' as const };
  assert.ok(!ids(fundingFor(salarie, 'formation-certifiante', { eligibleCpf: false, financeurs: [] })).includes('cpf'));
  const yes = fundingFor(salarie, 'formation-certifiante', { eligibleCpf: true, financeurs: ['17'] });
  assert.ok(ids(yes).includes('cpf'));
  assert.ok(yes.routes.find((r) => r.id === 'transitions-pro-ptp')!.why.some((w) => /Transitions Pro/.test(w)));
  assert.ok(!ids(fundingFor(salarie, 'formation-certifiante')).includes('france-travail-aif'));
});
