import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The change feed (issue 14): what changed among the public training offers, agenda events and
 * apprenticeship offers, recorded by triggers on their tables so that every writer (bulk imports,
 * pushes, pages, moderation, cascades) is caught without the lower floors knowing.
 *
 * One row per entity (kind, id), its latest change: a mirror only needs the current state, and a
 * re-import that touches an offer in five tables leaves one row, not five. `sequence` is the feed's
 * cursor. It is NULL while the change waits to be numbered: writers never number their changes,
 * the feed does when it is read (changes-feed.ts, `sequenceChanges`), under a lock and only for
 * committed changes. A writer's own number would be taken when it writes, not when it commits:
 * a long import holding number 10 while a page commits number 11 would let a reader pass 11 and
 * never see 10. Numbered at read time, a change's number is always above every number already
 * readable.
 *
 * Triggers are per statement with transition tables (one statement of a bulk import writes a
 * hundred offers in one call), one trigger per event (PostgreSQL refuses transition tables on
 * a trigger with several events).
 */
export const changesMigrations: Record<string, Migration> = {
  '0105_exchange_changes': {
    async up(db: Kysely<any>) {
      const ddl = [
        sql`CREATE SEQUENCE exchange_change_seq`,
        sql`CREATE TABLE exchange_change (
          kind text NOT NULL CHECK (kind IN ('offre-formation', 'evenement', 'offre-apprentissage')),
          -- training offer: source/numéro; event and apprenticeship offer: their id
          id text NOT NULL,
          action text NOT NULL CHECK (action IN ('cree', 'modifie', 'supprime')),
          at timestamptz NOT NULL DEFAULT now(),
          sequence bigint UNIQUE,
          PRIMARY KEY (kind, id))`,
        sql`CREATE INDEX exchange_change_pending ON exchange_change (at) WHERE sequence IS NULL`,

        // Notes a change of some entities. A 'modifie' after a 'supprime' is a re-creation; after a
        // 'cree' nobody has read yet, it is still a creation.
        sql`CREATE FUNCTION exchange_note(p_kind text, p_ids text[], p_action text) RETURNS void LANGUAGE sql AS $$
          INSERT INTO exchange_change AS c (kind, id, action, at, sequence)
          SELECT DISTINCT p_kind, i, p_action, now(), NULL::bigint FROM unnest(p_ids) AS i
          ON CONFLICT (kind, id) DO UPDATE SET
            action = CASE
              WHEN excluded.action = 'modifie' AND c.action = 'supprime' THEN 'cree'
              WHEN excluded.action = 'modifie' AND c.action = 'cree' AND c.sequence IS NULL THEN 'cree'
              ELSE excluded.action END,
            at = excluded.at,
            sequence = NULL
        $$`,

        // A training offer's id: its source (with '%' and '/' escaped as in a URL) '/' its numéro.
        sql`CREATE FUNCTION exchange_offer_id(source text, formation text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
          SELECT replace(replace(source, '%', '%25'), '/', '%2F') || '/' || formation
        $$`,

        // Training offers: the formation row (what the feed shows of it) …
        sql`CREATE FUNCTION exchange_formation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'INSERT' THEN
              PERFORM exchange_note('offre-formation', array(SELECT exchange_offer_id(n.source, n.formation) FROM new_rows n), 'cree');
            ELSIF TG_OP = 'UPDATE' THEN
              PERFORM exchange_note('offre-formation', array(
                SELECT exchange_offer_id(n.source, n.formation) FROM new_rows n JOIN old_rows o USING (source, formation)
                WHERE (n.intitule, n.objectif, n.certifiante, n.niveau_sortie, n.organisme_siret, n.organisme_nom, n.demo, n.eligible_cpf, n.urls)
                  IS DISTINCT FROM (o.intitule, o.objectif, o.certifiante, o.niveau_sortie, o.organisme_siret, o.organisme_nom, o.demo, o.eligible_cpf, o.urls)),
                'modifie');
            ELSE
              PERFORM exchange_note('offre-formation', array(SELECT exchange_offer_id(o.source, o.formation) FROM old_rows o), 'supprime');
            END IF;
            RETURN NULL;
          END $$`,
        // … and its actions, places and sessions (a change there modifies the offer, unless the
        // offer itself is gone: a cascade of its deletion).
        sql`CREATE FUNCTION exchange_formation_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'INSERT' THEN
              PERFORM exchange_note('offre-formation', array(
                SELECT DISTINCT exchange_offer_id(n.source, n.formation) FROM new_rows n
                WHERE EXISTS (SELECT 1 FROM training_formation f WHERE f.source = n.source AND f.formation = n.formation)), 'modifie');
            ELSIF TG_OP = 'UPDATE' THEN
              PERFORM exchange_note('offre-formation', array(
                SELECT DISTINCT exchange_offer_id(n.source, n.formation) FROM new_rows n
                WHERE EXISTS (SELECT 1 FROM training_formation f WHERE f.source = n.source AND f.formation = n.formation)), 'modifie');
            ELSE
              PERFORM exchange_note('offre-formation', array(
                SELECT DISTINCT exchange_offer_id(o.source, o.formation) FROM old_rows o
                WHERE EXISTS (SELECT 1 FROM training_formation f WHERE f.source = o.source AND f.formation = o.formation)), 'modifie');
            END IF;
            RETURN NULL;
          END $$`,

        // Agenda events: public unless unpublished by moderation (a cancelled event stays listed).
        sql`CREATE FUNCTION exchange_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'INSERT' THEN
              PERFORM exchange_note('evenement', array(SELECT n.id::text FROM new_rows n WHERE n.status <> 'depublie'), 'cree');
            ELSIF TG_OP = 'UPDATE' THEN
              PERFORM exchange_note('evenement', array(SELECT n.id::text FROM new_rows n JOIN old_rows o USING (id)
                WHERE n.status <> 'depublie' AND o.status = 'depublie'), 'cree');
              PERFORM exchange_note('evenement', array(SELECT n.id::text FROM new_rows n JOIN old_rows o USING (id)
                WHERE n.status = 'depublie' AND o.status <> 'depublie'), 'supprime');
              PERFORM exchange_note('evenement', array(SELECT n.id::text FROM new_rows n JOIN old_rows o USING (id)
                WHERE n.status <> 'depublie' AND o.status <> 'depublie'
                  AND (n.kind, n.title, n.organizer, n.description, n.start_date, n.end_date, n.start_time, n.end_time, n.venue,
                       n.city, n.commune, n.establishment, n.url, n.status, n.source_file)
                  IS DISTINCT FROM (o.kind, o.title, o.organizer, o.description, o.start_date, o.end_date, o.start_time, o.end_time,
                       o.venue, o.city, o.commune, o.establishment, o.url, o.status, o.source_file)), 'modifie');
            ELSE
              PERFORM exchange_note('evenement', array(SELECT o.id::text FROM old_rows o WHERE o.status <> 'depublie'), 'supprime');
            END IF;
            RETURN NULL;
          END $$`,

        // Apprenticeship offers: public while published (filled, withdrawn or moderated ones leave).
        sql`CREATE FUNCTION exchange_apprenticeship_changed() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'INSERT' THEN
              PERFORM exchange_note('offre-apprentissage', array(SELECT n.id::text FROM new_rows n WHERE n.state = 'publiee'), 'cree');
            ELSIF TG_OP = 'UPDATE' THEN
              PERFORM exchange_note('offre-apprentissage', array(SELECT n.id::text FROM new_rows n JOIN old_rows o USING (id)
                WHERE n.state = 'publiee' AND o.state <> 'publiee'), 'cree');
              PERFORM exchange_note('offre-apprentissage', array(SELECT n.id::text FROM new_rows n JOIN old_rows o USING (id)
                WHERE n.state <> 'publiee' AND o.state = 'publiee'), 'supprime');
              PERFORM exchange_note('offre-apprentissage', array(SELECT n.id::text FROM new_rows n JOIN old_rows o USING (id)
                WHERE n.state = 'publiee' AND o.state = 'publiee'
                  AND (n.title, n.company, n.company_siret, n.appellation, n.rome, n.description, n.commune, n.start_date,
                       n.diploma, n.level, n.rhythm, n.places)
                  IS DISTINCT FROM (o.title, o.company, o.company_siret, o.appellation, o.rome, o.description, o.commune,
                       o.start_date, o.diploma, o.level, o.rhythm, o.places)), 'modifie');
            ELSE
              PERFORM exchange_note('offre-apprentissage', array(SELECT o.id::text FROM old_rows o WHERE o.state = 'publiee'), 'supprime');
            END IF;
            RETURN NULL;
          END $$`,
      ];
      const triggers: [table: string, fn: string][] = [
        ['training_formation', 'exchange_formation_changed'],
        ['training_action', 'exchange_formation_part_changed'],
        ['training_lieu', 'exchange_formation_part_changed'],
        ['training_session', 'exchange_formation_part_changed'],
        ['agenda_event', 'exchange_event_changed'],
        ['recruitment_offer', 'exchange_apprenticeship_changed'],
      ];
      for (const [table, fn] of triggers) {
        const t = sql.id(table);
        const f = sql.id(fn);
        ddl.push(
          sql`CREATE TRIGGER ${sql.id(`${table}_exchange_ins`)} AFTER INSERT ON ${t}
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${f}()`,
          sql`CREATE TRIGGER ${sql.id(`${table}_exchange_upd`)} AFTER UPDATE ON ${t}
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${f}()`,
          sql`CREATE TRIGGER ${sql.id(`${table}_exchange_del`)} AFTER DELETE ON ${t}
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${f}()`,
        );
      }
      for (const q of ddl) await q.execute(db);
    },
  },
};
