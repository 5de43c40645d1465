// The value conventions of docs/inputs.md as DuckDB macros, for the digest of orders and contacts
// (duckdb-digest.ts) and the linking of customer records (duckdb-persons.ts). They read only what
// the default reader is sure to read alike: a cell they are not sure of is NULL in `*_sure`
// columns, and the file is then read by the default reader.

import { BOOLEAN_WORDS } from '../csv/values.js';
import { PLACEHOLDER_NAMES } from './normalize.js';

/** What the error of unsure_value() starts with: resultColumns (duckdb-digest.ts) gives the rest as the reason. */
export const UNSURE_VALUE = 'unsure value: ';

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
CREATE OR REPLACE TEMP MACRO whole_seconds_ms(s) AS
  CASE
    WHEN regexp_full_match(s, '\d{4}-\d{2}-\d{2}') THEN epoch_ms(try_strptime(s, '%Y-%m-%d'))
    WHEN regexp_full_match(s, '\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?')
    THEN epoch_ms(try_strptime(substr(s, 1, 10) || ' ' || substr(s, 12, 8), '%Y-%m-%d %H:%M:%S'))
      - CASE WHEN length(s) = 25
          THEN (CASE WHEN substr(s, 20, 1) = '-' THEN -1 ELSE 1 END)
            * (CAST(substr(s, 21, 2) AS BIGINT) * 3600000 + CAST(substr(s, 24, 2) AS BIGINT) * 60000)
          ELSE 0 END
  END;
-- The same with a fraction of a second after the seconds (a Parquet date-time's text): its first
-- three digits count, as readIsoDateTime (src/time.ts) cuts the rest off.
CREATE OR REPLACE TEMP MACRO iso_ms(s) AS
  CASE
    WHEN contains(s, '.') AND regexp_full_match(s, '\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}\.\d+(Z|[+-]\d{2}:\d{2})?')
    THEN whole_seconds_ms(substr(s, 1, 19) || regexp_extract(s, '(Z|[+-]\d{2}:\d{2})?$'))
      + CAST(rpad(substr(regexp_extract(s, '\.(\d+)', 1), 1, 3), 3, '0') AS BIGINT)
    ELSE whole_seconds_ms(s)
  END;

-- A value of a Parquet file whose text DuckDB may not write as the default reader does
-- (duckdb-parquet.ts): it stops the query, and the default reader reads the file.
CREATE OR REPLACE TEMP MACRO unsure_value(what) AS error('${UNSURE_VALUE}' || what);

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
 * its typed cells read as the default reader reads them without a finding. Regular expressions run
 * only where a cheaper test says they would change something: these run on every record.
 */
const BOOLEAN_LIST = [...BOOLEAN_WORDS.keys()].map(sqlString).join(', ');

export const CUSTOMER_MACROS = String.raw`
-- Plain ASCII: as many bytes as characters.
CREATE OR REPLACE TEMP MACRO is_ascii(s) AS strlen(coalesce(s, '')) = length(coalesce(s, ''));
-- normalizeEmail, normalizePhone and normalizePostalAddress (normalize.ts).
CREATE OR REPLACE TEMP MACRO email_key(s) AS lower(js_trim(coalesce(s, '')));
CREATE OR REPLACE TEMP MACRO phone_key_of_digits(digits) AS CASE WHEN length(digits) >= 7 THEN right(digits, 10) ELSE '' END;
CREATE OR REPLACE TEMP MACRO phone_key(s) AS phone_key_of_digits(regexp_replace(coalesce(s, ''), '[^0-9]', '', 'g'));
CREATE OR REPLACE TEMP MACRO collapse_blanks(s) AS
  CASE WHEN regexp_matches(s, '[${ASCII_BLANKS}]{2}|[\t\n\x0B\f\r]') THEN regexp_replace(s, '[${ASCII_BLANKS}]+', ' ', 'g') ELSE s END;
CREATE OR REPLACE TEMP MACRO postal_key(s) AS collapse_blanks(lower(js_trim(coalesce(s, ''))));
-- knownName of a trimmed name: NULL for an empty name, a single letter (with or without a full stop) or a placeholder.
CREATE OR REPLACE TEMP MACRO without_full_stop(t) AS CASE WHEN ends_with(t, '.') THEN left(t, length(t) - 1) ELSE t END;
CREATE OR REPLACE TEMP MACRO known_trimmed_name(t) AS
  CASE
    WHEN length(without_full_stop(t)) <= 1 THEN NULL
    WHEN without_full_stop(lower(t)) IN (${[...PLACEHOLDER_NAMES].map(sqlString).join(', ')}) THEN NULL
    ELSE t
  END;
-- foldText of ASCII text: lower case, white space removed (translate drops what it has no counterpart for).
CREATE OR REPLACE TEMP MACRO fold_text(s) AS translate(lower(s), chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ', '');
-- nameAndPostalKey of the folded known names and postal code (NULL or empty: no key), joined by a
-- blank (none of them holds one).
CREATE OR REPLACE TEMP MACRO name_postal_key_of(first, last, postal) AS
  CASE WHEN coalesce(first, '') = '' OR coalesce(last, '') = '' OR postal = '' THEN '' ELSE first || ' ' || last || ' ' || postal END;
-- isNoCustomerId.
CREATE OR REPLACE TEMP MACRO no_customer_id(s) AS js_trim(coalesce(s, '')) IN ('', '0') OR lower(js_trim(s)) = 'guest';
-- Cells the default reader reads without a finding (values.ts, dates.ts): anything else is left to it.
CREATE OR REPLACE TEMP MACRO boolean_sure(s) AS
  s IS NULL OR (is_ascii(s) AND (lower(s) IN (${BOOLEAN_LIST}) OR lower(js_trim(s)) IN ('', ${BOOLEAN_LIST})));
CREATE OR REPLACE TEMP MACRO date_sure(s) AS s IS NULL OR s = '' OR iso_ms(s) IS NOT NULL;
CREATE OR REPLACE TEMP MACRO years_sure(s) AS
  s IS NULL OR s = '' OR regexp_full_match(s, '[ \t]*[0-9]{4}(?:[ \t]*[;|][ \t]*[0-9]{4})*[ \t]*');
`;

/** A string literal of text the tool holds (a path the run was given, a word of its own), never of a value read from a file. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
