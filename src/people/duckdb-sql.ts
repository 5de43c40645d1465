// The value conventions of docs/inputs.md as DuckDB macros, for the digest of orders and contacts
// (duckdb-digest.ts). They read only what the default reader is sure to read alike: a cell they
// are not sure of is NULL in `*_sure` columns, and the file is then digested by the default reader.

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

/** A string literal: the path of a file the run was given, never a value read from one. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
