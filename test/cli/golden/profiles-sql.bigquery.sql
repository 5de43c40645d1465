CREATE OR REPLACE TEMP TABLE cp_records AS
SELECT row_number() OVER () AS rec, u.* FROM (SELECT 0 AS file, CAST(`customer_id` AS STRING) AS customer_id, CAST(NULL AS STRING) AS person_id, CAST(NULL AS STRING) AS brand, CAST(`email` AS STRING) AS email, CAST(NULL AS STRING) AS phone, CAST(`first_name` AS STRING) AS first_name, CAST(`last_name` AS STRING) AS last_name, CAST(NULL AS STRING) AS postal_address, CAST(NULL AS STRING) AS postal_code, CAST(NULL AS STRING) AS birth_date, CAST(NULL AS STRING) AS children_birth_years, CAST(NULL AS STRING) AS life_stage, CAST(NULL AS STRING) AS loyalty_tier, CAST(NULL AS STRING) AS interests, CAST(`email_consent` AS STRING) AS email_consent, CAST(NULL AS STRING) AS sms_consent, CAST(NULL AS STRING) AS phone_consent, CAST(NULL AS STRING) AS mail_consent, CAST(NULL AS STRING) AS push_consent, CAST(NULL AS STRING) AS unsubscribed_at, CAST(`do_not_contact` AS STRING) AS do_not_contact, CAST(NULL AS STRING) AS email_undeliverable FROM `crm.customers`) u;

CREATE OR REPLACE TEMP TABLE cp_keys AS
SELECT rec, file, position, no_id, person_key, email_key, phone_key, postal_key,
  CASE WHEN first_fold <> '' AND last_fold <> '' AND postal_fold <> '' THEN first_fold || ' ' || last_fold || ' ' || postal_fold ELSE '' END AS name_postal_key
