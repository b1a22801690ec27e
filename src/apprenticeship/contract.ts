/**
 * The apprenticeship HTTP contract: the pay simulator's route, its TypeBox schemas and their
 * static types. The routes (routes.ts) are registered from `apprenticeshipRoutes`; the portal reads
 * it as types only.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';

/** A string among `values` (an enum: Fastify's 400 then lists the values permitted, in French). */
const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], description }));
const CONTRACTS = ['apprentissage', 'professionnalisation'] as const;
const QUALIFICATIONS = ['infra-bac-pro', 'bac-pro-ou-plus'] as const;

const Money = (description: string) => Type.Number({ description: `${description}, euros (2 décimales)` });
const Certainty = Enum(['verifie', 'incertain'] as const);
const Month = Type.String({ description: 'mois, AAAA-MM' });

export const RuleSourceSchema = Type.Object({
  label: Type.String({ description: 'texte ou page, ex. « Code du travail, art. D6222-26 »' }),
  url: Type.String(),
  vintage: Type.String({ description: 'version lue' }),
});

export const AppliedRuleSchema = Type.Object({
  id: Type.String(),
  label: Type.String({ description: 'la règle appliquée, en clair' }),
  source: RuleSourceSchema,
  certainty: Certainty,
});

export const PayMonthSchema = Type.Object({
  month: Month,
  days: Type.Integer({ description: 'jours de contrat dans le mois' }),
  daysInMonth: Type.Integer(),
  age: Type.Integer({ description: 'âge retenu pour le mois (atteint la veille du 1er du mois)' }),
  contractYear: Type.Integer({ description: 'année d’exécution du contrat, comptée depuis son début' }),
  rate: Type.Number({ description: 'pourcentage de la référence' }),
  reference: Enum(['SMIC', 'SMC'] as const),
  base: Money('montant mensuel de la référence'),
  smic: Money('SMIC mensuel du mois'),
  gross: Money('salaire brut minimum du mois'),
  net: Money('salaire net estimé'),
  rule: AppliedRuleSchema,
  projection: Type.Boolean({ description: 'un chiffre du mois n’est pas encore publié : calculé sur le dernier connu' }),
  notes: Type.Array(Type.String()),
});

export const EmployerMonthSchema = Type.Object({
  month: Month,
  gross: Money('salaire brut'),
  participation: Money('participation facturée par le CFA (niveaux 6 et plus)'),
  cost: Money('coût : brut et participation, sans les cotisations patronales'),
  aid: Money('aide à l’embauche versée pour le mois'),
  netCost: Money('coût moins l’aide'),
  projection: Type.Boolean(),
});

export const PaySimulationSchema = Type.Object({
  input: Type.Object({
    birth: Type.String(),
    start: Type.String(),
    end: Type.String({ description: 'dernier jour du contrat' }),
    years: Type.Integer(),
    contract: Enum(CONTRACTS),
    concluded: Type.String({ description: 'date de conclusion retenue' }),
    smc: Nullable(Type.Number()),
    qualification: Nullable(Enum(QUALIFICATIONS)),
    employerSize: Nullable(Type.Integer()),
    rqth: Type.Boolean(),
    diplomaLevel: Nullable(Type.Integer()),
    previousRate: Nullable(Type.Number()),
    relatedDiploma: Type.Boolean(),
  }),
  months: Type.Array(PayMonthSchema),
  totals: Type.Object({ gross: Money('total brut'), net: Money('total net estimé') }),
  employer: Type.Object({
    months: Type.Array(EmployerMonthSchema),
    aid: Nullable(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        amount: Money('aide pour la 1re année'),
        projection: Type.Boolean(),
        conditions: Type.Array(Type.String()),
        rule: AppliedRuleSchema,
      }),
    ),
    totalGross: Money('total brut'),
    totalParticipation: Money('total de la participation'),
    totalCost: Money('coût total'),
    totalAid: Money('total des aides'),
    totalNetCost: Money('coût total moins les aides'),
  }),
  rules: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.String(),
      from: Nullable(Type.String({ description: 'date d’effet, si elle est enregistrée' })),
      sources: Type.Array(RuleSourceSchema),
      certainty: Certainty,
      uncertain: Type.Array(Type.String({ description: 'ce qui n’est pas vérifié' })),
    }),
  ),
  notes: Type.Array(Type.String({ description: 'explications et réserves, en français' })),
});

export type PaySimulation = Static<typeof PaySimulationSchema>;
export type PayMonth = Static<typeof PayMonthSchema>;
export type EmployerMonth = Static<typeof EmployerMonthSchema>;

const Day = (description: string) => Type.String({ maxLength: 10, description: `${description} (AAAA-MM-JJ)` });

export const apprenticeshipRoutes = {
  pay: {
    method: 'GET',
    access: 'public',
    url: '/api/apprenticeship/pay',
    schema: {
      summary: 'Simuler la rémunération d’un alternant et le coût pour l’employeur, mois par mois',
      description:
        'Salaire minimum brut (pourcentage du SMIC ou du salaire minimum conventionnel selon l’âge et l’année du contrat), net estimé, ' +
        'règle appliquée et sa source, et vue employeur (coût, aide à l’embauche, coût net). Les mois dont un chiffre n’est pas encore ' +
        'publié sont marqués « projection ». Rien n’est enregistré.',
      tags: ['apprentissage'],
      // Dates and values are checked by the simulator (same French messages as the command line).
      querystring: Type.Object({
        birth: Day('date de naissance'),
        start: Day('premier jour du contrat'),
        years: Type.Integer({ minimum: 1, maximum: 4, description: 'durée du contrat en années' }),
        contract: Type.Optional(Enum(CONTRACTS, 'apprentissage par défaut')),
        smc: Type.Optional(Type.Number({ minimum: 1, description: 'salaire minimum conventionnel de l’emploi, brut mensuel en euros' })),
        qualification: Type.Optional(Enum(QUALIFICATIONS, 'contrat de professionnalisation : qualification déjà détenue')),
        employerSize: Type.Optional(Type.Integer({ minimum: 0, description: 'effectif de l’entreprise' })),
        rqth: Type.Optional(Type.Boolean({ description: 'apprenti reconnu travailleur handicapé' })),
        diplomaLevel: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 8, description: 'niveau du diplôme préparé (3 CAP … 8 doctorat)' }),
        ),
        concluded: Type.Optional(Day('date de conclusion du contrat, le début par défaut')),
        previousRate: Type.Optional(
          Type.Number({ minimum: 1, maximum: 115, description: 'contrat successif : taux (% du SMIC) de la dernière année du précédent' }),
        ),
        relatedDiploma: Type.Optional(
          Type.Boolean({
            description: 'contrat d’un an au plus, diplôme de même niveau en rapport direct avec un diplôme obtenu (+15 points)',
          }),
        ),
      }),
      response: { 200: PaySimulationSchema, 400: ErrorBody },
    },
  },
} as const satisfies RouteTable;
