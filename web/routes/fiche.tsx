/**
 * Fiche métier (/metiers/:code): the ROME 4.0 fiche (definition, access, appellations, skills by
 * macro-compétence, savoirs, savoir-être, contexts, official mobilités), then the occupation in a
 * territory chosen in the URL (?commune=INSEE, or ?lieu=name resolved and redirected): tension,
 * unemployment, trainings nearby, employment rates of the diplomas — each with source and vintage.
 * Server HTML only: no JavaScript needed. After the definition, the sections are folds (closed on a
 * phone, open on a wide screen) under a table of contents (web/components/Fold.tsx). The ROME
 * sections are rendered once per fiche and import (web/fragments.ts).
 */
import { redirect, useLoaderData } from 'react-router';
import { notFoundUnless, type ApiResult, type LoaderArgs } from '../api.ts';
import { theme } from '../theme.ts';
import { countOf } from '../../src/common/format.ts';
import { titleCase } from '../../src/common/text.ts';
import { Fold, FoldToc, type FoldEntry } from '../components/Fold.tsx';
import { renderToStaticMarkup } from 'react-dom/server';
import { keptOnce } from '../fragments.ts';
import { TrainingCard } from '../components/training.tsx';
import { ScrollTable, SourceLine, formatCount, formatPercent, formatVintage, latestYear, tensionWords } from '../components/figures.tsx';
import trainingsCss from '../styles/trainings.css?url';
import type { Fiche } from '../../src/referentials/contract.ts';
import type { OccupationTerritory } from '../../src/views/contract.ts';

export const links = () => [{ rel: 'stylesheet', href: trainingsCss }];

const COMMUNE_CODE = /^(\d[\dAB]\d{3})$/;

export async function loader({ params, request, context }: LoaderArgs) {
  const url = new URL(request.url);
  const code = (params.code ?? '').toUpperCase();
  const lieu = (url.searchParams.get('lieu') ?? '').trim().slice(0, 100);
  const commune = (url.searchParams.get('commune') ?? '').trim().toUpperCase();
  const validCommune = COMMUNE_CODE.test(commune);
  // The fiche and the occupation in the chosen commune (or the region) are asked at once. Of the
  // fiche, the page keeps per import (web/fragments.ts) what it shows itself and its ROME sections
  // as HTML: the page carries that rather than the whole fiche, which React Router would encode
  // into it at each render, and the next page of this fiche needs no call for it.
  const territoryOf = (level: 'commune' | 'region', territoryCode: string) =>
    context.api.get('/api/v1/occupations/:code/territory/:level/:territoryCode', { params: { code, level, territoryCode } });
  const [kept, first] = await Promise.all([
    keptOnce(context.platform.dataVersion, `fiche ${code}`, async () => {
      const res = await context.api.get('/api/v1/occupations/:code', { params: { code } });
      // No fiche: thrown, so that it is not kept, and answered below.
      if (res.status !== 200) throw res;
      const head = headOf(res.body);
      return { fiche: head, reference: renderToStaticMarkup(<FicheReference fiche={res.body} sections={head.sections} />) };
    }).catch((error: unknown) =>
      error instanceof Error ? Promise.reject(error) : ficheMissing(error as ApiResult<unknown>, params.code ?? ''),
    ),
    lieu ? null : validCommune ? territoryOf('commune', commune) : territoryOf('region', theme.regionCode),
  ]);
  const { fiche, reference } = kept;
  if (params.code !== fiche.code) throw redirect(`/metiers/${fiche.code}${url.search}`, 301);

  // A commune typed by name or postcode: resolve it, keep only its INSEE code in the URL.
  if (lieu) {
    const hits = await context.api.get('/api/v1/territories/communes', { query: { q: lieu, limit: 1, region: theme.regionCode } });
    const hit = hits.status === 200 ? hits.body[0] : undefined;
    if (hit) throw redirect(`/metiers/${fiche.code}?commune=${hit.code}#territoire`);
    return {
      fiche,
      reference,
      local: null,
      lieu,
      error: `Aucune commune ne correspond à « ${lieu} ». Essayez un autre nom ou un code postal.`,
    };
  }
  // A malformed commune code was not asked (the region was); an unknown one answered 404.
  const notCode = `« ${commune} » n’est pas un code de commune (code INSEE à cinq caractères).`;
  if (first?.status === 200) return { fiche, reference, local: first.body, lieu, error: commune && !validCommune ? notCode : null };
  const error = validCommune ? `Commune inconnue : ${commune}. Voici les chiffres de la région.` : null;
  const region = await territoryOf('region', theme.regionCode);
  return { fiche, reference, local: region.status === 200 ? region.body : null, lieu, error };
}