FROM (
  SELECT rec, file, position, no_id, person_key, email_key, phone_key, postal_key,
    coalesce(CASE WHEN translate(first_lower, CODE_POINTS_TO_STRING([9, 10, 11, 12, 13, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279]), '') = first_lower THEN replace(first_lower, ' ', '') ELSE REGEXP_REPLACE(first_lower, r'[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+', '') END, '') AS first_fold,
    coalesce(CASE WHEN translate(last_lower, CODE_POINTS_TO_STRING([9, 10, 11, 12, 13, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279]), '') = last_lower THEN replace(last_lower, ' ', '') ELSE REGEXP_REPLACE(last_lower, r'[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+', '') END, '') AS last_fold,
    CASE WHEN known_first IS NULL OR known_last IS NULL THEN '' ELSE CASE WHEN translate(postal_lower, CODE_POINTS_TO_STRING([9, 10, 11, 12, 13, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279]), '') = postal_lower THEN replace(postal_lower, ' ', '') ELSE REGEXP_REPLACE(postal_lower, r'[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+', '') END END AS postal_fold
  FROM (
    SELECT rec, file, position, no_id, person_key, email_key, phone_key, known_first, known_last, CASE WHEN address_lower NOT LIKE '%  %' AND translate(address_lower, CODE_POINTS_TO_STRING([9, 10, 11, 12, 13, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279]), '') = address_lower THEN address_lower ELSE REGEXP_REPLACE(address_lower, r'[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+', ' ') END AS postal_key,
      lower(CASE WHEN (BYTE_LENGTH(known_first) = CHAR_LENGTH(known_first)) THEN known_first ELSE REGEXP_REPLACE(NORMALIZE(known_first, NFD), r'\pM', '') END) AS first_lower,
      lower(CASE WHEN (BYTE_LENGTH(known_last) = CHAR_LENGTH(known_last)) THEN known_last ELSE REGEXP_REPLACE(NORMALIZE(known_last, NFD), r'\pM', '') END) AS last_lower,
      lower(CASE WHEN (BYTE_LENGTH(coalesce(postal_code, '')) = CHAR_LENGTH(coalesce(postal_code, ''))) THEN coalesce(postal_code, '') ELSE REGEXP_REPLACE(NORMALIZE(coalesce(postal_code, ''), NFD), r'\pM', '') END) AS postal_lower
    FROM (
      SELECT rec, file, position, no_id, postal_code, person_key, email_key, address_lower,
        CASE WHEN length(phone_digits) >= 7 THEN right(phone_digits, 10) ELSE '' END AS phone_key,
        CASE WHEN length(CASE WHEN first_trimmed LIKE '%.' THEN substr(first_trimmed, 1, length(first_trimmed) - 1) ELSE first_trimmed END) <= 1 OR CASE WHEN lower(first_trimmed) LIKE '%.' THEN substr(lower(first_trimmed), 1, length(lower(first_trimmed)) - 1) ELSE lower(first_trimmed) END IN ('customer', 'valued customer', 'dear customer', 'postal customer', 'unknown', 'n/a', 'na', 'none', 'null', 'undefined', 'test', 'tester', 'name', 'first name', 'last name', 'firstname', 'lastname', 'friend', 'resident', 'current resident', 'occupant', 'user', 'client', 'guest', 'member', 'xxx', '-') THEN NULL ELSE first_trimmed END AS known_first,
        CASE WHEN length(CASE WHEN last_trimmed LIKE '%.' THEN substr(last_trimmed, 1, length(last_trimmed) - 1) ELSE last_trimmed END) <= 1 OR CASE WHEN lower(last_trimmed) LIKE '%.' THEN substr(lower(last_trimmed), 1, length(lower(last_trimmed)) - 1) ELSE lower(last_trimmed) END IN ('customer', 'valued customer', 'dear customer', 'postal customer', 'unknown', 'n/a', 'na', 'none', 'null', 'undefined', 'test', 'tester', 'name', 'first name', 'last name', 'firstname', 'lastname', 'friend', 'resident', 'current resident', 'occupant', 'user', 'client', 'guest', 'member', 'xxx', '-') THEN NULL ELSE last_trimmed END AS known_last
      FROM (SELECT rec, file, postal_code,
        row_number() OVER (PARTITION BY file ORDER BY rec) AS position,
        (CASE WHEN UNICODE(coalesce(customer_id, '')) BETWEEN 33 AND 159 AND UNICODE(right(customer_id, 1)) BETWEEN 33 AND 159 THEN customer_id WHEN coalesce(customer_id, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(customer_id, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END IN ('', '0') OR lower(CASE WHEN UNICODE(coalesce(customer_id, '')) BETWEEN 33 AND 159 AND UNICODE(right(customer_id, 1)) BETWEEN 33 AND 159 THEN customer_id WHEN coalesce(customer_id, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(customer_id, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END) = 'guest') AS no_id,
        CASE WHEN UNICODE(coalesce(person_id, '')) BETWEEN 33 AND 159 AND UNICODE(right(person_id, 1)) BETWEEN 33 AND 159 THEN person_id WHEN coalesce(person_id, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(person_id, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END AS person_key,
        lower(CASE WHEN UNICODE(coalesce(email, '')) BETWEEN 33 AND 159 AND UNICODE(right(email, 1)) BETWEEN 33 AND 159 THEN email WHEN coalesce(email, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(email, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END) AS email_key,
        REGEXP_REPLACE(coalesce(phone, ''), r'[^0-9]', '') AS phone_digits,
        lower(CASE WHEN UNICODE(coalesce(postal_address, '')) BETWEEN 33 AND 159 AND UNICODE(right(postal_address, 1)) BETWEEN 33 AND 159 THEN postal_address WHEN coalesce(postal_address, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(postal_address, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END) AS address_lower,
        CASE WHEN UNICODE(coalesce(first_name, '')) BETWEEN 33 AND 159 AND UNICODE(right(first_name, 1)) BETWEEN 33 AND 159 THEN first_name WHEN coalesce(first_name, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(first_name, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END AS first_trimmed, CASE WHEN UNICODE(coalesce(last_name, '')) BETWEEN 33 AND 159 AND UNICODE(right(last_name, 1)) BETWEEN 33 AND 159 THEN last_name WHEN coalesce(last_name, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(last_name, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END AS last_trimmed FROM cp_records) t
    ) k
  ) l
) f;

CREATE OR REPLACE TEMP TABLE cp_links AS
SELECT rec, first_rec FROM (SELECT rec, min(rec) OVER (PARTITION BY person_key) AS first_rec FROM cp_keys WHERE person_key <> '') t WHERE rec <> first_rec
UNION ALL
SELECT rec, first_rec FROM (SELECT rec, min(rec) OVER (PARTITION BY email_key) AS first_rec FROM cp_keys WHERE email_key <> '') t WHERE rec <> first_rec
UNION ALL
SELECT rec, first_rec FROM (SELECT rec, min(rec) OVER (PARTITION BY phone_key) AS first_rec FROM cp_keys WHERE phone_key <> '') t WHERE rec <> first_rec
UNION ALL
SELECT rec, first_rec FROM (SELECT rec, min(rec) OVER (PARTITION BY name_postal_key) AS first_rec FROM cp_keys WHERE name_postal_key <> '') t WHERE rec <> first_rec;

CREATE OR REPLACE TEMP TABLE cp_label_0 AS
SELECT rec, rec AS label FROM cp_records;

CREATE OR REPLACE TEMP TABLE cp_spread_1 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_0
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_0 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_0 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_0;

CREATE OR REPLACE TEMP TABLE cp_label_1 AS
SELECT s.rec, j.label FROM cp_spread_1 s JOIN cp_spread_1 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_1;

CREATE OR REPLACE TEMP TABLE cp_spread_2 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_1
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_1 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_1 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_1;

CREATE OR REPLACE TEMP TABLE cp_label_2 AS
SELECT s.rec, j.label FROM cp_spread_2 s JOIN cp_spread_2 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_2;

CREATE OR REPLACE TEMP TABLE cp_spread_3 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_2
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_2 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_2 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_2;

CREATE OR REPLACE TEMP TABLE cp_label_3 AS
SELECT s.rec, j.label FROM cp_spread_3 s JOIN cp_spread_3 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_3;

CREATE OR REPLACE TEMP TABLE cp_spread_4 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_3
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_3 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_3 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_3;

CREATE OR REPLACE TEMP TABLE cp_label_4 AS
SELECT s.rec, j.label FROM cp_spread_4 s JOIN cp_spread_4 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_4;

CREATE OR REPLACE TEMP TABLE cp_spread_5 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_4
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_4 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_4 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_4;

CREATE OR REPLACE TEMP TABLE cp_label_5 AS
SELECT s.rec, j.label FROM cp_spread_5 s JOIN cp_spread_5 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_5;

CREATE OR REPLACE TEMP TABLE cp_spread_6 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_5
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_5 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_5 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_5;

CREATE OR REPLACE TEMP TABLE cp_label_6 AS
SELECT s.rec, j.label FROM cp_spread_6 s JOIN cp_spread_6 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_6;

CREATE OR REPLACE TEMP TABLE cp_spread_7 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_6
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_6 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_6 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_6;

CREATE OR REPLACE TEMP TABLE cp_label_7 AS
SELECT s.rec, j.label FROM cp_spread_7 s JOIN cp_spread_7 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_7;

CREATE OR REPLACE TEMP TABLE cp_spread_8 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_7
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_7 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_7 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_7;

CREATE OR REPLACE TEMP TABLE cp_label_8 AS
SELECT s.rec, j.label FROM cp_spread_8 s JOIN cp_spread_8 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_8;

CREATE OR REPLACE TEMP TABLE cp_spread_9 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_8
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_8 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_8 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_8;

CREATE OR REPLACE TEMP TABLE cp_label_9 AS
SELECT s.rec, j.label FROM cp_spread_9 s JOIN cp_spread_9 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_9;

CREATE OR REPLACE TEMP TABLE cp_spread_10 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_9
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_9 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_9 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_9;

CREATE OR REPLACE TEMP TABLE cp_label_10 AS
SELECT s.rec, j.label FROM cp_spread_10 s JOIN cp_spread_10 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_10;

CREATE OR REPLACE TEMP TABLE cp_spread_11 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_10
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_10 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_10 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_10;

CREATE OR REPLACE TEMP TABLE cp_label_11 AS
SELECT s.rec, j.label FROM cp_spread_11 s JOIN cp_spread_11 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_11;

CREATE OR REPLACE TEMP TABLE cp_spread_12 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_11
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_11 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_11 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_11;

CREATE OR REPLACE TEMP TABLE cp_label_12 AS
SELECT s.rec, j.label FROM cp_spread_12 s JOIN cp_spread_12 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_12;

CREATE OR REPLACE TEMP TABLE cp_spread_13 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_12
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_12 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_12 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_12;

CREATE OR REPLACE TEMP TABLE cp_label_13 AS
SELECT s.rec, j.label FROM cp_spread_13 s JOIN cp_spread_13 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_13;

CREATE OR REPLACE TEMP TABLE cp_spread_14 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_13
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_13 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_13 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_13;

CREATE OR REPLACE TEMP TABLE cp_label_14 AS
SELECT s.rec, j.label FROM cp_spread_14 s JOIN cp_spread_14 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_14;

CREATE OR REPLACE TEMP TABLE cp_spread_15 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_14
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_14 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_14 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_14;

CREATE OR REPLACE TEMP TABLE cp_label_15 AS
SELECT s.rec, j.label FROM cp_spread_15 s JOIN cp_spread_15 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_15;

CREATE OR REPLACE TEMP TABLE cp_spread_16 AS
SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM cp_label_15
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN cp_label_15 b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN cp_label_15 b ON b.rec = l.rec
) t GROUP BY rec;

DROP TABLE IF EXISTS cp_label_15;

CREATE OR REPLACE TEMP TABLE cp_label_16 AS
SELECT s.rec, j.label FROM cp_spread_16 s JOIN cp_spread_16 j ON j.rec = s.label;

DROP TABLE IF EXISTS cp_spread_16;

CREATE OR REPLACE TEMP TABLE cp_persons AS
SELECT rec, label FROM cp_label_16;

DROP TABLE IF EXISTS cp_label_16;

CREATE OR REPLACE TEMP TABLE cp_orders AS
SELECT file, order_key, customer_key, ordered_ms, status_word, named, sure, CASE WHEN named OR NOT sure THEN order_id END AS order_id, CASE WHEN named OR NOT sure THEN customer_id END AS customer_id, CASE WHEN named OR NOT sure THEN ordered_at END AS ordered_at, CASE WHEN named OR NOT sure THEN status END AS status, CASE WHEN named OR NOT sure THEN delivered_at END AS delivered_at, CASE WHEN named OR NOT sure THEN total END AS total, CASE WHEN named OR NOT sure THEN category END AS category, CASE WHEN named OR NOT sure THEN brand END AS brand FROM (SELECT *, 1 = 0 AS named,
  (ordered_at IS NULL OR ordered_at = '' OR ordered_ms IS NOT NULL)
  AND (delivered_at IS NULL OR delivered_at = '' OR CASE
    WHEN translate(coalesce(delivered_at, ''), '123456789', '000000000') NOT IN ('0000-00-00', '0000-00-00T00:00:00', '0000-00-00T00:00:00Z', '0000-00-00T00:00:00+00:00', '0000-00-00T00:00:00-00:00', '0000-00-00T00:00:00+0000', '0000-00-00T00:00:00-0000', '0000-00-00T00:00:00 +0000', '0000-00-00T00:00:00 -0000', '0000-00-00 00:00:00', '0000-00-00 00:00:00Z', '0000-00-00 00:00:00+00:00', '0000-00-00 00:00:00-00:00', '0000-00-00 00:00:00+0000', '0000-00-00 00:00:00-0000', '0000-00-00 00:00:00 +0000', '0000-00-00 00:00:00 -0000') THEN NULL
    WHEN substr(delivered_at, 1, 1) = '0' OR CAST(substr(delivered_at, 6, 2) AS BIGINT) NOT BETWEEN 1 AND 12 OR CAST(substr(delivered_at, 9, 2) AS BIGINT) = 0 OR CAST(substr(delivered_at, 9, 2) AS BIGINT) > CASE WHEN CAST(substr(delivered_at, 6, 2) AS BIGINT) = 2 THEN CASE WHEN ((CAST(substr(delivered_at, 1, 4) AS BIGINT)) - 4 * DIV(CAST(substr(delivered_at, 1, 4) AS BIGINT), 4) = 0 AND ((CAST(substr(delivered_at, 1, 4) AS BIGINT)) - 100 * DIV(CAST(substr(delivered_at, 1, 4) AS BIGINT), 100) <> 0 OR (CAST(substr(delivered_at, 1, 4) AS BIGINT)) - 400 * DIV(CAST(substr(delivered_at, 1, 4) AS BIGINT), 400) = 0)) THEN 29 ELSE 28 END WHEN CAST(substr(delivered_at, 6, 2) AS BIGINT) IN (4, 6, 9, 11) THEN 30 ELSE 31 END THEN NULL
    WHEN length(delivered_at) > 10 AND (CAST(substr(delivered_at, 12, 2) AS BIGINT) > 23 OR CAST(substr(delivered_at, 15, 2) AS BIGINT) > 59 OR CAST(substr(delivered_at, 18, 2) AS BIGINT) > 59) THEN NULL
    WHEN length(delivered_at) = 24 AND (CAST(substr(delivered_at, 21, 2) AS BIGINT) > 23 OR CAST(substr(delivered_at, 23, 2) AS BIGINT) > 59) THEN NULL
    WHEN length(delivered_at) = 25 AND substr(delivered_at, 20, 1) = ' ' AND (CAST(substr(delivered_at, 22, 2) AS BIGINT) > 23 OR CAST(substr(delivered_at, 24, 2) AS BIGINT) > 59) THEN NULL
    WHEN length(delivered_at) = 25 AND NOT substr(delivered_at, 20, 1) = ' ' AND (CAST(substr(delivered_at, 21, 2) AS BIGINT) > 23 OR CAST(substr(delivered_at, 24, 2) AS BIGINT) > 59) THEN NULL
    ELSE UNIX_MILLIS(TIMESTAMP(CASE WHEN length(delivered_at) = 24 THEN substr(delivered_at, 1, 22) || ':' || substr(delivered_at, 23, 2)
      WHEN length(delivered_at) = 25 AND substr(delivered_at, 20, 1) = ' ' THEN substr(delivered_at, 1, 19) || substr(delivered_at, 21, 3) || ':' || substr(delivered_at, 24, 2)
      ELSE delivered_at END))
  END IS NOT NULL)
  AND (status IS NULL OR status_word IS NOT NULL OR CASE WHEN UNICODE(coalesce(status, '')) BETWEEN 33 AND 159 AND UNICODE(right(status, 1)) BETWEEN 33 AND 159 THEN status WHEN coalesce(status, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(status, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END = '')
  AND (total IS NULL OR translate(total, '0123456789', '') = '' OR (translate(total, '0123456789', '') = '.' AND total NOT LIKE '%.')) AS sure
FROM (SELECT o.*, CASE WHEN ascii(coalesce(order_id, '')) <= 32 OR ascii(right(coalesce(order_id, ''), 1)) <= 32 THEN CASE WHEN UNICODE(coalesce(order_id, '')) BETWEEN 33 AND 159 AND UNICODE(right(order_id, 1)) BETWEEN 33 AND 159 THEN order_id WHEN coalesce(order_id, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(order_id, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END ELSE order_id END AS order_key, CASE WHEN ascii(coalesce(customer_id, '')) <= 32 OR ascii(right(coalesce(customer_id, ''), 1)) <= 32 THEN CASE WHEN UNICODE(coalesce(customer_id, '')) BETWEEN 33 AND 159 AND UNICODE(right(customer_id, 1)) BETWEEN 33 AND 159 THEN customer_id WHEN coalesce(customer_id, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(customer_id, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END ELSE customer_id END AS customer_key,
  CASE
    WHEN translate(coalesce(ordered_at, ''), '123456789', '000000000') NOT IN ('0000-00-00', '0000-00-00T00:00:00', '0000-00-00T00:00:00Z', '0000-00-00T00:00:00+00:00', '0000-00-00T00:00:00-00:00', '0000-00-00T00:00:00+0000', '0000-00-00T00:00:00-0000', '0000-00-00T00:00:00 +0000', '0000-00-00T00:00:00 -0000', '0000-00-00 00:00:00', '0000-00-00 00:00:00Z', '0000-00-00 00:00:00+00:00', '0000-00-00 00:00:00-00:00', '0000-00-00 00:00:00+0000', '0000-00-00 00:00:00-0000', '0000-00-00 00:00:00 +0000', '0000-00-00 00:00:00 -0000') THEN NULL
    WHEN substr(ordered_at, 1, 1) = '0' OR CAST(substr(ordered_at, 6, 2) AS BIGINT) NOT BETWEEN 1 AND 12 OR CAST(substr(ordered_at, 9, 2) AS BIGINT) = 0 OR CAST(substr(ordered_at, 9, 2) AS BIGINT) > CASE WHEN CAST(substr(ordered_at, 6, 2) AS BIGINT) = 2 THEN CASE WHEN ((CAST(substr(ordered_at, 1, 4) AS BIGINT)) - 4 * DIV(CAST(substr(ordered_at, 1, 4) AS BIGINT), 4) = 0 AND ((CAST(substr(ordered_at, 1, 4) AS BIGINT)) - 100 * DIV(CAST(substr(ordered_at, 1, 4) AS BIGINT), 100) <> 0 OR (CAST(substr(ordered_at, 1, 4) AS BIGINT)) - 400 * DIV(CAST(substr(ordered_at, 1, 4) AS BIGINT), 400) = 0)) THEN 29 ELSE 28 END WHEN CAST(substr(ordered_at, 6, 2) AS BIGINT) IN (4, 6, 9, 11) THEN 30 ELSE 31 END THEN NULL
    WHEN length(ordered_at) > 10 AND (CAST(substr(ordered_at, 12, 2) AS BIGINT) > 23 OR CAST(substr(ordered_at, 15, 2) AS BIGINT) > 59 OR CAST(substr(ordered_at, 18, 2) AS BIGINT) > 59) THEN NULL
    WHEN length(ordered_at) = 24 AND (CAST(substr(ordered_at, 21, 2) AS BIGINT) > 23 OR CAST(substr(ordered_at, 23, 2) AS BIGINT) > 59) THEN NULL
    WHEN length(ordered_at) = 25 AND substr(ordered_at, 20, 1) = ' ' AND (CAST(substr(ordered_at, 22, 2) AS BIGINT) > 23 OR CAST(substr(ordered_at, 24, 2) AS BIGINT) > 59) THEN NULL
    WHEN length(ordered_at) = 25 AND NOT substr(ordered_at, 20, 1) = ' ' AND (CAST(substr(ordered_at, 21, 2) AS BIGINT) > 23 OR CAST(substr(ordered_at, 24, 2) AS BIGINT) > 59) THEN NULL
    ELSE UNIX_MILLIS(TIMESTAMP(CASE WHEN length(ordered_at) = 24 THEN substr(ordered_at, 1, 22) || ':' || substr(ordered_at, 23, 2)
      WHEN length(ordered_at) = 25 AND substr(ordered_at, 20, 1) = ' ' THEN substr(ordered_at, 1, 19) || substr(ordered_at, 21, 3) || ':' || substr(ordered_at, 24, 2)
      ELSE ordered_at END))
  END AS ordered_ms,
  CASE WHEN status IN ('placed', 'shipped', 'delivered', 'cancelled', 'returned', 'lost', 'refunded') THEN status WHEN lower(CASE WHEN UNICODE(coalesce(status, '')) BETWEEN 33 AND 159 AND UNICODE(right(status, 1)) BETWEEN 33 AND 159 THEN status WHEN coalesce(status, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(status, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END) IN ('placed', 'shipped', 'delivered', 'cancelled', 'returned', 'lost', 'refunded') THEN lower(CASE WHEN UNICODE(coalesce(status, '')) BETWEEN 33 AND 159 AND UNICODE(right(status, 1)) BETWEEN 33 AND 159 THEN status WHEN coalesce(status, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(status, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END) END AS status_word
  FROM (SELECT 0 AS file, CAST(`order_id` AS STRING) AS order_id, CAST(`customer_id` AS STRING) AS customer_id, CAST(`ordered_at` AS STRING) AS ordered_at, CAST(`status` AS STRING) AS status, CAST(`delivered_at` AS STRING) AS delivered_at, CAST(`total` AS STRING) AS total, CAST(`category` AS STRING) AS category, CAST(NULL AS STRING) AS brand FROM `sales.orders`) o) t) f;

CREATE OR REPLACE TEMP TABLE cp_figures AS
SELECT customer_key, i.instant_ms,
  sum(CASE WHEN ordered_ms <= i.instant_ms THEN 1 ELSE 0 END) AS order_count,
  max(CASE WHEN ordered_ms < i.instant_ms THEN ordered_ms END) AS last_order_ms
FROM cp_orders CROSS JOIN (SELECT CAST(1789030800000 AS BIGINT) AS instant_ms) i
WHERE sure AND NOT named AND coalesce(status_word, '') <> 'cancelled' AND ordered_ms IS NOT NULL AND customer_key <> ''
GROUP BY customer_key, i.instant_ms;

CREATE OR REPLACE TEMP TABLE cp_contacts AS
SELECT * FROM (SELECT c.*, CASE
    WHEN translate(coalesce(sent_at, ''), '123456789', '000000000') NOT IN ('0000-00-00', '0000-00-00T00:00:00', '0000-00-00T00:00:00Z', '0000-00-00T00:00:00+00:00', '0000-00-00T00:00:00-00:00', '0000-00-00T00:00:00+0000', '0000-00-00T00:00:00-0000', '0000-00-00T00:00:00 +0000', '0000-00-00T00:00:00 -0000', '0000-00-00 00:00:00', '0000-00-00 00:00:00Z', '0000-00-00 00:00:00+00:00', '0000-00-00 00:00:00-00:00', '0000-00-00 00:00:00+0000', '0000-00-00 00:00:00-0000', '0000-00-00 00:00:00 +0000', '0000-00-00 00:00:00 -0000') THEN NULL
    WHEN substr(sent_at, 1, 1) = '0' OR CAST(substr(sent_at, 6, 2) AS BIGINT) NOT BETWEEN 1 AND 12 OR CAST(substr(sent_at, 9, 2) AS BIGINT) = 0 OR CAST(substr(sent_at, 9, 2) AS BIGINT) > CASE WHEN CAST(substr(sent_at, 6, 2) AS BIGINT) = 2 THEN CASE WHEN ((CAST(substr(sent_at, 1, 4) AS BIGINT)) - 4 * DIV(CAST(substr(sent_at, 1, 4) AS BIGINT), 4) = 0 AND ((CAST(substr(sent_at, 1, 4) AS BIGINT)) - 100 * DIV(CAST(substr(sent_at, 1, 4) AS BIGINT), 100) <> 0 OR (CAST(substr(sent_at, 1, 4) AS BIGINT)) - 400 * DIV(CAST(substr(sent_at, 1, 4) AS BIGINT), 400) = 0)) THEN 29 ELSE 28 END WHEN CAST(substr(sent_at, 6, 2) AS BIGINT) IN (4, 6, 9, 11) THEN 30 ELSE 31 END THEN NULL
    WHEN length(sent_at) > 10 AND (CAST(substr(sent_at, 12, 2) AS BIGINT) > 23 OR CAST(substr(sent_at, 15, 2) AS BIGINT) > 59 OR CAST(substr(sent_at, 18, 2) AS BIGINT) > 59) THEN NULL
    WHEN length(sent_at) = 24 AND (CAST(substr(sent_at, 21, 2) AS BIGINT) > 23 OR CAST(substr(sent_at, 23, 2) AS BIGINT) > 59) THEN NULL
    WHEN length(sent_at) = 25 AND substr(sent_at, 20, 1) = ' ' AND (CAST(substr(sent_at, 22, 2) AS BIGINT) > 23 OR CAST(substr(sent_at, 24, 2) AS BIGINT) > 59) THEN NULL
    WHEN length(sent_at) = 25 AND NOT substr(sent_at, 20, 1) = ' ' AND (CAST(substr(sent_at, 21, 2) AS BIGINT) > 23 OR CAST(substr(sent_at, 24, 2) AS BIGINT) > 59) THEN NULL
    ELSE UNIX_MILLIS(TIMESTAMP(CASE WHEN length(sent_at) = 24 THEN substr(sent_at, 1, 22) || ':' || substr(sent_at, 23, 2)
      WHEN length(sent_at) = 25 AND substr(sent_at, 20, 1) = ' ' THEN substr(sent_at, 1, 19) || substr(sent_at, 21, 3) || ':' || substr(sent_at, 24, 2)
      ELSE sent_at END))
  END AS sent_ms FROM (SELECT 0 AS file, CAST(`customer_id` AS STRING) AS customer_id, CAST(`channel` AS STRING) AS channel, CAST(`sent_at` AS STRING) AS sent_at, CAST(`campaign_id` AS STRING) AS campaign_id, CAST(`brand` AS STRING) AS brand FROM `crm.sends`) c) t
WHERE (sent_ms >= 1788426000000 AND sent_ms < 1789030800000) OR (sent_ms IS NULL AND coalesce(sent_at, '') <> '');

SELECT * FROM (
SELECT 'build' AS kind, CAST(NULL AS BIGINT) AS rec, CAST(NULL AS BIGINT) AS person, CAST(NULL AS BIGINT) AS source, CAST(NULL AS BIGINT) AS position, CAST(NULL AS STRING) AS customer_id, CAST(NULL AS STRING) AS person_id, CAST(NULL AS STRING) AS brand, CAST(NULL AS STRING) AS email, CAST(NULL AS STRING) AS phone, CAST(NULL AS STRING) AS first_name, CAST(NULL AS STRING) AS last_name, CAST(NULL AS STRING) AS postal_address, CAST(NULL AS STRING) AS postal_code, CAST(NULL AS STRING) AS birth_date, CAST(NULL AS STRING) AS children_birth_years, CAST(NULL AS STRING) AS life_stage, CAST(NULL AS STRING) AS loyalty_tier, CAST(NULL AS STRING) AS interests, CAST(NULL AS STRING) AS email_consent, CAST(NULL AS STRING) AS sms_consent, CAST(NULL AS STRING) AS phone_consent, CAST(NULL AS STRING) AS mail_consent, CAST(NULL AS STRING) AS push_consent, CAST(NULL AS STRING) AS unsubscribed_at, CAST(NULL AS STRING) AS do_not_contact, CAST(NULL AS STRING) AS email_undeliverable, CAST(NULL AS STRING) AS order_id, CAST(NULL AS STRING) AS ordered_at, CAST(NULL AS STRING) AS status, CAST(NULL AS STRING) AS delivered_at, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS category, CAST(NULL AS STRING) AS channel, CAST(NULL AS STRING) AS sent_at, CAST(NULL AS STRING) AS campaign_id, CAST(NULL AS BIGINT) AS instant_ms, CAST(NULL AS BIGINT) AS order_count, CAST(NULL AS BIGINT) AS last_order_ms, CAST(NULL AS STRING) AS person_key, CAST(NULL AS STRING) AS email_key, CAST(NULL AS STRING) AS phone_key, CAST(NULL AS STRING) AS postal_key, CAST(NULL AS STRING) AS name_postal_key, CAST(NULL AS BIGINT) AS check_count, '{"format":"campaign-preflight profiles 1","dialect":"bigquery","instants":[1789030800000],"orderIds":[],"contactLookbackMs":604800000,"linkBy":["person_id","email","phone","name_postal"],"sources":{"customers":[{"file":"crm.customers","header":["customer_id","first_name","last_name","email","email_consent","do_not_contact"],"mapped":[],"columns":["customer_id","email","first_name","last_name","email_consent","do_not_contact"]}],"orders":[{"file":"sales.orders","header":["order_id","customer_id","ordered_at","status","delivered_at","total","category"],"mapped":[],"columns":["order_id","customer_id","ordered_at","status","delivered_at","total","category"]}],"contacts":[{"file":"crm.sends","header":["customer_id","channel","sent_at","campaign_id","brand"],"mapped":[],"columns":["customer_id","channel","sent_at","campaign_id","brand"]}]}}' AS detail
UNION ALL
SELECT 'check' AS kind, CAST(NULL AS BIGINT) AS rec, CAST(NULL AS BIGINT) AS person, CAST(NULL AS BIGINT) AS source, CAST(NULL AS BIGINT) AS position, c.example AS customer_id, CAST(NULL AS STRING) AS person_id, CAST(NULL AS STRING) AS brand, CAST(NULL AS STRING) AS email, CAST(NULL AS STRING) AS phone, CAST(NULL AS STRING) AS first_name, CAST(NULL AS STRING) AS last_name, CAST(NULL AS STRING) AS postal_address, CAST(NULL AS STRING) AS postal_code, CAST(NULL AS STRING) AS birth_date, CAST(NULL AS STRING) AS children_birth_years, CAST(NULL AS STRING) AS life_stage, CAST(NULL AS STRING) AS loyalty_tier, CAST(NULL AS STRING) AS interests, CAST(NULL AS STRING) AS email_consent, CAST(NULL AS STRING) AS sms_consent, CAST(NULL AS STRING) AS phone_consent, CAST(NULL AS STRING) AS mail_consent, CAST(NULL AS STRING) AS push_consent, CAST(NULL AS STRING) AS unsubscribed_at, CAST(NULL AS STRING) AS do_not_contact, CAST(NULL AS STRING) AS email_undeliverable, CAST(NULL AS STRING) AS order_id, CAST(NULL AS STRING) AS ordered_at, CAST(NULL AS STRING) AS status, CAST(NULL AS STRING) AS delivered_at, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS category, CAST(NULL AS STRING) AS channel, CAST(NULL AS STRING) AS sent_at, CAST(NULL AS STRING) AS campaign_id, CAST(NULL AS BIGINT) AS instant_ms, CAST(NULL AS BIGINT) AS order_count, CAST(NULL AS BIGINT) AS last_order_ms, CAST(NULL AS STRING) AS person_key, CAST(NULL AS STRING) AS email_key, CAST(NULL AS STRING) AS phone_key, CAST(NULL AS STRING) AS postal_key, CAST(NULL AS STRING) AS name_postal_key, CAST(c.n AS BIGINT) AS check_count, c.name AS detail FROM (SELECT 'unlinked' AS name, n, CAST(NULL AS STRING) AS example FROM (SELECT count(*) AS n FROM cp_links l JOIN cp_persons a ON a.rec = l.rec JOIN cp_persons b ON b.rec = l.first_rec WHERE a.label <> b.label) u
UNION ALL
SELECT 'repeated customer_id' AS name, count(*) AS n, min(id) AS example FROM (SELECT id FROM (SELECT CASE WHEN id LIKE '%@%' THEN lower(id) ELSE id END AS id FROM (SELECT CASE WHEN UNICODE(coalesce(customer_id, '')) BETWEEN 33 AND 159 AND UNICODE(right(customer_id, 1)) BETWEEN 33 AND 159 THEN customer_id WHEN coalesce(customer_id, '') = '' THEN '' ELSE REGEXP_REPLACE(coalesce(customer_id, ''), r'^[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$', '') END AS id FROM cp_records) t WHERE NOT (id IN ('', '0') OR lower(id) = 'guest')) i GROUP BY id HAVING count(*) > 1) r
UNION ALL
SELECT 'repeated order_id' AS name, count(*) AS n, min(order_key) AS example FROM (SELECT order_key FROM cp_orders WHERE order_key <> '' GROUP BY order_key HAVING count(*) > 1) r) c
UNION ALL
SELECT 'without_id' AS kind, CAST(NULL AS BIGINT) AS rec, CAST(NULL AS BIGINT) AS person, w.file AS source, w.position AS position, CAST(NULL AS STRING) AS customer_id, CAST(NULL AS STRING) AS person_id, CAST(NULL AS STRING) AS brand, CAST(NULL AS STRING) AS email, CAST(NULL AS STRING) AS phone, CAST(NULL AS STRING) AS first_name, CAST(NULL AS STRING) AS last_name, CAST(NULL AS STRING) AS postal_address, CAST(NULL AS STRING) AS postal_code, CAST(NULL AS STRING) AS birth_date, CAST(NULL AS STRING) AS children_birth_years, CAST(NULL AS STRING) AS life_stage, CAST(NULL AS STRING) AS loyalty_tier, CAST(NULL AS STRING) AS interests, CAST(NULL AS STRING) AS email_consent, CAST(NULL AS STRING) AS sms_consent, CAST(NULL AS STRING) AS phone_consent, CAST(NULL AS STRING) AS mail_consent, CAST(NULL AS STRING) AS push_consent, CAST(NULL AS STRING) AS unsubscribed_at, CAST(NULL AS STRING) AS do_not_contact, CAST(NULL AS STRING) AS email_undeliverable, CAST(NULL AS STRING) AS order_id, CAST(NULL AS STRING) AS ordered_at, CAST(NULL AS STRING) AS status, CAST(NULL AS STRING) AS delivered_at, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS category, CAST(NULL AS STRING) AS channel, CAST(NULL AS STRING) AS sent_at, CAST(NULL AS STRING) AS campaign_id, CAST(NULL AS BIGINT) AS instant_ms, CAST(NULL AS BIGINT) AS order_count, CAST(NULL AS BIGINT) AS last_order_ms, CAST(NULL AS STRING) AS person_key, CAST(NULL AS STRING) AS email_key, CAST(NULL AS STRING) AS phone_key, CAST(NULL AS STRING) AS postal_key, CAST(NULL AS STRING) AS name_postal_key, CAST(w.n AS BIGINT) AS check_count, CAST(NULL AS STRING) AS detail FROM (SELECT file, position, count(*) OVER (PARTITION BY file) AS n, row_number() OVER (PARTITION BY file ORDER BY position) AS nth FROM cp_keys WHERE no_id) w WHERE nth <= 5
UNION ALL
SELECT 'customer' AS kind, r.rec AS rec, p.label AS person, r.file AS source, k.position AS position, r.customer_id AS customer_id, r.person_id AS person_id, r.brand AS brand, r.email AS email, r.phone AS phone, r.first_name AS first_name, r.last_name AS last_name, r.postal_address AS postal_address, r.postal_code AS postal_code, r.birth_date AS birth_date, r.children_birth_years AS children_birth_years, r.life_stage AS life_stage, r.loyalty_tier AS loyalty_tier, r.interests AS interests, r.email_consent AS email_consent, r.sms_consent AS sms_consent, r.phone_consent AS phone_consent, r.mail_consent AS mail_consent, r.push_consent AS push_consent, r.unsubscribed_at AS unsubscribed_at, r.do_not_contact AS do_not_contact, r.email_undeliverable AS email_undeliverable, CAST(NULL AS STRING) AS order_id, CAST(NULL AS STRING) AS ordered_at, CAST(NULL AS STRING) AS status, CAST(NULL AS STRING) AS delivered_at, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS category, CAST(NULL AS STRING) AS channel, CAST(NULL AS STRING) AS sent_at, CAST(NULL AS STRING) AS campaign_id, CAST(NULL AS BIGINT) AS instant_ms, CAST(NULL AS BIGINT) AS order_count, CAST(NULL AS BIGINT) AS last_order_ms, k.person_key AS person_key, k.email_key AS email_key, k.phone_key AS phone_key, k.postal_key AS postal_key, k.name_postal_key AS name_postal_key, CAST(NULL AS BIGINT) AS check_count, CAST(NULL AS STRING) AS detail FROM cp_records r JOIN cp_keys k ON k.rec = r.rec JOIN cp_persons p ON p.rec = r.rec
UNION ALL
SELECT 'orders' AS kind, CAST(NULL AS BIGINT) AS rec, CAST(NULL AS BIGINT) AS person, CAST(NULL AS BIGINT) AS source, CAST(NULL AS BIGINT) AS position, f.customer_key AS customer_id, CAST(NULL AS STRING) AS person_id, CAST(NULL AS STRING) AS brand, CAST(NULL AS STRING) AS email, CAST(NULL AS STRING) AS phone, CAST(NULL AS STRING) AS first_name, CAST(NULL AS STRING) AS last_name, CAST(NULL AS STRING) AS postal_address, CAST(NULL AS STRING) AS postal_code, CAST(NULL AS STRING) AS birth_date, CAST(NULL AS STRING) AS children_birth_years, CAST(NULL AS STRING) AS life_stage, CAST(NULL AS STRING) AS loyalty_tier, CAST(NULL AS STRING) AS interests, CAST(NULL AS STRING) AS email_consent, CAST(NULL AS STRING) AS sms_consent, CAST(NULL AS STRING) AS phone_consent, CAST(NULL AS STRING) AS mail_consent, CAST(NULL AS STRING) AS push_consent, CAST(NULL AS STRING) AS unsubscribed_at, CAST(NULL AS STRING) AS do_not_contact, CAST(NULL AS STRING) AS email_undeliverable, CAST(NULL AS STRING) AS order_id, CAST(NULL AS STRING) AS ordered_at, CAST(NULL AS STRING) AS status, CAST(NULL AS STRING) AS delivered_at, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS category, CAST(NULL AS STRING) AS channel, CAST(NULL AS STRING) AS sent_at, CAST(NULL AS STRING) AS campaign_id, f.instant_ms AS instant_ms, CAST(f.order_count AS BIGINT) AS order_count, f.last_order_ms AS last_order_ms, CAST(NULL AS STRING) AS person_key, CAST(NULL AS STRING) AS email_key, CAST(NULL AS STRING) AS phone_key, CAST(NULL AS STRING) AS postal_key, CAST(NULL AS STRING) AS name_postal_key, CAST(NULL AS BIGINT) AS check_count, CAST(NULL AS STRING) AS detail FROM cp_figures f
UNION ALL
SELECT 'order' AS kind, CAST(NULL AS BIGINT) AS rec, CAST(NULL AS BIGINT) AS person, o.file AS source, CAST(NULL AS BIGINT) AS position, o.customer_id AS customer_id, CAST(NULL AS STRING) AS person_id, o.brand AS brand, CAST(NULL AS STRING) AS email, CAST(NULL AS STRING) AS phone, CAST(NULL AS STRING) AS first_name, CAST(NULL AS STRING) AS last_name, CAST(NULL AS STRING) AS postal_address, CAST(NULL AS STRING) AS postal_code, CAST(NULL AS STRING) AS birth_date, CAST(NULL AS STRING) AS children_birth_years, CAST(NULL AS STRING) AS life_stage, CAST(NULL AS STRING) AS loyalty_tier, CAST(NULL AS STRING) AS interests, CAST(NULL AS STRING) AS email_consent, CAST(NULL AS STRING) AS sms_consent, CAST(NULL AS STRING) AS phone_consent, CAST(NULL AS STRING) AS mail_consent, CAST(NULL AS STRING) AS push_consent, CAST(NULL AS STRING) AS unsubscribed_at, CAST(NULL AS STRING) AS do_not_contact, CAST(NULL AS STRING) AS email_undeliverable, o.order_id AS order_id, o.ordered_at AS ordered_at, o.status AS status, o.delivered_at AS delivered_at, o.total AS total, o.category AS category, CAST(NULL AS STRING) AS channel, CAST(NULL AS STRING) AS sent_at, CAST(NULL AS STRING) AS campaign_id, CAST(NULL AS BIGINT) AS instant_ms, CAST(NULL AS BIGINT) AS order_count, CAST(NULL AS BIGINT) AS last_order_ms, CAST(NULL AS STRING) AS person_key, CAST(NULL AS STRING) AS email_key, CAST(NULL AS STRING) AS phone_key, CAST(NULL AS STRING) AS postal_key, CAST(NULL AS STRING) AS name_postal_key, CAST(NULL AS BIGINT) AS check_count, CAST(NULL AS STRING) AS detail FROM cp_orders o WHERE o.named OR NOT o.sure
UNION ALL
SELECT 'contact' AS kind, CAST(NULL AS BIGINT) AS rec, CAST(NULL AS BIGINT) AS person, c.file AS source, CAST(NULL AS BIGINT) AS position, c.customer_id AS customer_id, CAST(NULL AS STRING) AS person_id, c.brand AS brand, CAST(NULL AS STRING) AS email, CAST(NULL AS STRING) AS phone, CAST(NULL AS STRING) AS first_name, CAST(NULL AS STRING) AS last_name, CAST(NULL AS STRING) AS postal_address, CAST(NULL AS STRING) AS postal_code, CAST(NULL AS STRING) AS birth_date, CAST(NULL AS STRING) AS children_birth_years, CAST(NULL AS STRING) AS life_stage, CAST(NULL AS STRING) AS loyalty_tier, CAST(NULL AS STRING) AS interests, CAST(NULL AS STRING) AS email_consent, CAST(NULL AS STRING) AS sms_consent, CAST(NULL AS STRING) AS phone_consent, CAST(NULL AS STRING) AS mail_consent, CAST(NULL AS STRING) AS push_consent, CAST(NULL AS STRING) AS unsubscribed_at, CAST(NULL AS STRING) AS do_not_contact, CAST(NULL AS STRING) AS email_undeliverable, CAST(NULL AS STRING) AS order_id, CAST(NULL AS STRING) AS ordered_at, CAST(NULL AS STRING) AS status, CAST(NULL AS STRING) AS delivered_at, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS category, c.channel AS channel, c.sent_at AS sent_at, c.campaign_id AS campaign_id, CAST(NULL AS BIGINT) AS instant_ms, CAST(NULL AS BIGINT) AS order_count, CAST(NULL AS BIGINT) AS last_order_ms, CAST(NULL AS STRING) AS person_key, CAST(NULL AS STRING) AS email_key, CAST(NULL AS STRING) AS phone_key, CAST(NULL AS STRING) AS postal_key, CAST(NULL AS STRING) AS name_postal_key, CAST(NULL AS BIGINT) AS check_count, CAST(NULL AS STRING) AS detail FROM cp_contacts c
) profiles
ORDER BY CASE kind WHEN 'build' THEN 0 WHEN 'check' THEN 1 WHEN 'without_id' THEN 2 WHEN 'order' THEN 3 WHEN 'customer' THEN 4 WHEN 'orders' THEN 5 WHEN 'contact' THEN 6 END, rec, source, position;
