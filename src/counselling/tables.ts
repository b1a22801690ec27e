/** Kysely row types of the counselling tables (see migrations.ts). */
import type { Generated } from 'kysely';
import type { AgeBracket, BeneficiaryStatus, ReferralStatus, StepKind, StepStatus } from '../common/counselling-words.ts';

export interface CounsellingTables {
  beneficiary: {
    id: Generated<number>;
    structure_id: number;
    /** A first name or a pseudonym: nothing more is needed to follow a person. */
    first_name: string;
    initial: string | null;
    commune: string | null;
    age_bracket: AgeBracket;
    status: BeneficiaryStatus;
    purpose: string;
    consent_at: Date;
    consent_version: string;
    consent_by: number | null;
    created_by: number | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  beneficiary_profile: {
    beneficiary_id: number;
    occupations: string[];
    exclude: string[];
    skills: string[];
    esco: string[];
    updated_at: Generated<Date>;
  };
  beneficiary_simulation: {
    id: Generated<number>;
    beneficiary_id: number;
    label: string;
    input: unknown;
    result: unknown;
    /** The import run the result was computed on (the data version). */
    data_version: number | null;
    created_by: number | null;
    created_at: Generated<Date>;
  };
  plan_step: {
    id: Generated<number>;
    beneficiary_id: number;
    kind: StepKind;
    title: string;
    due_date: string | null;
    status: StepStatus;
    notes: string;
    updated_at: Generated<Date>;
  };
  beneficiary_link: {
    id: Generated<number>;
    beneficiary_id: number;
    key: string;
    expires_at: Date;
    revoked_at: Date | null;
    created_by: number | null;
    created_at: Generated<Date>;
  };
  referral: {
    id: Generated<number>;
    beneficiary_id: number;
    from_structure: number;
    to_structure: number;
    project: string;
    consent_at: Date;
    status: ReferralStatus;
    reason: string | null;
    created_by: number | null;
    created_at: Generated<Date>;
    decided_by: number | null;
    decided_at: Date | null;
  };
}
