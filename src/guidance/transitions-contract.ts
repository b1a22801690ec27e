/**
 * The explanation of one transition in the HTTP contract (transitions-model.ts): the learned
 * relevance that orders the list, its confidence band, three reasons in plain French, every
 * component for the counsellor view, and the effort of the move. contract.ts adds these
 * properties to its TransitionSchema; the portal reads them as types only.
 */
import { Type, type Static } from 'typebox';
import { SIGNALS } from './transitions-model.ts';

export const ScoreComponentSchema = Type.Object({
  signal: Type.String({ enum: [...SIGNALS] }),
  label: Type.String({ description: 'ce que mesure le signal, en français' }),
  value: Type.Number({ description: 'valeur du signal, entre 0 et 1' }),
  contribution: Type.Number({ description: 'apport du signal au score appris (logit)' }),
});

export const TransitionEffortSchema = Type.Object({
  covered: Type.Number({ minimum: 0, maximum: 1, description: 'part pondérée du métier visé déjà détenue' }),
  reused: Type.Number({ minimum: 0, maximum: 1, description: 'part des compétences du profil que le métier visé réutilise' }),
  missingSkills: Type.Integer({ description: 'savoir-faire du métier visé à acquérir' }),
  route: Type.String({ enum: ['vae', 'formation'], description: 'VAE ou bloc de compétences si la moitié est couverte, sinon formation' }),
  step: Type.Union([Type.Literal('montee'), Type.Literal('descente'), Type.Null()], {
    description: 'vers un emploi de cadre (montee), depuis un emploi de cadre (descente), ou ni l’un ni l’autre',
  }),
  text: Type.String({ description: 'l’effort en une phrase' }),
});

/** Properties added to each transition. */
export const TransitionExplanationProperties = {
  relevance: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'pertinence apprise (sert au classement) : chance que le métier figure parmi les mobilités officielles du ROME',
  }),
  confidence: Type.String({ enum: ['élevée', 'moyenne', 'faible'], description: 'niveau de confiance de la pertinence' }),
  reasons: Type.Array(Type.String(), { maxItems: 3, description: 'les trois raisons les plus fortes, en français' }),
  components: Type.Array(ScoreComponentSchema, { description: 'chaque signal du score et son apport (vue conseiller)' }),
  effort: TransitionEffortSchema,
};
export const TransitionExplanation = Type.Object(TransitionExplanationProperties);
export type TransitionExplanation = Static<typeof TransitionExplanation>;
