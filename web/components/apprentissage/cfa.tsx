/** Pieces of the CFA directory pages and of the map of apprenticeship trainings. */
import type { ApprenticeshipTraining, CfaSummary } from '../../../src/apprenticeship/contract.ts';
import { longFrenchDate } from '../../../src/common/dates.ts';
import { DemoTag, formatKm, trainingHref } from '../training.tsx';

export const NATURES: Record<string, string> = {
  responsable_formateur: 'responsable et formateur',
  responsable: 'responsable (gère les contrats, la formation est donnée ailleurs)',
  formateur: 'formateur',
  inconnue: 'non précisée',
};

/** The distances offered around a commune (km). */
export const RAYONS = [5, 10, 20, 30, 50, 100];

export function cfaHref(uai: string): string {
  return `/apprentissage/cfa/${encodeURIComponent(uai)}`;
}

/** Where a CFA is, in words: commune (département), distance. */
export function cfaPlace(c: CfaSummary): string {
  const where = c.commune ? `${c.commune.name}${c.departement ? ` (${c.departement})` : ''}` : 'commune non précisée';
  return c.distanceKm !== null ? `${where} · à ${formatKm(c.distanceKm)}` : where;
}

/** One CFA of a list: its name links to its page. */
export function CfaCard({ cfa, headingLevel = 3 }: { cfa: CfaSummary; headingLevel?: 3 | 4 }) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <li className="card cfa-card">
      <Heading className="training-title">
        <a href={cfaHref(cfa.uai)}>{cfa.name}</a>
      </Heading>
      <dl className="training-facts">
        <div>
          <dt>Lieu</dt>
          <dd>{cfaPlace(cfa)}</dd>
        </div>
        <div>
          <dt>UAI</dt>
          <dd>{cfa.uai}</dd>
        </div>
        {cfa.prepa || cfa.qualiopi ? (
          <div>
            <dt>À noter</dt>
            <dd>{[cfa.prepa ? 'prépa-apprentissage' : '', cfa.qualiopi ? 'certifié Qualiopi' : ''].filter(Boolean).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}

/** One apprenticeship training of the map's list, with its CFA when the directory knows it. */
export function ApprenticeshipCard({ hit }: { hit: ApprenticeshipTraining }) {
  const next = hit.sessions[0];
  const place = hit.lieu ? [hit.lieu.ville, hit.lieu.departement ? `(${hit.lieu.departement})` : null].filter(Boolean).join(' ') : null;
  return (
    <li className="card training-card">
      <h3 className="training-title">
        <a href={trainingHref(hit)}>{hit.intitule}</a>
      </h3>
      {hit.demo ? (
        <p className="training-tags">
          <DemoTag />
        </p>
      ) : null}
      <dl className="training-facts">
        <div>
          <dt>Organisme</dt>
          <dd>{hit.organisme.nom || 'non précisé'}</dd>
        </div>
        {hit.cfa ? (
          <div>
            <dt>CFA</dt>
            <dd>
              <a href={cfaHref(hit.cfa.uai)}>{hit.cfa.name}</a>
            </dd>
          </div>
        ) : null}
        {place ? (
          <div>
            <dt>Lieu</dt>
            <dd>
              {place}
              {hit.lieu?.distanceKm != null ? <> · à {formatKm(hit.lieu.distanceKm)}</> : null}
            </dd>
          </div>
        ) : null}
        {hit.niveau ? (
          <div>
            <dt>Niveau</dt>
            <dd>{hit.niveau.label}</dd>
          </div>
        ) : null}
        <div>
          <dt>Prochaine session</dt>
          <dd>{next ? `à partir du ${longFrenchDate(next.debut, 'date à préciser')}` : 'aucune session à venir annoncée'}</dd>
        </div>
      </dl>
    </li>
  );
}

/** Previous / next page links of a GET search, keeping its other parameters. */
export function Pager({ path, search, page, pages }: { path: string; search: string; page: number; pages: number }) {
  if (pages <= 1) return null;
  const href = (p: number) => {
    const sp = new URLSearchParams(search);
    if (p <= 1) sp.delete('page');
    else sp.set('page', String(p));
    const s = sp.toString();
    return s ? `${path}?${s}` : path;
  };
  return (
    <nav className="pagination" aria-label="Pages de résultats">
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              Page précédente
            </a>
          </li>
        ) : null}
        <li>
          <span>
            Page {page} sur {pages}
          </span>
        </li>
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              Page suivante
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
