/**
 * One CFA (/apprentissage/cfa/:uai): where it is, its SIRET, its trainings in alternance from the
 * training offer, its places of training, its InserJeunes figures and what each file of the
 * bundle says of it. Server HTML; an unknown UAI is a French 404.
 */
import { useLoaderData } from 'react-router';
import type { CfaDetail } from '../../../src/apprenticeship/contract.ts';
import { notFoundUnless, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { NATURES } from '../../components/apprentissage/cfa.tsx';
import { DemoTag, ScrollTable, trainingHref } from '../../components/training.tsx';
import trainingsCss from '../../styles/trainings.css?url';
import css from '../../styles/apprentissage.css?url';

export const links = () => [
  { rel: 'stylesheet', href: trainingsCss },
  { rel: 'stylesheet', href: css },
];

export async function loader({ params, context }: LoaderArgs) {
  const uai = params.uai ?? '';
  const res = await context.api.get('/api/v1/apprenticeship/cfa/:uai', { params: { uai } });
  // A malformed UAI names no page either. The text travels as an HTTP status text: Latin-1 only.
  const shown = uai.slice(0, 20).replace(/[^\x20-\x7e]/g, '?');
  return notFoundUnless(res.status === 400 ? { ...res, status: 404 } : res, `Aucun CFA de numéro UAI « ${shown} » dans l'annuaire.`);
}

export function meta({ data }: { data?: CfaDetail }) {
  if (!data) return [{ title: `CFA introuvable – ${theme.name}` }];
  return [{ title: `${data.name}${data.commune ? ` à ${data.commune.name}` : ''} (UAI ${data.uai}) – ${theme.name}` }];
}

/** What each file is, in words. */
const FILES: Record<string, string> = {
  CFASousConvRegionale: 'DEPP, liste des CFA sous convention régionale',
  'organismes-prepa-apprentissage': 'Référentiel UAI-SIRET des organismes de formation',
  referentiel: 'Référentiel des organismes de l’API Apprentissage (extrait)',
};
const fileLabel = (file: string) => {
  const name = file.split('/').pop() ?? file;
  const key = Object.keys(FILES).find((k) => name.startsWith(k));
  return key ? FILES[key] : name;
};

const percent = (n: number | null) => (n === null ? 'non publié' : `${n} %`);

export default function CfaPage() {
  const cfa = useLoaderData<typeof loader>();
  const address = [cfa.address, cfa.address?.includes(cfa.postcode ?? '—') ? null : cfa.postcode].filter(Boolean).join(' ');
  return (
    <>
      <p className="source">
        <a href="/apprentissage/cfa">Annuaire des CFA</a>
      </p>
      <h1>{cfa.name}</h1>
      <dl className="facts">
        <div>
          <dt>Adresse</dt>
          <dd>
            {address || 'non précisée'}
            {cfa.commune ? ` – ${cfa.commune.name}${cfa.departement ? ` (${cfa.departement})` : ''}` : ''}
          </dd>
        </div>
        <div>
          <dt>Numéro UAI</dt>
          <dd>{cfa.uai}</dd>
        </div>
        <div>
          <dt>{cfa.sirets.length > 1 ? 'Numéros SIRET' : 'Numéro SIRET'}</dt>
          <dd>{cfa.sirets.length ? cfa.sirets.join(', ') : 'non précisé'}</dd>
        </div>
        <div>
          <dt>Nature de l’organisme</dt>
          <dd>{cfa.nature ? NATURES[cfa.nature] : 'non précisée'}</dd>
        </div>
        <div>
          <dt>Qualiopi</dt>
          <dd>{cfa.qualiopi === null ? 'non renseigné' : cfa.qualiopi ? 'certifié' : 'non certifié selon le référentiel'}</dd>
        </div>
        <div>
          <dt>Prépa-apprentissage</dt>
          <dd>{cfa.prepa ? 'proposée' : 'non signalée'}</dd>
        </div>
        {cfa.convention ? (
          <div>
            <dt>Convention</dt>
            <dd>CFA sous convention régionale</dd>
          </div>
        ) : null}
        <div>
          <dt>Position sur les cartes</dt>
          <dd>
            {cfa.position === 'adresse'
              ? 'son adresse (géocodée par la Base adresse nationale)'
              : cfa.position === 'commune'
                ? 'le centre de sa commune (adresse non géocodée)'
                : 'inconnue'}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="formations">
        <h2 id="formations">Formations en apprentissage</h2>
        {cfa.trainings.length ? (
          <ul className="card-list">
            {cfa.trainings.map((t) => (
              <li key={`${t.source}/${t.formation}`} className="card">
                <a href={trainingHref(t)}>{t.intitule}</a> {t.demo ? <DemoTag /> : null}
                <br />
                <span className="source">{[t.niveau?.label, t.ville, `reliée par : ${t.link}`].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>
            Aucune formation en alternance de l’offre importée ne cite ce CFA (par son SIRET ou son UAI). Voyez{' '}
            <a href={`/apprentissage/carte${cfa.commune ? `?commune=${cfa.commune.code}` : ''}`}>les formations en apprentissage autour</a>.
          </p>
        )}
      </section>

      {cfa.places.length ? (
        <section aria-labelledby="lieux">
          <h2 id="lieux">Lieux de formation</h2>
          <ul>
            {cfa.places.map((p) => (
              <li key={`${p.label}|${p.lat}|${p.lon}`}>
                {p.label ??
                  (p.commune === cfa.commune?.code
                    ? cfa.commune.name
                    : p.commune
                      ? `commune ${p.commune} (code INSEE)`
                      : 'adresse non précisée')}
                {p.lat !== null && p.lon !== null ? (
                  <span className="source">
                    {' '}
                    (latitude {p.lat.toFixed(4).replace('.', ',')}, longitude {p.lon.toFixed(4).replace('.', ',')})
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {cfa.outcomes.length ? (
        <section aria-labelledby="insertion">
          <h2 id="insertion">Que deviennent ses apprentis ?</h2>
          <ScrollTable id="tableau-insertion" caption="Taux InserJeunes du CFA, six mois après la sortie">
            <thead>
              <tr>
                <th scope="col">Millésime</th>
                <th scope="col">Taux d’emploi</th>
                <th scope="col">Taux attendu</th>
                <th scope="col">Poursuite d’études</th>
              </tr>
            </thead>
            <tbody>
              {cfa.outcomes.map((o) => (
                <tr key={`${o.vintage}/${o.segment}`}>
                  <th scope="row">
                    {o.vintage.replace('_', '-')}
                    {o.segment !== 'ensemble' ? ` (${o.segment})` : ''}
                  </th>
                  <td>{percent(o.tauxEmploi6Mois)}</td>
                  <td>{percent(o.tauxEmploi6MoisAttendu)}</td>
                  <td>{percent(o.tauxPoursuiteEtudes)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <p className="source">Source : {cfa.outcomes[0].source}.</p>
        </section>
      ) : null}

      <section aria-labelledby="sources">
        <h2 id="sources">Ce que disent les fichiers</h2>
        <ScrollTable id="tableau-sources" caption="L’organisme tel que chaque fichier le cite">
          <thead>
            <tr>
              <th scope="col">Fichier</th>
              <th scope="col">Nom</th>
              <th scope="col">SIRET</th>
              <th scope="col">Commune</th>
            </tr>
          </thead>
          <tbody>
            {cfa.organismes.map((o) => (
              <tr key={`${o.file}/${o.siret}`}>
                <th scope="row">{fileLabel(o.file)}</th>
                <td>{o.name ?? 'non précisé'}</td>
                <td>{o.siret ?? 'non précisé'}</td>
                <td>{o.commune ?? 'non précisée'}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>
    </>
  );
}
