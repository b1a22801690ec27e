import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SkillsModel, SkillsProfileError, type RawSkillsData, type RawItem } from '../../src/guidance/skills-model.ts';
import { SIGNALS } from '../../src/guidance/transitions-model.ts';

/**
 * A hand-written referential: a baker, a pastry cook and a chef boulanger share specific bakery
 * skills; every fiche shares « Travailler en équipe » and hygiene, which say little.
 */
const sf = (code: string, label: string, macro: string | null = 'M1'): RawItem => ({
  code,
  label,
  kind: 'savoir-faire',
  macro,
  category: null,
  subCategory: 'Technique',
});
const ITEMS: RawItem[] = [
  {
    code: 'M1',
    label: 'Réaliser des préparations de boulangerie',
    kind: 'savoir-faire',
    macro: null,
    category: null,
    subCategory: 'Technique',
  },
  sf('P1', 'Pétrir la pâte à pain'),
  sf('P2', 'Façonner les pâtons'),
  sf('P3', 'Confectionner des pâtisseries'),
  sf('P4', 'Superviser une équipe de boulangers', null),
  sf('V1', 'Encaisser un paiement', null),
  sf('V2', 'Conseiller un client', null),
  { code: 'E1', label: 'Travailler en équipe', kind: 'savoir-etre', macro: null, category: null, subCategory: null },
  { code: 'S1', label: 'Règles d’hygiène alimentaire', kind: 'savoir', macro: null, category: 'Normes et procédés', subCategory: null },
  { code: 'C1', label: 'Travail de nuit', kind: 'contexte', macro: null, category: 'Horaires et durée du travail', subCategory: null },
];
const FICHES = [
  ['BOUL1', 'Boulanger', ['P1', 'P2', 'E1', 'S1', 'C1']],
  ['BOUL2', 'Chef boulanger', ['P1', 'P2', 'P4', 'E1', 'S1', 'C1']],
  ['PAT01', 'Pâtissier', ['P3', 'E1', 'S1']],
  ['VEND1', 'Vendeur', ['V1', 'V2', 'E1', 'S1']],
  ['CAIS1', 'Caissier', ['V1', 'E1', 'S1']],
] as const;

function fixture(): RawSkillsData {
  return {
    // Bakers and the pastry cook in one grand domaine, sellers in another.
    fiches: FICHES.map(([code, label]) => ({
      code,
      label,
      grandDomaine: code[0] === 'V' || code[0] === 'C' ? 'V' : 'D',
      domaineProfessionnel: code.slice(0, 3),
    })),
    items: ITEMS,
    links: FICHES.flatMap(([code, , items]) => items.map((item) => ({ fiche: code, item, coeurMetier: item === 'P1' }))),
    escoSkills: [
      { uri: 'esco:skill/petrir', labels: ['pétrir la pâte à pain'] },
      { uri: 'esco:skill/souder', labels: ['souder à l’arc'] },
    ],
    escoOccupations: [{ uri: 'esco:occupation/boulanger', fiche: 'BOUL1' }],
  };
}

test('transitions rank by weighted coverage of the target: specific shared skills beat common ones; scores in [0, 1], the source left out', () => {
  const model = new SkillsModel(fixture());
  const list = model.transitions(model.profile({ occupations: ['BOUL1'] }), { limit: 10 });
  assert.equal(list[0].code, 'BOUL2');
  assert.deepEqual(list.map((t) => t.code).sort(), ['BOUL2', 'CAIS1', 'PAT01', 'VEND1']);
  // The cashier lacks one skill, the seller two: less of the seller is covered.
  assert.ok(list.findIndex((t) => t.code === 'CAIS1') < list.findIndex((t) => t.code === 'VEND1'));
  for (let i = 0; i < list.length; i++) {
    assert.ok(list[i].score >= 0 && list[i].score <= 1);
    if (i) assert.ok(list[i - 1].score >= list[i].score);
  }
  // Every fiche cites E1 and S1: the chef boulanger's coverage comes mostly from P1/P2 (rare, P1 cœur de métier).
  const chef = list[0];
  const weight = (code: string) => chef.shared.find((s) => s.code === code)?.weight ?? 0;
  assert.ok(weight('P1') > weight('P2') && weight('P2') > weight('S1') && weight('S1') > weight('E1'));
  // A macro-compétence cited by the fiche is its own group.
  assert.deepEqual(chef.missing, [
    {
      macro: { code: 'P4', label: 'Superviser une équipe de boulangers' },
      skills: [
        { code: 'P4', label: 'Superviser une équipe de boulangers', kind: 'savoir-faire', weight: chef.missing[0].skills[0].weight },
      ],
    },
  ]);
});

