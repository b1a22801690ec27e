/** Certifications (Certif Info) and BCN diplomas: what the rest of the platform may use. */
export { certificationSource } from './import.ts';
export {
  certificationsForRome,
  getCertification,
  bcnDiplomes,
  mefStat11ForCfds,
  cfdForMefStat11,
  CERTIF_INFO_SOURCE,
  type CertificationSummary,
  type CertificationForRome,
  type CertificationDetail,
  type BcnDiplome,
} from './queries.ts';
export { linkStrength, compareLinks, splitLinks, BROAD_ROME_COUNT, type LinkStrength } from './ranking.ts';
