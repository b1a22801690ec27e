/**
 * « Revue de la carte des formations » (/pilotage/formations): each formation of the région followed
 * by InserJeunes, its employment rate at 6 months and further-study rate against the regional
 * average of its voie, a quadrant chart (server-drawn SVG) with its table, the « formations à
 * examiner » with their reason, the low-pressure offers by school and the schools' value added.
 * A GET form (voie, level): everything works without JavaScript.
 */
import { useLoaderData } from 'react-router';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ScrollTable } from '../../components/training.tsx';
import { QuadrantChart } from '../../components/pilotage/QuadrantChart.tsx';
import trainingsCss from '../../styles/trainings.css?url';
import type { Quadrant, ReviewVoie } from '../../../src/steering/review-contract.ts';

export const links = () => [{ rel: 'stylesheet', href: trainingsCss }];

// The contract's values, repeated here: the portal reads the contracts in types only.
type Voie = ReviewVoie;
const REVIEW_VOIES: readonly Voie[] = ['scolaire', 'apprentissage'];
const REVIEW_LEVELS = ['5', '4', '3'] as const;
type Level = (typeof REVIEW_LEVELS)[number];
const LEVEL_NAMES: Record<Level, string> = {
  '5': 'CAP et équivalents',
  '4': 'baccalauréat professionnel, BP et équivalents',
  '3': 'BTS, DUT et équivalents',
};
const QUADRANT_LABELS: Record<Quadrant, string> = {
  'emploi+ etudes+': 'emploi et poursuite d’études au-dessus de la moyenne',
  'emploi+ etudes-': 'emploi au-dessus, poursuite d’études sous la moyenne',
  'emploi- etudes+': 'emploi sous la moyenne, poursuite d’études au-dessus',
  'emploi- etudes-': 'emploi et poursuite d’études sous la moyenne',
};
const VOIES: Record<Voie, string> = { scolaire: 'Voie scolaire', apprentissage: 'Apprentissage' };
const OFFERS_SHOWN = 50;
const SCHOOLS_SHOWN = 30;

export async function loader({ request, context }: LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const voie = (REVIEW_VOIES as readonly string[]).includes(sp.get('voie') ?? '') ? (sp.get('voie') as Voie) : undefined;
  const niveau = (REVIEW_LEVELS as readonly string[]).includes(sp.get('niveau') ?? '') ? (sp.get('niveau') as Level) : undefined;
  const res = await context.api.get('/api/v1/steering/review', { query: { region: theme.regionCode, voie, niveau } });
  const error = apiError(res);
  if (error || res.status !== 200) return { form: { voie, niveau }, error: error?.message ?? 'Le service ne répond pas.', review: null };
  return { form: { voie, niveau }, error: null, review: res.body };
}

export function meta() {
  return [{ title: `Revue de la carte des formations – ${theme.name}` }];
}

