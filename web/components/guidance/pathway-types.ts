/** The shapes POST /api/pathways returns (src/guidance/pathways.ts), as the portal reads them. */
import type { MissingGroup, SkillRef } from './types.ts';

/** A figure of the data, always with its source and vintage. */
export interface Figure {
  value: number;
  unit: string;
  label: string;
  source: string;
  vintage: string;
  geoLevel?: string;
  geoCode?: string;
  cohort?: number | null;
  note?: string;
}

export type Status = 'jeune' | 'demandeur' | 'salarie';
export type StepKind =
  | 'candidature' | 'immersion' | 'adaptation' | 'formation-certifiante' | 'apprentissage' | 'professionnalisation'
  | 'vae' | 'bloc-complementaire';

export interface LegalSource { label: string; url: string; vintage: string }

export interface FundingRoute {
  id: string;
  name: string;
  financeur: string;
  fit: 'oui' | 'sous-conditions';
  why: string[];
  conditions: string[];
  sources: LegalSource[];
  certainty: 'verifie' | 'incertain';
  uncertain: string[];
}

export interface CertificationRef { code: string; label: string; type: string | null; niveau: number | null; rncp: string | null }

export interface TrainingOption {
  source: string;
  formation: string;
  intitule: string;
  organisme: { siret: string; nom: string };
  lieu: { ville: string | null; commune: string | null; departement: string | null } | null;
  distance: Figure | null;
  hours: Figure | null;
  duration: Figure | null;
  sessions: { action: string; session: string; debut: string | null; fin: string | null }[];
  certification: (CertificationRef & { linkedToTarget: boolean }) | null;
  eligibleCpf: boolean;
  alternance: boolean;
  coverage: Figure;
  covers: SkillRef[];
  employment: Figure | null;
  demo: boolean;
  provenance: { source: string; vintage: string };
}

export interface Step {
  kind: StepKind;
  title: string;
  description: string;
  duration: Figure | null;
  distance: Figure | null;
  training: TrainingOption | null;
  certification: CertificationRef | null;
  covers: MissingGroup[];
  funding: FundingRoute[];
}

export interface TensionInfo { finest: Figure | null; bassin: Figure | null; dares: Figure | null; scale: string }

export interface Pathway {
  id: string;
  title: string;
  steps: Step[];
  duration: Figure | null;
  farthestDistance: Figure | null;
  startDates: { dates: string[]; source: string; vintage: string } | null;
  employment: Figure | null;
  tension: TensionInfo;
  funding: FundingRoute[];
  fundingExcluded: string[];
  demo: boolean;
  notes?: string[];
}

export interface TargetResult {
  target: { code: string; label: string };
  match: Figure;
  tension: TensionInfo;
  pathways: Pathway[];
  notes: string[];
}

export interface PathwayResponse {
  request: {
    from: { code: string; label: string } | null;
    skills: string[];
    to: { code: string; label: string } | null;
    explore: boolean;
    commune: { code: string; name: string; departement: string | null };
    radiusKm: number;
    status: Status;
    age: number | null;
    today: string;
  };
  targets: TargetResult[];
  demo: boolean;
  notes: string[];
  privacy: string;
}