test('shared and missing together are the target items, their weights summing to 1, and coverage is the shared part', () => {
  const model = new SkillsModel(fixture());
  const profile = model.profile({ occupations: ['PAT01'] });
  for (const code of ['BOUL1', 'BOUL2', 'VEND1']) {
    const t = model.compare(profile, code)!;
    const missing = t.missing.flatMap((g) => g.skills);
    assert.deepEqual(
      [...t.shared, ...missing].map((s) => s.code).sort(),
      model
        .ficheSkills(code)!
        .map((s) => s.code)
        .sort(),
    );
    const sum = (list: { weight: number }[]) => list.reduce((a, s) => a + s.weight, 0);
    assert.ok(Math.abs(sum(t.shared) + sum(missing) - 1) < 1e-3);
    assert.ok(Math.abs(sum(t.shared) - t.coverage) < 1e-3);
  }
  // The pastry cook's missing bakery skills sit under their macro-compétence.
  const boul = model.compare(profile, 'BOUL1')!;
  assert.deepEqual(boul.missing[0].macro, { code: 'M1', label: 'Réaliser des préparations de boulangerie' });
  assert.equal(model.compare(profile, 'NOPE1'), null);
});

test('unticking skills of an occupation held lowers the coverage; picked skills alone make a profile', () => {
  const model = new SkillsModel(fixture());
  const full = model.compare(model.profile({ occupations: ['BOUL1'] }), 'BOUL2')!;
  const unticked = model.compare(model.profile({ occupations: ['BOUL1'], exclude: ['P1'] }), 'BOUL2')!;
  assert.ok(unticked.coverage < full.coverage && unticked.score < full.score);
  assert.ok(!unticked.shared.some((s) => s.code === 'P1'));
  const picked = model.profile({ skills: ['V1'] });
  assert.deepEqual([...picked.items], ['V1']);
  assert.equal(model.transitions(picked, { limit: 1 })[0].code, 'CAIS1');
});

test('ESCO skills map to the ROME item of the same label, ESCO occupations to their fiche; unknown values name their field', () => {
  const model = new SkillsModel(fixture());
  const profile = model.profile({ esco: ['esco:skill/petrir', 'esco:skill/souder', 'esco:occupation/boulanger'] });
  assert.deepEqual(profile.occupations, ['BOUL1']);
  assert.ok(profile.items.has('P1') && profile.items.has('C1'));
  assert.deepEqual(profile.unmappedEsco, ['esco:skill/souder']);

  const error = (input: object) => {
    try {
      model.profile(input);
    } catch (e) {
      assert.ok(e instanceof SkillsProfileError);
      return { field: e.field, code: e.code };
    }
    assert.fail('no error');
  };
  assert.deepEqual(error({ occupations: ['BOUL1', 'ZZZ99'] }), { field: 'occupations/1', code: 'ZZZ99' });
  assert.deepEqual(error({ skills: ['nope'] }), { field: 'skills/0', code: 'nope' });
  assert.deepEqual(error({ exclude: ['nope'] }), { field: 'exclude/0', code: 'nope' });
  assert.deepEqual(error({ esco: ['esco:skill/unknown'] }), { field: 'esco/0', code: 'esco:skill/unknown' });
});

test('skill search ignores accents and case and matches word starts', () => {
  const model = new SkillsModel(fixture());
  assert.deepEqual(
    model.searchSkills('PETRIR').map((h) => h.code),
    ['P1'],
  );
  assert.deepEqual(
    model.searchSkills('patis').map((h) => h.code),
    ['P3'],
  );
  assert.deepEqual(model.searchSkills('pate pain')[0], {
    code: 'P1',
    label: 'Pétrir la pâte à pain',
    kind: 'savoir-faire',
    macro: { code: 'M1', label: 'Réaliser des préparations de boulangerie' },
    fiches: 2,
  });
  assert.deepEqual(model.searchSkills('  '), []);
});

