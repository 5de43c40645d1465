// The value conventions of docs/inputs.md as DuckDB macros, for the digest of orders and contacts
// (duckdb-digest.ts) and the linking of customer records (duckdb-persons.ts). They read only what
// the default reader is sure to read alike: a cell they are not sure of is NULL in `*_sure`
// columns, and the file is then read by the default reader.

import { BOOLEAN_WORDS } from '../csv/values.js';
import { PLACEHOLDER_NAMES } from './normalize.js';

/** The blanks JavaScript's trim() knows, as the body of a regular-expression class (RE2's \s knows fewer). */
const JS_BLANKS = String.raw`\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`;

export const MACROS = String.raw`
-- String.prototype.trim(). Its blanks are all below 33 or from 160 on: a cell that starts and ends
-- with neither (most cells) is as it is, without the regular expression.
CREATE OR REPLACE TEMP MACRO js_trim(s) AS
  CASE
    WHEN ascii(s) BETWEEN 33 AND 159 AND ascii(right(s, 1)) BETWEEN 33 AND 159 THEN s
    ELSE regexp_replace(coalesce(s, ''), '^[${JS_BLANKS}]+|[${JS_BLANKS}]+$', '', 'g')
  END;
-- trimCell (history-digest.ts): only a cell that starts or ends with an ASCII blank or control character is trimmed.
CREATE OR REPLACE TEMP MACRO trim_cell(s) AS
  CASE WHEN ascii(coalesce(s, '')) <= 32 OR ascii(right(coalesce(s, ''), 1)) <= 32 THEN js_trim(s) ELSE s END;

-- The fixed-width ISO 8601 shapes the default reader reads on its fast path (src/csv/dates.ts), in
-- UTC: YYYY-MM-DD, then THH:mm:ss or a blank and HH:mm:ss, then Z or ±HH:MM. Epoch ms; NULL for
-- anything else, an impossible date among them (strptime refuses 2026-02-30).
CREATE OR REPLACE TEMP MACRO iso_ms(s) AS
  CASE
    WHEN regexp_full_match(s, '\d{4}-\d{2}-\d{2}') THEN epoch_ms(try_strptime(s, '%Y-%m-%d'))
    WHEN regexp_full_match(s, '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?')
    THEN epoch_ms(try_strptime(substr(s, 1, 10) || ' ' || substr(s, 12, 8), '%Y-%m-%d %H:%M:%S'))
      - CASE WHEN length(s) = 25
          THEN (CASE WHEN substr(s, 20, 1) = '-' THEN -1 ELSE 1 END)
            * (CAST(substr(s, 21, 2) AS BIGINT) * 3600000 + CAST(substr(s, 24, 2) AS BIGINT) * 60000)
          ELSE 0 END
  END;

-- Numbers (src/csv/values.ts): digits with an optional sign and decimal point and an optional %.
-- (Plain digits, the common case, skip the trim.)
CREATE OR REPLACE TEMP MACRO number_sure(s) AS
  CASE
    WHEN s IS NULL OR regexp_full_match(s, '[0-9]+(?:\.[0-9]+)?') THEN true
    ELSE js_trim(s) = ''
      OR regexp_full_match(js_trim(s), '[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[${JS_BLANKS}]*%)?')
  END;

-- An order status: as written, else trimmed and in lower case; NULL when neither is one.
CREATE OR REPLACE TEMP MACRO order_status(s) AS
  CASE
    WHEN s IN ('placed', 'shipped', 'delivered', 'cancelled', 'returned', 'lost', 'refunded') THEN s
    WHEN lower(js_trim(s)) IN ('placed', 'shipped', 'delivered', 'cancelled', 'returned', 'lost', 'refunded')
    THEN lower(js_trim(s))
  END;
CREATE OR REPLACE TEMP MACRO status_sure(s) AS js_trim(s) = '' OR order_status(s) IS NOT NULL;
`;

/** JavaScript's white space within ASCII (\s of a regular expression without the u flag, on ASCII text). */
const ASCII_BLANKS = String.raw`\t\n\x0B\f\r `;

/**
 * The identity keys of docs/inputs.md for a customer record whose email, postal address, names and
 * postal code are plain ASCII (duckdb-persons.ts computes the others in JavaScript), and whether
 * its typed cells read as the default reader reads them without a finding.
 */
export const CUSTOMER_MACROS = String.raw`
CREATE OR REPLACE TEMP MACRO is_ascii(s) AS NOT regexp_matches(coalesce(s, ''), '[^\x00-\x7F]');
-- normalizeEmail, normalizePhone and normalizePostalAddress (normalize.ts).
CREATE OR REPLACE TEMP MACRO email_key(s) AS lower(js_trim(coalesce(s, '')));
CREATE OR REPLACE TEMP MACRO phone_digits(s) AS regexp_replace(coalesce(s, ''), '[^0-9]', '', 'g');
CREATE OR REPLACE TEMP MACRO phone_key(s) AS
  CASE WHEN length(phone_digits(s)) >= 7 THEN right(phone_digits(s), 10) ELSE '' END;
CREATE OR REPLACE TEMP MACRO postal_key(s) AS regexp_replace(lower(js_trim(coalesce(s, ''))), '[${ASCII_BLANKS}]+', ' ', 'g');
-- knownName: NULL for an empty name, a single letter (with or without a full stop) or a placeholder.
CREATE OR REPLACE TEMP MACRO known_name(s) AS
  CASE
    WHEN length(regexp_replace(js_trim(coalesce(s, '')), '\.$', '')) <= 1 THEN NULL
    WHEN regexp_replace(lower(js_trim(s)), '\.$', '') IN (${[...PLACEHOLDER_NAMES].map(sqlString).join(', ')}) THEN NULL
    ELSE js_trim(s)
  END;
CREATE OR REPLACE TEMP MACRO fold_text(s) AS regexp_replace(lower(s), '[${ASCII_BLANKS}]+', '', 'g');
-- nameAndPostalKey, its parts joined by a blank (none of them holds one).
CREATE OR REPLACE TEMP MACRO name_postal_key(first, last, postal) AS
  CASE
    WHEN coalesce(fold_text(known_name(first)), '') = '' OR coalesce(fold_text(known_name(last)), '') = ''
      OR fold_text(coalesce(postal, '')) = '' THEN ''
    ELSE fold_text(known_name(first)) || ' ' || fold_text(known_name(last)) || ' ' || fold_text(postal)
  END;
-- isNoCustomerId.
CREATE OR REPLACE TEMP MACRO no_customer_id(s) AS js_trim(coalesce(s, '')) IN ('', '0') OR lower(js_trim(s)) = 'guest';
-- Cells the default reader reads without a finding (values.ts, dates.ts): anything else is left to it.
CREATE OR REPLACE TEMP MACRO boolean_sure(s) AS
  js_trim(coalesce(s, '')) = '' OR (is_ascii(s) AND lower(js_trim(s)) IN (${[...BOOLEAN_WORDS.keys()].map(sqlString).join(', ')}));
CREATE OR REPLACE TEMP MACRO date_sure(s) AS coalesce(s, '') = '' OR iso_ms(s) IS NOT NULL;
CREATE OR REPLACE TEMP MACRO years_sure(s) AS
  coalesce(s, '') = '' OR regexp_full_match(s, '[ \t]*[0-9]{4}(?:[ \t]*[;|][ \t]*[0-9]{4})*[ \t]*');
`;

/** A string literal of text the tool holds (a path the run was given, a word of its own), never of a value read from a file. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
