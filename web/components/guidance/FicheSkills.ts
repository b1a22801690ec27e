/**
 * The skills of a fiche as a person reviews them (to untick those not practised): savoir-faire by
 * macro-compétence, savoir-être, savoirs by catégorie, read from the fiche API. The codes are the
 * ROME item codes (code OGR) that the transitions API takes in `exclude`.
 */
export interface SkillGroup {
  id: string;
  label: string;
  items: { code: string; label: string }[];
}

interface FicheItem { codeOgr: string; label: string }
export interface FicheForSkills {
  code: string;
  label: string;
  savoirFaire: { codeOgr: string; label: string; cited: boolean; items: FicheItem[] }[];
  savoirEtre: FicheItem[];
  savoirs: { categorie: string; items: FicheItem[] }[];
}

export function skillGroups(fiche: FicheForSkills): SkillGroup[] {
  const groups: SkillGroup[] = [];
  fiche.savoirFaire.forEach((g, i) => {
    const items = g.items.map((it) => ({ code: it.codeOgr, label: it.label }));
    if (g.cited && g.codeOgr) items.unshift({ code: g.codeOgr, label: `${g.label} (dans son ensemble)` });
    if (items.length) groups.push({ id: `sf-${i}`, label: g.label, items });
  });
  if (fiche.savoirEtre.length) {
    groups.push({ id: 'se', label: 'Savoir-être professionnels', items: fiche.savoirEtre.map((it) => ({ code: it.codeOgr, label: it.label })) });
  }
  fiche.savoirs.forEach((s, i) => {
    if (s.items.length) groups.push({ id: `sa-${i}`, label: `Savoirs : ${s.categorie}`, items: s.items.map((it) => ({ code: it.codeOgr, label: it.label })) });
  });
  // A code appears once even when the fiche cites it under two headings.
  const seen = new Set<string>();
  for (const g of groups) g.items = g.items.filter((it) => !seen.has(it.code) && seen.add(it.code));
  return groups.filter((g) => g.items.length);
}