const n = (x: number) => x.toLocaleString('fr-FR');
const rate = (x: number | null) => (x === null ? '–' : `${x.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`);
const gap = (x: number | null) =>
  x === null ? '–' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toLocaleString('fr-FR', { maximumFractionDigits: 1 })}`;
const ratio = (x: number | null) => (x === null ? '–' : x.toLocaleString('fr-FR', { maximumFractionDigits: 2 }));
const share = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);

export default function ReviewPage() {
  const { form, error, review: r } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Revue de la carte des formations</h1>
      <p>
        Pour chaque formation professionnelle de la région suivie par InserJeunes (voie scolaire et apprentissage) : le taux d’emploi six
        mois après la sortie et le taux de poursuite d’études, comparés à la moyenne régionale de sa voie ; la pression (demandes par place)
        et le remplissage là où Affelnet ou Parcoursup les donnent ; les formations à examiner, avec leur raison.
      </p>
      <form method="get" action="/pilotage/formations" aria-label="Choix des formations" className="training-search">
        <div className="search-grid">
          <div className="field field-wide">
            <label htmlFor="voie">Voie</label>
            <select id="voie" name="voie" defaultValue={form.voie ?? ''}>
              <option value="">Les deux voies</option>
              {REVIEW_VOIES.map((v) => (
                <option key={v} value={v}>
                  {VOIES[v]}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="niveau">Niveau du diplôme</label>
            <select id="niveau" name="niveau" defaultValue={form.niveau ?? ''}>
              <option value="">Tous les niveaux</option>
              {REVIEW_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {LEVEL_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button">
          Afficher
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {r ? (
        <>
          <section aria-labelledby="moyennes">
            <h2 id="moyennes">Moyennes régionales</h2>
            <p>
              {r.region.name}, InserJeunes {r.vintages.inserjeunes?.replace('_', '-') ?? '(absent)'} : {n(r.formations.length)} formations
              retenues, {n(r.excludedSmallCohorts)} écartées parce qu’elles comptent moins de 20 élèves ou apprentis en année terminale.
            </p>
            <ScrollTable id="moyennes-table" caption="Moyennes régionales par voie (tous les sortants de la voie)">
              <thead>
                <tr>
                  <th scope="col">Voie</th>
                  <th scope="col">Taux d’emploi à 6 mois</th>
                  <th scope="col">Poursuite d’études</th>
                  <th scope="col">Formations retenues</th>
                </tr>
              </thead>
              <tbody>
                {r.averages.map((a) => (
                  <tr key={a.voie}>
                    <th scope="row">{VOIES[a.voie]}</th>
                    <td>{rate(a.employment)}</td>
                    <td>{rate(a.furtherStudy)}</td>
                    <td>{n(a.formations)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </section>

          <section aria-labelledby="a-examiner">
            <h2 id="a-examiner">{r.toReview.length ? `${n(r.toReview.length)} formations à examiner` : 'Aucune formation à examiner'}</h2>
            <ul className="break" id="liste-a-examiner">
              {r.toReview.map((f) => (
                <li key={`${f.voie}-${f.key}`}>
                  <strong>{f.label}</strong> ({VOIES[f.voie].toLowerCase()}
                  {f.diplome ? `, ${f.diplome}` : ''}) : {f.reasons.join(' ; ')}.
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="quadrants">
            <h2 id="quadrants">Emploi et poursuite d’études : les quatre quadrants</h2>
            <QuadrantChart
              id="quadrant-chart"
              title="Formations selon leur écart à la moyenne régionale de leur voie"
              description={`${r.quadrants.map((q) => `${q.label} : ${q.formations} formations`).join(' ; ')}. Le tableau qui suit donne chaque formation.`}
              points={r.formations
                .filter((f) => f.employmentGap !== null && f.furtherStudyGap !== null)
                .map((f) => ({ label: f.label, x: f.employmentGap!, y: f.furtherStudyGap!, flagged: f.reasons.length > 0 }))}
            />
            <ScrollTable id="quadrants-table" caption="Nombre de formations par quadrant">
              <thead>
                <tr>
                  <th scope="col">Quadrant</th>
                  <th scope="col">Formations</th>
                </tr>
              </thead>
              <tbody>
                {r.quadrants.map((q) => (
                  <tr key={q.quadrant}>
                    <th scope="row">{q.label}</th>
                    <td>{n(q.formations)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            <details className="pf-details">
              <summary>Le tableau des {n(r.formations.length)} formations, alternative au graphique</summary>
              <ScrollTable
                id="formations-table"
                caption="Chaque formation : insertion, poursuite d’études, pression et remplissage (la plus sous la moyenne d’emploi d’abord)"
              >
                <thead>
                  <tr>
                    <th scope="col">Formation</th>
                    <th scope="col">Voie</th>
                    <th scope="col">Diplôme</th>
                    <th scope="col">En année terminale</th>
                    <th scope="col">Emploi à 6 mois</th>
                    <th scope="col">Écart (points)</th>
                    <th scope="col">Poursuite d’études</th>
                    <th scope="col">Écart (points)</th>
                    <th scope="col">Quadrant</th>
                    <th scope="col">Pression</th>
                    <th scope="col">Remplissage</th>
                    <th scope="col">Prioritaire</th>
                  </tr>
                </thead>
                <tbody>
                  {r.formations.map((f) => (
                    <tr key={`${f.voie}-${f.key}`}>
                      <th scope="row">{f.label}</th>
                      <td>{VOIES[f.voie]}</td>
                      <td>{f.diplome ?? '–'}</td>
                      <td>{n(f.cohort)}</td>
                      <td>{rate(f.employment)}</td>
                      <td>{gap(f.employmentGap)}</td>
                      <td>{rate(f.furtherStudy)}</td>
                      <td>{gap(f.furtherStudyGap)}</td>
                      <td>{f.quadrant ? QUADRANT_LABELS[f.quadrant] : '–'}</td>
                      <td>{f.pressure === null ? '–' : `${ratio(f.pressure)} (${f.demandSource})`}</td>
                      <td>{share(f.fillRate)}</td>
                      <td>{f.priority ? 'oui' : 'non'}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            </details>
          </section>

          {r.offers.length ? (
            <section aria-labelledby="faible-pression">
              <h2 id="faible-pression">Formations par établissement à faible pression</h2>
              <ScrollTable
                id="offres"
                caption={`Moins d’une demande pour deux places (au moins 10 places), la plus faible pression d’abord${r.offers.length > OFFERS_SHOWN ? ` : les ${OFFERS_SHOWN} premières sur ${n(r.offers.length)}` : ''}`}
              >
                <thead>
                  <tr>
                    <th scope="col">Établissement</th>
                    <th scope="col">Formation</th>
                    <th scope="col">Statut</th>
                    <th scope="col">Demandes</th>
                    <th scope="col">Places</th>
                    <th scope="col">Pression</th>
                  </tr>
                </thead>
                <tbody>
                  {r.offers.slice(0, OFFERS_SHOWN).map((o) => (
                    <tr key={`${o.uai}-${o.key}-${o.statut}`}>
                      <th scope="row">
                        {o.name ?? o.uai}
                        {o.commune ? ` (${o.commune})` : ''}
                      </th>
                      <td>{o.label}</td>
                      <td>{VOIES[o.statut]}</td>
                      <td>{n(o.wishes)}</td>
                      <td>{n(o.capacity)}</td>
                      <td>
                        {ratio(o.pressure)} ({o.source})
                      </td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            </section>
          ) : null}

          {r.etablissements.length ? (
            <section aria-labelledby="etablissements">
              <h2 id="etablissements">Établissements : emploi observé et attendu</h2>
              <p>
                InserJeunes {r.vintages.etablissements?.replace('_', '-')} par établissement : le taux d’emploi attendu tient compte des
                formations et du public de l’établissement ; la valeur ajoutée est l’écart entre les deux.
              </p>
              <ScrollTable
                id="etablissements-table"
                caption={`Les ${Math.min(SCHOOLS_SHOWN, r.etablissements.length)} établissements à la plus faible valeur ajoutée`}
              >
                <thead>
                  <tr>
                    <th scope="col">Établissement</th>
                    <th scope="col">Type</th>
                    <th scope="col">Emploi à 6 mois</th>
                    <th scope="col">Attendu</th>
                    <th scope="col">Valeur ajoutée (points)</th>
                    <th scope="col">Poursuite d’études</th>
                  </tr>
                </thead>
                <tbody>
                  {r.etablissements.slice(0, SCHOOLS_SHOWN).map((e) => (
                    <tr key={`${e.uai}-${e.voie}`}>
                      <th scope="row" className="break">
                        {e.name}
                      </th>
                      <td>{e.voie}</td>
                      <td>{rate(e.employment)}</td>
                      <td>{rate(e.expected)}</td>
                      <td>{gap(e.valueAdded)}</td>
                      <td>{rate(e.furtherStudy)}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            </section>
          ) : null}

          <section aria-labelledby="methode">
            <h2 id="methode">Règles, méthode et sources</h2>
            <ul className="break">
              {[...r.rules, ...r.notes].map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