/** The page's answer when the API gave no fiche: a 404 for a malformed or unknown code, else the API's error. */
function ficheMissing(res: ApiResult<unknown>, asked: string): never {
  const unknown = `Aucune fiche métier ne porte le code « ${asked} ».`;
  if (res.status === 400)
    throw new Response(`« ${asked} » n’est pas un code de fiche métier (une lettre et quatre chiffres, par exemple D1102).`, {
      status: 404,
    });
  notFoundUnless(res, unknown);
  throw new Response(unknown, { status: 404 });
}

export function meta({ data }: { data?: { fiche: FicheHead; local: OccupationTerritory | null } }) {
  if (!data) return [{ title: `Métier introuvable – ${theme.name}` }];
  const where = data.local?.territory.level === 'commune' ? ` à ${data.local.territory.name}` : '';
  return [
    { title: `${data.fiche.label}${where} : fiche métier ${data.fiche.code} – ${theme.name}` },
    { name: 'description', content: `${data.fiche.label} : définition, accès, compétences, tension et formations près de chez vous.` },
  ];
}

function lines(text: string | null): string[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

function Mark({ item }: { item: { coeurMetier: boolean; emergente: boolean } }) {
  if (item.coeurMetier)
    return (
      <>
        {' '}
        <span className="tag">cœur de métier</span>
      </>
    );
  if (item.emergente)
    return (
      <>
        {' '}
        <span className="tag">émergente</span>
      </>
    );
  return null;
}

export default function FichePage() {
  const { fiche, reference, local, lieu, error } = useLoaderData<typeof loader>();
  const definition = lines(fiche.definition);
  const folds: FoldEntry[] = [...(fiche.accesMetier ? [ACCES] : []), { id: 'territoire', title: localHeading(local) }, ...fiche.sections];
  return (
    <article className="fiche">
      <p className="breadcrumb">
        <a href="/">Accueil</a> › Fiche métier
      </p>
      <h1>
        {fiche.label} <span className="source">({fiche.code})</span>
      </h1>
      <ul className="tag-list" aria-label="Caractéristiques">
        {fiche.domaineProfessionnel ? <li className="tag">{fiche.domaineProfessionnel.label}</li> : null}
        {fiche.emploiReglemente ? <li className="tag">emploi réglementé</li> : null}
        {fiche.emploiCadre ? <li className="tag">emploi cadre</li> : null}
      </ul>

      {definition.length ? (
        <section aria-labelledby="definition">
          <h2 id="definition">Définition</h2>
          <p>{definition[0]}</p>
          {definition.length > 1 ? (
            <ul>
              {definition.slice(1).map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      <FoldToc entries={folds} />

      {fiche.accesMetier ? (
        <Fold {...ACCES}>
          {lines(fiche.accesMetier).map((l, i) => (
            <p key={i}>{l}</p>
          ))}
        </Fold>
      ) : null}

      <nav aria-label="Aller plus loin" className="next-steps card">
        <h2>Aller plus loin</h2>
        <ul>
          <li>
            <a href={`/formations?rome=${fiche.code}${local?.territory.level === 'commune' ? `&commune=${local.territory.code}` : ''}`}>
              Les formations qui mènent à ce métier
            </a>
          </li>
          <li>
            <a href={`/competences?from=${fiche.code}`}>Mes compétences ailleurs : vers quels métiers aller depuis celui-ci</a>
          </li>
          <li>
            <a href={`/parcours?to=${fiche.code}`}>Simuler mon parcours pour devenir {fiche.label.toLowerCase()}</a>
          </li>
        </ul>
      </nav>

      <Local fiche={fiche} local={local} lieu={lieu} error={error} />

      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: HTML rendered by React from the fiche (web/fragments.ts), escaped as any render. */}
      <div dangerouslySetInnerHTML={{ __html: reference }} />
      <SourceLine source="France Travail, ROME 4.0 (Licence Ouverte 2.0)" />
    </article>
  );
}

const ACCES: FoldEntry = { id: 'acces', title: 'Accès au métier' };

/** The folds of the ROME sections, in their order (the fiche has no appellation or context: no fold). */
function referenceSections(fiche: Fiche): FoldEntry[] {
  return [
    ...(fiche.appellations.length ? [{ id: 'appellations', title: 'Appellations' }] : []),
    { id: 'competences', title: 'Compétences' },
    ...(fiche.contextes.length ? [{ id: 'contextes', title: 'Contextes de travail' }] : []),
    { id: 'mobilites', title: 'Mobilités professionnelles' },
  ];
}

/** What the page renders itself of the fiche; the ROME sections come as HTML (FicheReference). */
function headOf(fiche: Fiche) {
  const { code, label, domaineProfessionnel, emploiReglemente, emploiCadre, definition, accesMetier } = fiche;
  return { code, label, domaineProfessionnel, emploiReglemente, emploiCadre, definition, accesMetier, sections: referenceSections(fiche) };
}
type FicheHead = ReturnType<typeof headOf>;

/** Appellations, skills, work contexts and official mobilités: the fiche alone decides them. */
function FicheReference({ fiche, sections }: { fiche: Fiche; sections: FoldEntry[] }) {
  const section = (id: string) => sections.find((f) => f.id === id)!;
  const principale = fiche.appellations.find((a) => a.principale);
  const synonymes = fiche.appellations.filter((a) => !a.principale);
  return (
    <>
      {fiche.appellations.length ? (
        <Fold {...section('appellations')}>
          <p>
            Ce métier s’appelle aussi
            {principale ? (
              <>
                {' '}
                (appellation principale : <strong>{principale.label}</strong>)
              </>
            ) : null}{' '}
            :
          </p>
          <ul className="columns">
            {synonymes.map((a) => (
              <li key={a.codeOgr}>{a.label}</li>
            ))}
          </ul>
        </Fold>
      ) : null}

      <Fold {...section('competences')}>
        <p className="source">« cœur de métier » : compétence principale du métier ; « émergente » : en train d’y entrer (ROME 4.0).</p>
        {fiche.savoirFaire.length ? (
          <>
            <h3>Savoir-faire, par macro-compétence</h3>
            {fiche.savoirFaire.map((group) => (
              <section key={group.codeOgr} className="skill-group">
                <h4>
                  {group.label}
                  <Mark item={{ coeurMetier: group.coeurMetier, emergente: false }} />
                </h4>
                {group.items.length ? (
                  <ul>
                    {group.items.map((item) => (
                      <li key={item.codeOgr}>
                        {item.label}
                        <Mark item={item} />
                      </li>
                    ))}
                  </ul>
                ) : null}
              </section>
            ))}
          </>
        ) : null}
        {fiche.savoirs.length ? (
          <>
            <h3>Savoirs</h3>
            {fiche.savoirs.map((group) => (
              <section key={group.categorie} className="skill-group">
                <h4>{group.categorie}</h4>
                <ul>
                  {group.items.map((item) => (
                    <li key={item.codeOgr}>
                      {item.label}
                      <Mark item={item} />
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </>
        ) : null}
        {fiche.savoirEtre.length ? (
          <>
            <h3>Savoir-être professionnels</h3>
            <ul>
              {fiche.savoirEtre.map((item) => (
                <li key={item.codeOgr}>{item.label}</li>
              ))}
            </ul>
          </>
        ) : null}
      </Fold>

      {fiche.contextes.length ? (
        <Fold {...section('contextes')}>
          {fiche.contextes.map((c) => (
            <section key={c.type}>
              <h3>{c.type}</h3>
              <ul>
                {c.items.map((i) => (
                  <li key={i.codeOgr}>{i.label}</li>
                ))}
              </ul>
            </section>
          ))}
        </Fold>
      ) : null}

      <Fold {...section('mobilites')}>
        {fiche.mobilites.length ? (
          <>
            <p>Métiers vers lesquels le ROME indique une mobilité possible :</p>
            <ul>
              {fiche.mobilites.map((m) => (
                <li key={m.code}>
                  <a href={`/metiers/${m.code}`}>{m.label}</a> <span className="source">({m.code})</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>
            Aucune mobilité officielle n’est listée pour ce métier dans les données importées.{' '}
            <a href={`/competences?from=${fiche.code}`}>Chercher les métiers proches par les compétences</a>.
          </p>
        )}
      </Fold>
    </>
  );
}

/** « Ce métier à Nantes et alentours », or in the region. */
function localHeading(local: OccupationTerritory | null): string {
  const t = local?.territory;
  return t?.level === 'commune' ? `Ce métier à ${t.name} et alentours` : `Ce métier en ${t?.name ?? theme.region}`;
}

function Local({ fiche, local, lieu, error }: { fiche: FicheHead; local: OccupationTerritory | null; lieu: string; error: string | null }) {
  const t = local?.territory;
  const isCommune = t?.level === 'commune';
  // Broad certifications that merely list the occupation go under "Voir aussi" (unless there is nothing else).
  const items = local?.insertion.items ?? [];
  const strong = items.filter((i) => i.lien === 'fort');
  const seeAlso = strong.length ? items.filter((i) => i.lien !== 'fort') : [];
  const insertionRows = (strong.length ? strong : items).flatMap((item) => item.outcomes.map((o) => ({ item, o })));
  const vintages = [...new Set(insertionRows.map((r) => r.o.vintage))];
  const formationsHref = `/formations?rome=${fiche.code}${isCommune ? `&commune=${t!.code}` : ''}`;
  return (
    <Fold id="territoire" title={localHeading(local)} className="local">
      <form method="get" action={`/metiers/${fiche.code}`} className="search-row" aria-label="Choisir une commune">
        <div className="field">
          <label htmlFor="lieu">
            Votre commune<span className="hint">Nom ou code postal, par exemple : Angers, 44000</span>
          </label>
          <input
            id="lieu"
            name="lieu"
            type="text"
            defaultValue={lieu || (isCommune ? t!.name : '')}
            autoComplete="address-level2"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'lieu-erreur' : undefined}
          />
        </div>
        <button type="submit" className="button">
          Afficher
        </button>
      </form>
      {error ? (
        <p id="lieu-erreur" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {local ? (
        <>
          <h3>Difficultés de recrutement</h3>
          <Tension local={local} />
          <h3>Chômage</h3>
          <ScrollTable label="Taux de chômage" stack>
            <table>
              <caption>Taux de chômage</caption>
              <thead>
                <tr>
                  <th scope="col">Territoire</th>
                  <th scope="col">Taux</th>
                  <th scope="col">Année</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {local.chomage.departement?.latest && t?.departement ? (
                  <tr>
                    <th scope="row">{t.departement.name}</th>
                    <td data-label="Taux">{formatPercent(local.chomage.departement.latest.taux)}</td>
                    <td data-label="Année">{latestYear(local.chomage.departement.latest.vintage)}</td>
                    <td data-label="Source">{local.chomage.departement.latest.source}</td>
                  </tr>
                ) : null}
                {local.chomage.region?.latest && t?.region ? (
                  <tr>
                    <th scope="row">{t.region.name}</th>
                    <td data-label="Taux">{formatPercent(local.chomage.region.latest.taux)}</td>
                    <td data-label="Année">{latestYear(local.chomage.region.latest.vintage)}</td>
                    <td data-label="Source">{local.chomage.region.latest.source}</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </ScrollTable>

          <h3>Formations qui mènent à ce métier {isCommune ? `à moins de 30 km de ${t!.name}` : `en ${t?.name}`}</h3>
          {local.formationsProches.total ? (
            <>
              <p>
                {local.formationsProches.total} offre{local.formationsProches.total > 1 ? 's' : ''} de formation
                {local.formationsProches.items.some((h) => h.demo) ? ' (offres de démonstration, fictives)' : ''}.
              </p>
              <ul className="card-list">
                {local.formationsProches.items.map((hit) => (
                  <TrainingCard key={`${hit.source}/${hit.formation}`} hit={hit} headingLevel={3} />
                ))}
              </ul>
              <p>
                <a href={formationsHref} className="button button-secondary">
                  Voir les {local.formationsProches.total} formations{isCommune ? ` près de ${t!.name}` : ''}
                </a>
              </p>
            </>
          ) : local.formationsProches.nearest ? (
            <>
              <p>
                Aucune offre à moins de 30 km de {t!.name}. Voici les plus proches, jusqu’à {local.formationsProches.nearest.radiusKm} km.
              </p>
              <ul className="card-list">
                {local.formationsProches.nearest.items.map((hit) => (
                  <TrainingCard key={`${hit.source}/${hit.formation}`} hit={hit} headingLevel={3} />
                ))}
              </ul>
              <p>
                <a
                  href={`/formations?rome=${fiche.code}&commune=${t!.code}&rayon=${[50, 100, 200].find((r) => r >= local.formationsProches.nearest!.radiusKm) ?? 200}`}
                >
                  Voir les formations plus loin de {t!.name}
                </a>
              </p>
            </>
          ) : (
            <p>
              Aucune offre de formation menant à ce métier n’est publiée {isCommune ? 'dans ce rayon' : 'sur ce territoire'}.{' '}
              <a href={`/formations?rome=${fiche.code}`}>Chercher partout</a>.
            </p>
          )}

          <h3>Insertion des diplômés</h3>
          {insertionRows.length ? (
            <>
              <ScrollTable label="Devenir des diplômés" stack>
                <table>
                  <caption>
                    Devenir des sortants des diplômes menant au métier en {t?.region?.name ?? theme.region} (InserJeunes,{' '}
                    {vintages.map(formatVintage).join(', ')})
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Diplôme</th>
                      <th scope="col">Voie</th>
                      <th scope="col">Sortants</th>
                      <th scope="col">En emploi à 6 mois</th>
                      <th scope="col">En emploi à 12 mois</th>
                      <th scope="col">Poursuivent leurs études</th>
                    </tr>
                  </thead>
                  <tbody>
                    {insertionRows.map(({ item, o }) => (
                      <tr key={`${item.cfd}-${o.voie}-${o.vintage}`}>
                        <th scope="row">{item.certification.label}</th>
                        <td data-label="Voie">{o.voie}</td>
                        <td data-label="Sortants">{formatCount(o.effectifs.sortants)}</td>
                        <td data-label="En emploi à 6 mois">{o.sousSeuil.emploi ? 'non publié*' : formatPercent(o.tauxEmploi6Mois)}</td>
                        <td data-label="En emploi à 12 mois">{o.sousSeuil.emploi ? 'non publié*' : formatPercent(o.tauxEmploi12Mois)}</td>
                        <td data-label="Poursuivent leurs études">
                          {o.sousSeuil.poursuiteEtudes ? 'non publié*' : formatPercent(o.tauxPoursuiteEtudes)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollTable>
              <SourceLine source={insertionRows[0].o.source} vintage={vintages.join(', ')}>
                * Taux non publiés sous le seuil de 20 sortants.{' '}
                {local.insertion.sansDonnees
                  ? `${countOf(local.insertion.sansDonnees, 'autre diplôme', 'autres diplômes')} sans chiffre publié dans la région.`
                  : ''}
              </SourceLine>
            </>
          ) : null}
          {seeAlso.length ? (
            <details className="see-also">
              <summary>Voir aussi : diplômes plus larges qui citent ce métier parmi d’autres</summary>
              <ul>
                {seeAlso.map((item) => (
                  <li key={item.cfd}>{item.certification.label}</li>
                ))}
              </ul>
            </details>
          ) : null}
          {insertionRows.length ? null : (
            <p>
              Aucun taux d’insertion publié dans la région pour {local.insertion.certifications > 1 ? 'les' : 'la'}{' '}
              {countOf(local.insertion.certifications, 'certification')} qui {local.insertion.certifications > 1 ? 'mènent' : 'mène'} à ce
              métier.
            </p>
          )}
          {local.notes.length ? (
            <>
              <h3>À savoir</h3>
              <ul className="notes">
                {local.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </Fold>
  );
}

function Tension({ local }: { local: OccupationTerritory }) {
  const { bassin, dares } = local.tension;
  const t = local.territory;
  if (!bassin && !dares.length) return <p>Aucun indicateur de tension n’est publié pour ce métier.</p>;
  return (
    <ScrollTable label="Tension de recrutement" stack>
      <table>
        <caption>Tension de recrutement (plus la classe est haute, plus les employeurs peinent à recruter)</caption>
        <thead>
          <tr>
            <th scope="col">Territoire</th>
            <th scope="col">Tension</th>
            <th scope="col">Détail</th>
            <th scope="col">Année</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {bassin ? (
            <tr>
              <th scope="row">Bassin d’emploi {titleCase(t.bassinBmo?.name ?? bassin.geoCode)}</th>
              <td data-label="Tension">{tensionWords(bassin.tension)}</td>
              <td data-label="Détail">
                {formatCount(bassin.offres)} offres, {formatCount(bassin.demandeurs)} demandeurs d’emploi (moyennes)
              </td>
              <td data-label="Année">{latestYear(bassin.vintage)}</td>
              <td data-label="Source">{bassin.source}</td>
            </tr>
          ) : null}
          {dares.map((d, i) => (
            <tr key={`${d.fap}-${d.geoLevel}-${d.geoCode}`}>
              <th scope="row">
                {/* DARES families have codes, not names a person knows: numbered when there are several. */}
                {geoName(local, d.geoLevel, d.geoCode)} — famille de métiers qui comprend celui-ci
                {dares.length > 1 ? ` (${i + 1} sur ${dares.length})` : ''}
              </th>
              <td data-label="Tension">{tensionWords(d.categorie)}</td>
              <td data-label="Détail">{d.emploiMoyen != null ? `${formatCount(d.emploiMoyen)} emplois (moyenne)` : '—'}</td>
              <td data-label="Année">{latestYear(d.vintage)}</td>
              <td data-label="Source">{d.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function geoName(local: OccupationTerritory, level: string, code: string): string {
  const t = local.territory;
  if (level === 'dep') return t.departement?.code === code ? t.departement.name : `Département ${code}`;
  if (level === 'reg') return t.region?.code === code ? t.region.name : `Région ${code}`;
  if (level === 'nat') return 'France';
  return code;
}
