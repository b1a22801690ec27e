/** The kinds of information events of the agenda (the agenda's words, shown by the portal too). */
export const EVENT_KINDS = ['salon', 'forum', 'jpo', 'info'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const KIND_LABELS: Record<EventKind, string> = {
  salon: 'Salon',
  forum: 'Forum',
  jpo: 'Journée portes ouvertes',
  info: 'Réunion d’information',
};

export function isEventKind(value: string): value is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(value);
}
