/** Tables of labels (code → French label), the words a capability shares with the portal. */

/** The keys of a table of labels, as the list an enum of a contract takes. */
export const codesOf = <T extends Record<string, string>>(labels: T) => Object.keys(labels) as (keyof T & string)[];

/** A label as the start of a sentence or an option (« Le profil ne correspond pas »). */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
