// Which of a file's columns is probably one of ours under another name: the headers that shops,
// email platforms and spreadsheets in other languages write for the columns the rules read. Used
// to say "did you mean" when a rule cannot be checked, and to list the columns that look
// meaningful but were not read (docs/report.md coverage), each with the `columns:` line that maps it.

import { closest, editDistance, quoteText } from '../errors.js';
import type { Notice } from '../types.js';

/** Other names of a canonical column, compared after folding (see `fold`). */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  customer_id: [
    'customer',
    'customer number',
    'customer no',
    'client id',
    'kundennummer',
    'kundennr',
    'kunden id',
    'id client',
    'numero client',
    'id cliente',
  ],
  first_name: [
    'firstname',
    'fname',
    'given name',
    'forename',
    'vorname',
    'prenom',
    'nombre',
    'nome',
    'voornaam',
    'imie',
    'fornavn',
    'fornamn',
    'billing first name',
  ],
  last_name: [
    'lastname',
    'lname',
    'surname',
    'family name',
    'nachname',
    'familienname',
    'nom',
    'apellido',
    'apellidos',
    'cognome',
    'achternaam',
    'nazwisko',
    'efternavn',
    'efternamn',
    'billing last name',
  ],
  email: ['e mail', 'email address', 'mail', 'e mail adresse', 'courriel', 'correo', 'correo electronico'],
  phone: ['phone number', 'mobile', 'mobile phone', 'telephone', 'telefon', 'telefonnummer', 'handy', 'telefono', 'tel'],
  postal_address: [
    'address',
    'street address',
    'adresse',
    'anschrift',
    'direccion',
    'indirizzo',
    'billing address',
    'mailing address',
  ],
  postal_code: [
    'zip',
    'zip code',
    'zipcode',
    'postcode',
    'post code',
    'plz',
    'postleitzahl',
    'code postal',
    'codigo postal',
    'cap',
  ],
  birth_date: [
    'birthday',
    'date of birth',
    'dob',
    'birthdate',
    'geburtsdatum',
    'geburtstag',
    'date de naissance',
    'fecha de nacimiento',
  ],
  email_consent: [
    'accepts email marketing',
    'email marketing consent',
    'email opt in',
    'email optin',
    'opt in email',
    'newsletter',
    'newsletter consent',
    'einwilligung email',
    'email einwilligung',
    'consentement email',
    'marketing consent',
    'subscribed',
    'email subscription status',
  ],
  sms_consent: ['accepts sms marketing', 'sms marketing consent', 'sms opt in', 'sms optin', 'einwilligung sms'],
  phone_consent: ['phone opt in', 'call consent', 'einwilligung telefon'],
  mail_consent: ['postal consent', 'mail opt in', 'direct mail consent', 'einwilligung post'],
  push_consent: ['push opt in', 'push enabled'],
  unsubscribed_at: [
    'unsub time',
    'unsubscribe date',
    'unsubscribed',
    'unsubscribed date',
    'abgemeldet am',
    'date desinscription',
    'opt out date',
    'optout date',
  ],
  do_not_contact: [
    'dnc',
    'do not call',
    'do not email',
    'blacklisted',
    'email blacklisted',
    'suppressed',
    'sperrvermerk',
    'nicht kontaktieren',
  ],
  interests: ['interest', 'preferences', 'interessen', 'interets', 'intereses', 'tags'],
  children_birth_years: ['children', 'kids birth years', 'child birth years', 'kinder geburtsjahre'],
  life_stage: ['lifestage', 'life stages', 'lebensphase'],
  loyalty_tier: ['tier', 'loyalty', 'loyalty level', 'vip tier', 'membership level', 'treuestufe'],
  ordered_at: ['order date', 'created at', 'date', 'bestelldatum', 'date de commande', 'fecha del pedido'],
  delivered_at: ['delivery date', 'delivered', 'fulfilled at', 'lieferdatum', 'date de livraison'],
  order_id: ['order', 'order number', 'order no', 'bestellnummer', 'numero de commande'],
  status: ['order status', 'fulfillment status', 'financial status', 'bestellstatus'],
  sent_at: ['sent', 'send date', 'sent date', 'date sent', 'gesendet am'],
};

