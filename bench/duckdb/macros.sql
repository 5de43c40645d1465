-- Value conventions of docs/inputs.md as DuckDB macros, so that every rule compares values the way
-- the CLI does (src/people/normalize.ts, src/csv/values.ts).

-- The blanks JavaScript's trim() and \s know (tabs, line breaks, no-break spaces, ...), as the
-- body of a regular-expression class: RE2's \s and DuckDB's trim() know fewer.
CREATE MACRO js_blank_class() AS
  '\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}';
-- String.prototype.trim(), which the CLI applies to every value it reads. (trim(s, characters)
-- would say the same, but takes three times as long.)
CREATE MACRO js_trim(s) AS
  regexp_replace(coalesce(s, ''), '^[' || js_blank_class() || ']+|[' || js_blank_class() || ']+$', '', 'g');
-- The trim of the orders' and contacts' customer_id (trimCell in src/people/history-digest.ts):
-- only a cell that starts or ends with an ASCII blank or control character is trimmed.
CREATE MACRO trim_cell(s) AS
  CASE WHEN ascii(coalesce(s, '')) <= 32 OR ascii(right(coalesce(s, ''), 1)) <= 32 THEN js_trim(s) ELSE s END;

-- customer_id: empty, 0 and guest are no id.
CREATE MACRO is_no_id(id) AS lower(js_trim(id)) IN ('', '0', 'guest');

-- Identity keys and addresses, normalized.
CREATE MACRO norm_email(s) AS lower(js_trim(s));
-- Digits only, the last 10; '' when fewer than 7 digits (the last 10 then hold at most 6).
CREATE MACRO norm_phone(s) AS
  regexp_replace(right(regexp_replace(coalesce(s, ''), '[^0-9]', '', 'g'), 10), '^[0-9]{0,6}$', '');

-- Accents dropped (Unicode NFD, marks removed) and case folded: for whole-word comparisons.
CREATE MACRO fold_words(s) AS lower(strip_accents(coalesce(s, '')));
-- ... and every blank removed: for the name + postal code key.
CREATE MACRO fold_text(s) AS regexp_replace(fold_words(s), '[' || js_blank_class() || ']+', '', 'g');

-- A real name, or NULL for an empty value, a single letter or initial ("J", "J.") and the
-- placeholders docs/inputs.md lists. `trimmed`: the cell, trimmed.
CREATE MACRO is_placeholder(without_dot) AS
  length(without_dot) <= 1 OR lower(without_dot) IN (
    'customer', 'valued customer', 'dear customer', 'postal customer', 'unknown', 'n/a', 'na',
    'none', 'null', 'undefined', 'test', 'tester', 'name', 'first name', 'last name',
    'firstname', 'lastname', 'friend', 'resident', 'current resident', 'occupant', 'user',
    'client', 'guest', 'member', 'xxx', '-');
CREATE MACRO known_name(trimmed) AS
  CASE WHEN is_placeholder(regexp_replace(trimmed, '\.$', '')) THEN NULL ELSE trimmed END;

-- first name + last name + postal code, already folded; '' unless all three are non-empty.
CREATE MACRO name_postal_key(first_name, last_name, postal_code) AS
  CASE
    WHEN first_name = '' OR last_name = '' OR postal_code = '' THEN ''
    ELSE first_name || chr(0) || last_name || chr(0) || postal_code
  END;

-- An order status of cancelled, compared ignoring case and blanks around it (the statuses as
-- written are looked up first, as the CLI does).
CREATE MACRO is_cancelled(status) AS
  CASE
    WHEN status IS NULL THEN false
    WHEN status = 'cancelled' THEN true
    WHEN status IN ('placed', 'shipped', 'delivered', 'returned', 'lost', 'refunded') THEN false
    ELSE lower(js_trim(status)) = 'cancelled'
  END;

-- Booleans: true/false, yes/no, y/n, 1/0, opted_in/opted_out, subscribed/unsubscribed, any case;
-- NULL when empty or unreadable (unknown, never false).
CREATE MACRO parse_bool(s) AS
  [true, false, true, false, true, false, true, false, true, false, true, false][list_position(
    ['true', 'false', 'yes', 'no', 'y', 'n', '1', '0', 'opted_in', 'opted_out', 'subscribed', 'unsubscribed'],
    lower(js_trim(s)))];

-- Numbers: digits with an optional sign and decimal point and an optional %; NULL otherwise.
CREATE MACRO parse_number(s) AS
  CASE
    WHEN regexp_full_match(js_trim(s), '[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[' || js_blank_class() || ']*%)?')
    THEN CAST(regexp_replace(js_trim(s), '[' || js_blank_class() || ']*%$', '') AS DOUBLE)
  END;

-- A letter or a digit: what the CLI's /[\p{L}\p{N}]/u calls a word character.
CREATE MACRO is_word_char(c) AS regexp_full_match(c, '[\p{L}\p{N}]');
-- Whether `word` (folded and trimmed) occurs in `text` (folded) as a whole word: no letter or digit
-- right before or after it (containsFoldedWord in src/people/normalize.ts). Most greetings hold a
-- name once: its first occurrence is looked at first. Otherwise the text is split at each
-- occurrence and the characters on both sides of every cut are looked at. (A regular expression
-- built from each name would be compiled once per row, and Unicode classes take long to compile.)
-- The split finds occurrences that do not overlap: an overlapping one could only count for a name
-- that holds a blank or punctuation and starts as it ends ("ab-ab"); no generated name does.
CREATE MACRO whole_word_at(text, word, start) AS
  NOT is_word_char(substring(text, start - 1, 1)) AND NOT is_word_char(substring(text, start + length(word), 1));
CREATE MACRO contains_word(text, word) AS
  CASE
    WHEN word = '' OR NOT contains(text, word) THEN false
    WHEN whole_word_at(text, word, strpos(text, word)) THEN true
    ELSE len(list_filter(
      list_zip(string_split(text, word)[:-2], string_split(text, word)[2:]),
      cut -> NOT is_word_char(right(cut[1], 1)) AND NOT is_word_char(left(cut[2], 1)))) > 0
  END;

-- Line breaks in a cell, as the CLI counts lines: CRLF, CR and LF each one. (Most cells have none:
-- they are only looked for.)
CREATE MACRO line_breaks(s) AS
  CASE
    WHEN NOT (contains(coalesce(s, ''), chr(10)) OR contains(coalesce(s, ''), chr(13))) THEN 0
    ELSE length(replace(replace(s, chr(13) || chr(10), chr(10)), chr(13), chr(10)))
      - length(replace(replace(replace(s, chr(13) || chr(10), ''), chr(13), ''), chr(10), ''))
  END;

-- invalid-address's email: ^[^\s@]+@[^\s@]+\.[^\s@]+$ with JavaScript's \s.
CREATE MACRO is_valid_email(s) AS
  regexp_full_match(s, '[^' || js_blank_class() || '@]+@[^' || js_blank_class() || '@]+\.[^' || js_blank_class() || '@]+');
