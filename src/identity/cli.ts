import { type Command, InvalidArgumentError } from 'commander';
import { argumentError, positiveInt, print, subcommand, type WithDb } from '../platform/cli.ts';
import { readConfig } from '../platform/config.ts';
import { identityDb } from './db.ts';
import { createStructure, invite } from './accounts.ts';
import { listAudit } from './audit.ts';
import { listOutbox, sendOutbox } from './mail.ts';
import { STRUCTURE_KINDS, type StructureKind } from '../common/roles.ts';

const list = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** `passerelles accounts create`, `passerelles mail list|send`, `passerelles audit`. */
export function registerIdentityCommands(program: Command, withDb: WithDb): void {
  subcommand(program, 'accounts', 'comptes et structures')
    .command('create')
    .description('crée un compte dans une structure (le premier administrateur) et affiche son lien d’activation')
    .requiredOption('--email <adresse>', 'adresse électronique')
    .requiredOption('--role <rôles>', 'rôle(s), séparés par des virgules : admin, conseiller, superviseur, pilotage…', list)
    .requiredOption('--structure <siret|code>', 'SIRET (14 chiffres) ou code officiel de la structure')
    .option('--name <nom>', 'nom de la personne', 'Administrateur')
    .option('--structure-name <nom>', 'nom de la structure, pour la créer si elle n’existe pas')
    .option('--structure-kind <type>', `type de la structure à créer : ${STRUCTURE_KINDS.join(', ')}`)
    .option('--json', 'sortie JSON')
    .action(
      async (opts: {
        email: string;
        role: string[];
        structure: string;
        name: string;
        structureName?: string;
        structureKind?: string;
        json?: boolean;
      }) => {
        await withDb(async (h) => {
          const db = identityDb(h.db);
          const bySiret = /^\d{14}$/.test(opts.structure);
          const found = await db
            .selectFrom('structure')
            .select('id')
            .where(bySiret ? 'siret' : 'code', '=', opts.structure)
            .executeTakeFirst();
          let structureId = found?.id;
          try {
            if (structureId === undefined) {
              if (!opts.structureName || !opts.structureKind) {
                throw new InvalidArgumentError(
                  `structure ${opts.structure} inconnue : indiquez --structure-name et --structure-kind pour la créer`,
                );
              }
              structureId = await createStructure(db, {
                name: opts.structureName,
                kind: opts.structureKind as StructureKind,
                ...(bySiret ? { siret: opts.structure } : { code: opts.structure }),
              });
            }
            const { id, link } = await invite(
              db,
              null,
              { email: opts.email, name: opts.name, roles: opts.role, structureId },
              readConfig(),
            );
            print(!!opts.json, { id, structureId, link }, () =>
              [
                `Compte n° ${id} créé dans la structure n° ${structureId}.`,
                'Lien d’activation (valable 7 jours, aussi envoyé par courriel) :',
                link,
              ].join('\n'),
            );
          } catch (error) {
            throw argumentError(error);
          }
        });
      },
    );

  const mail = subcommand(program, 'mail', 'courriels de la plateforme (boîte d’envoi)');
  mail
    .command('list')
    .description('les derniers courriels de la boîte d’envoi, envoyés ou non')
    .option('--limit <n>', 'nombre de courriels', positiveInt, 20)
    .option('--json', 'sortie JSON')
    .action(async (opts: { limit: number; json?: boolean }) => {
      await withDb(async (h) => {
        const rows = await listOutbox(identityDb(h.db), opts.limit);
        print(!!opts.json, rows, () =>
          rows.length
            ? rows
                .map(
                  (m) =>
                    `#${m.id} ${m.created_at.toLocaleString('fr-FR')} → ${m.recipient} ${m.sent_at ? '(envoyé)' : '(en attente)'}\n  ${m.subject}\n${m.body.replace(/^/gm, '    ')}`,
                )
                .join('\n\n')
            : 'Boîte d’envoi vide.',
        );
      });
    });
  mail
    .command('send')
    .description('envoie maintenant les courriels en attente par SMTP_URL')
    .action(async () => {
      const { smtpUrl, mailFrom } = readConfig();
      if (!smtpUrl) throw new InvalidArgumentError('SMTP_URL n’est pas défini : les courriels restent dans la boîte d’envoi');
      await withDb(async (h) => {
        const sent = await sendOutbox(identityDb(h.db), smtpUrl, mailFrom);
        process.stdout.write(`${sent} courriel(s) envoyé(s).\n`);
      });
    });

  program
    .command('audit')
    .description('journal des accès aux données personnelles (le plus récent d’abord)')
    .option('--structure <siret|code>', 'seulement les accès des comptes de cette structure')
    .option('--limit <n>', 'nombre d’événements', positiveInt, 100)
    .option('--json', 'sortie JSON')
    .action(async (opts: { structure?: string; limit: number; json?: boolean }) => {
      await withDb(async (h) => {
        const db = identityDb(h.db);
        let structureId: number | undefined;
        if (opts.structure) {
          const s = await db
            .selectFrom('structure')
            .select('id')
            .where(/^\d{14}$/.test(opts.structure) ? 'siret' : 'code', '=', opts.structure)
            .executeTakeFirst();
          if (!s) throw new InvalidArgumentError(`structure ${opts.structure} inconnue`);
          structureId = s.id;
        }
        const rows = await listAudit(db, { structureId, limit: opts.limit });
        print(!!opts.json, rows, () =>
          rows.length
            ? rows
                .map(
                  (r) =>
                    `${r.at.toISOString()}  ${r.actor_email ?? (r.actor_account_id === null ? 'ligne de commande' : `compte n° ${r.actor_account_id}`)}  ${r.action} ${r.subject_type} ${r.subject_id} — ${r.purpose}${r.ip ? ` (${r.ip})` : ''}`,
                )
                .join('\n')
            : 'Journal vide.',
        );
      });
    });
}
