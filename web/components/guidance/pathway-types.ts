/** The shapes POST /api/v1/pathways returns, from the guidance contract. Type-only, as in ./types.ts. */
export type {
  Figure,
  Status,
  StepKind,
  LegalSource,
  FundingRoute,
  TrainingOption,
  CertificationRef,
  PathwayStep as Step,
  TensionInfo,
  Pathway,
  TargetResult,
  RouteChoice,
  PathwayResponse,
} from '../../../src/guidance/contract.ts';