/** Lower case, accents dropped, every run of non-letters and non-digits a single blank. */
export function fold(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const CANONICAL_BY_SYNONYM = new Map<string, string>();
for (const [canonical, synonyms] of Object.entries(SYNONYMS)) {
  for (const synonym of synonyms) if (!CANONICAL_BY_SYNONYM.has(synonym)) CANONICAL_BY_SYNONYM.set(synonym, canonical);
}

/** Every canonical column of any file: a header named like one is that column, never another's typo. */
const CANONICAL = new Set([
  ...Object.keys(SYNONYMS),
  ...['person_id', 'brand', 'total', 'category', 'channel', 'campaign_id', 'greeting', 'subject', 'body'],
  ...['discount_pct', 'discount_amount', 'currency', 'offer_category', 'group'],
]);

/** The header of `header` that is most probably the canonical column `wanted`: a known other name, else a likely typo. */
export function suggestColumn(wanted: string, header: readonly string[]): string | undefined {
  const bySynonym = header.find((name) => CANONICAL_BY_SYNONYM.get(fold(name)) === wanted);
  if (bySynonym !== undefined) return bySynonym;
  const candidates = header.filter((name) => !CANONICAL.has(fold(name).replaceAll(' ', '_')));
  const folded = candidates.map(fold);
  const typo = closest(fold(wanted), folded);
  return typo === undefined ? undefined : candidates[folded.indexOf(typo)];
}

/**
 * The columns of a header that are probably canonical columns of its file under another name,
 * with the canonical name each stands for: those it does not have yet, one header each.
 */
export function unreadColumns(
  header: readonly string[],
  canonical: readonly string[],
  present: ReadonlySet<string>,
  mapped: ReadonlySet<string> = new Set(),
): Array<{ name: string; canonical: string }> {
  const found: Array<{ name: string; canonical: string }> = [];
  const taken = new Set<string>();
  for (const name of header) {
    const folded = fold(name);
    if (canonical.includes(folded.replaceAll(' ', '_')) || mapped.has(name)) continue; // read as it is, or mapped
    const meant = CANONICAL_BY_SYNONYM.get(folded) ?? nearMiss(folded.replaceAll(' ', '_'), canonical);
    if (meant === undefined || present.has(meant) || taken.has(meant) || !canonical.includes(meant)) continue;
    taken.add(meant);
    found.push({ name, canonical: meant });
  }
  return found;
}

/** A canonical column one or two edits away: a typo, not merely a similar word. */
function nearMiss(name: string, canonical: readonly string[]): string | undefined {
  const candidate = closest(name, canonical);
  return candidate !== undefined && editDistance(name, candidate) <= 2 ? candidate : undefined;
}

/** How many unread columns a notice names. */
const MAX_NAMED_COLUMNS = 10;

/**
 * The notice for a file whose columns look like ours but were not read, with the `columns:` entry
 * that maps them; undefined when there are none.
 */
export function unreadColumnsNotice(
  file: { file: string; namedIn?: string; key: string; postgresTable?: boolean },
  header: readonly string[],
  canonical: readonly string[],
  present: ReadonlySet<string>,
  mapped: ReadonlySet<string>,
): Notice | undefined {
  const unread = unreadColumns(header, canonical, present, mapped).slice(0, MAX_NAMED_COLUMNS);
  if (unread.length === 0) return undefined;
  const listed = unread.map(({ name, canonical: ours }) => `${quoteText(name, 40)} (${ours}?)`).join(', ');
  const mapping = unread.map(({ name, canonical: ours }) => `${ours}: ${quoteText(name, 40)}`).join(', ');
  const where = file.namedIn ? ` in ${file.namedIn}` : '';
  return {
    kind: 'unread-columns',
    file: file.file,
    message:
      `${unread.length === 1 ? 'a column looks' : 'columns look'} like ${unread.length === 1 ? 'one' : 'ones'} the rules read but ${unread.length === 1 ? 'was' : 'were'} not read: ${listed}; ` +
      `if so, map ${unread.length === 1 ? 'it' : 'them'}${where}: ${
        // A database table is mapped in history.postgres.columns, by its kind.
        file.postgresTable
          ? `history.postgres: { columns: { ${file.key.replace(/^history\./, '')}: { ${mapping} } } }`
          : `${file.key}: { path: …, columns: { ${mapping} } }`
      }`,
  };
}
