/** Kysely row types of the recruitment tables (see migrations.ts). */
import type { Generated } from 'kysely';
import type { ApplicationStatus } from '../common/recruitment-words.ts';

export type { ApplicationStatus };
export type OfferState = 'publiee' | 'pourvue' | 'retiree' | 'moderee';

export interface RecruitmentTables {
  recruitment_offer: {
    id: Generated<number>;
    /** The structure that deposited it (an employer, or a CFA for a company). */
    structure_id: number;
    created_by: number | null;
    company: string;
    company_siret: string | null;
    appellation: string;
    rome: string;
    title: string;
    description: string;
    commune: string;
    start_date: string;
    diploma: string;
    level: number | null;
    rhythm: string;
    places: number;
    state: OfferState;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  recruitment_profile: {
    account_id: number;
    commune: string | null;
    mobility_km: number;
    romes: string[];
    level: number | null;
    available_from: string | null;
    presentation: string;
    visible: boolean;
    updated_at: Generated<Date>;
  };
  recruitment_cv: {
    account_id: number;
    filename: string;
    bytes: Buffer;
    size: number;
    sha256: string;
    uploaded_at: Generated<Date>;
  };
  recruitment_application: {
    id: Generated<number>;
    offer_id: number;
    candidate_id: number;
    message: string;
    /** The CV as sent: a copy, so that a later CV does not change what the recruiter received. */
    cv_filename: string | null;
    cv_bytes: Buffer | null;
    status: ApplicationStatus;
    created_at: Generated<Date>;
    /** First answer (entretien, acceptée or refusée): what the response rate counts. */
    answered_at: Date | null;
    reminders: Generated<number>;
    last_reminder_at: Date | null;
  };
  recruitment_application_event: {
    id: Generated<number>;
    application_id: number;
    status: ApplicationStatus;
    reason: string | null;
    by_account: number | null;
    at: Generated<Date>;
  };
  recruitment_report: {
    id: Generated<number>;
    offer_id: number;
    reporter_id: number | null;
    reason: string;
    details: string;
    created_at: Generated<Date>;
    decided_at: Date | null;
    decision: 'maintenue' | 'retiree' | null;
    decided_by: number | null;
  };
}