test('beside the items: a shared macro-compétence, the texts, appellations and V3 parent of the occupations held raise a target; picked skills alone use only the macro-compétences', () => {
  const data = fixture();
  // Two copies of the seller, one with the baker's words and V3 parent, the other with unrelated ones.
  data.fiches.push(
    {
      code: 'VEND2',
      label: 'Vendeur en boulangerie',
      grandDomaine: 'V',
      domaineProfessionnel: 'VEN',
      parent: 'BOUL1',
      text: 'Vend le pain et les viennoiseries du fournil.',
      appellations: ['Vendeur en boulangerie'],
      classes: ['theme:1'],
    },
    {
      code: 'VEND3',
      label: 'Vendeur en quincaillerie',
      grandDomaine: 'V',
      domaineProfessionnel: 'VEN',
      parent: 'VEND3',
      text: 'Vend des outils et de la visserie.',
      appellations: ['Vendeur en quincaillerie'],
      classes: ['theme:2'],
    },
  );
  for (const code of ['VEND2', 'VEND3'])
    for (const item of ['V1', 'V2', 'E1', 'S1']) data.links.push({ fiche: code, item, coeurMetier: false });
  const baker = data.fiches.find((f) => f.code === 'BOUL1')!;
  Object.assign(baker, {
    parent: 'BOUL1',
    text: 'Fabrique le pain et les viennoiseries au fournil.',
    appellations: ['Boulanger'],
    classes: ['theme:1'],
  });
  const model = new SkillsModel(data);
  const held = model.profile({ occupations: ['BOUL1'] });
  const near = model.compare(held, 'VEND2')!;
  const far = model.compare(held, 'VEND3')!;
  assert.equal(near.coverage, far.coverage);
  assert.ok(near.score > far.score);
  // Picked skills: no occupation held, so no text nor parent; the two sellers are alike.
  const picked = model.profile({ skills: ['P1', 'E1', 'S1'] });
  assert.equal(model.compare(picked, 'VEND2')!.score, model.compare(picked, 'VEND3')!.score);
  // P3 is not cited by the baker but shares its macro-compétence M1 with P1/P2: the pastry cook
  // scores above zero on the macro-compétence alone against a profile of P1 only.
  const macroOnly = new SkillsModel(data, { words: 0 });
  const pastry = macroOnly.compare(macroOnly.profile({ skills: ['P1'] }), 'PAT01')!;
  assert.equal(pastry.coverage, 0);
  assert.ok(pastry.score > 0);
  const none = new SkillsModel(data, { words: 0, macro: 0 });
  assert.equal(none.compare(none.profile({ skills: ['P1'] }), 'PAT01')!.score, 0);
});

test('each result explains itself: relevance orders the list, a confidence band, reasons in French, every signal, and the effort says VAE or formation', () => {
  const data = fixture();
  // The chef boulanger is an emploi de cadre: moving there from the baker is a step up, the reverse a step down.
  data.fiches = data.fiches.map((f) => ({ ...f, cadre: f.code === 'BOUL2', riasec: f.code.startsWith('V') ? 'EC' : 'R' }));
  const model = new SkillsModel(data);
  const list = model.transitions(model.profile({ occupations: ['BOUL1'] }), { limit: 4 });
  assert.equal(list[0].code, 'BOUL2');
  for (const [i, t] of list.entries()) {
    if (i) assert.ok(list[i - 1].relevance >= t.relevance);
    assert.ok(['élevée', 'moyenne', 'faible'].includes(t.confidence));
    assert.ok(t.reasons.length <= 3);
    assert.equal(t.components.length, SIGNALS.length);
  }
  const up = list[0];
  assert.equal(up.effort.step, 'montee');
  assert.equal(up.effort.route, 'vae');
  assert.match(up.effort.text, /une VAE ou un bloc de compétences peut suffire pour le savoir-faire manquant\. C’est un emploi de cadre/);
  assert.match(up.reasons[0], /^Vous avez déjà \d+ % de ses compétences, dont « /);
  // Asymmetry: the chef boulanger covers all of the baker, the baker not all of the chef.
  const down = model.compare(model.profile({ occupations: ['BOUL2'] }), 'BOUL1')!;
  assert.equal(down.effort.step, 'descente');
  assert.equal(down.effort.missingSkills, 0);
  assert.ok(down.coverage > up.coverage);
  const seller = list.find((t) => t.code === 'VEND1') ?? model.compare(model.profile({ occupations: ['BOUL1'] }), 'VEND1')!;
  assert.equal(seller.effort.route, 'formation');
  assert.match(seller.effort.text, /une formation est à prévoir pour les 2 savoir-faire manquants/);
});

test('without a learned ranking the list follows the hand-tuned score, as the evaluation’s “classement actuel”', () => {
  const model = new SkillsModel(fixture(), { ranking: null });
  const list = model.transitions(model.profile({ occupations: ['BOUL1'] }), { limit: 4 });
  for (const [i, t] of list.entries()) {
    assert.equal(t.relevance, t.score);
    assert.deepEqual(t.components, []);
    if (i) assert.ok(list[i - 1].score >= t.score);
  }
});
