/** Pieces shared by the training pages (search list, detail, territory portrait). */
import type { ReactNode } from 'react';
import { FRENCH_MONTHS, longFrenchDate } from '../../src/common/dates.ts';
import type { TrainingHit } from '../../src/trainings/contract.ts';
import { frenchNumber, parisToday } from '../../src/common/format.ts';

export type { TrainingHit };

/** LHEO dates (AAAAMMJJ; 00000000 / 99999999 unknown; AAAAMM00 month only) → French. */
export function lheoDate(value: string | undefined): string {
  if (!value || /^0+$|^9+$/.test(value) || !/^\d{8}$/.test(value)) return 'date à préciser';
  const y = value.slice(0, 4);
  const m = Number(value.slice(4, 6));
  const d = value.slice(6, 8);
  if (d === '00') return `${FRENCH_MONTHS[m - 1] ?? ''} ${y}`;
  return longFrenchDate(`${y}-${value.slice(4, 6)}-${d}`);
}

export function formatKm(km: number): string {
  return `${frenchNumber(km, km < 10 ? 1 : 0)} km`;
}

/**
 * The first session that starts today or later (Paris time), or whose start is still unknown:
 * a session already begun is never announced as the next one.
 */
export function nextSession<S extends { debut: string | null }>(sessions: S[], today = parisToday()): S | undefined {
  return sessions.find((s) => !s.debut || s.debut >= today);
}

export function trainingHref(hit: { source: string; formation: string }): string {
  return `/formations/${encodeURIComponent(hit.source)}/${encodeURIComponent(hit.formation)}`;
}

export function DemoTag() {
  return <span className="tag tag-demo">démonstration</span>;
}

const MODALITES: Record<string, string> = { presentiel: 'présentiel', mixte: 'mixte', distance: 'à distance' };

/** One result of a training search, as a card whose title is the link to the offer. */
export function TrainingCard({ hit, headingLevel = 3 }: { hit: TrainingHit; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const next = nextSession(hit.sessions);
  const place = hit.lieu ? [hit.lieu.ville, hit.lieu.departement ? `(${hit.lieu.departement})` : null].filter(Boolean).join(' ') : null;
  return (
    <li className="card training-card">
      <Heading className="training-title">
        <a href={trainingHref(hit)}>{hit.intitule}</a>
      </Heading>
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
        {place ? (
          <div>
            <dt>Lieu</dt>
            <dd>
              {place}
              {hit.lieu?.distanceKm != null ? <> · à {formatKm(hit.lieu.distanceKm)}</> : null}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Prochaine session</dt>
          <dd>{next ? `à partir du ${longFrenchDate(next.debut, 'date à préciser')}` : 'aucune session à venir annoncée'}</dd>
        </div>
        {hit.certification?.label || hit.certification?.rncp ? (
          <div>
            <dt>Certification</dt>
            <dd>
              {hit.certification.label ?? ''}
              {hit.certification.rncp ? ` (${hit.certification.rncp.startsWith('RNCP') ? '' : 'RNCP'}${hit.certification.rncp})` : ''}
            </dd>
          </div>
        ) : null}
        {hit.niveau ? (
          <div>
            <dt>Niveau</dt>
            <dd>{hit.niveau.label}</dd>
          </div>
        ) : null}
        {hit.modalites.length ? (
          <div>
            <dt>Modalité</dt>
            <dd>{hit.modalites.map((m) => MODALITES[m] ?? m).join(', ')}</dd>
          </div>
        ) : null}
        {hit.eligibleCpf ? (
          <div>
            <dt>Financement</dt>
            <dd>éligible au CPF</dd>
          </div>
        ) : null}
        {hit.tauxEmploi ? (
          <div>
            <dt>Taux d’emploi</dt>
            <dd>
              {hit.tauxEmploi.taux} % à 6 mois (InserJeunes {hit.tauxEmploi.millesime.replace('_', '-')}, {hit.tauxEmploi.voie})
            </dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}

/**
 * A table that may scroll sideways on a phone: the scrolling box is focusable and named by the
 * table's caption, so that a keyboard can scroll it (RGAA 7.3, axe scrollable-region-focusable).
 */
export function ScrollTable({ id, caption, children }: { id: string; caption: ReactNode; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-titre`}>
      <table>
        <caption id={`${id}-titre`}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}
