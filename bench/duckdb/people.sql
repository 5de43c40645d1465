-- Persons (docs/inputs.md "People: how records become one person"): customer records that share
-- a person_id, an email, a phone or a first name + last name + postal code, directly or through
-- other records, are one person. Input: customers_csv, in file order (rowid).

-- Each record with what the rules read from it, normalized once (in steps, so that each cell is
-- trimmed and folded once).
CREATE TABLE records AS
WITH cells AS (
  SELECT
    rowid AS rec,
    js_trim(customer_id) AS id_cell,
    js_trim(person_id) AS person_key,
    js_trim(email) AS email_written,
    norm_phone(phone) AS phone_key,
    known_name(js_trim(first_name)) AS known_first_name,
    known_name(js_trim(last_name)) AS known_last_name,
    fold_text(postal_code) AS folded_postal_code,
    parse_bool(channel_consent) AS channel_consent,
    unsubscribed_at,
    coalesce(parse_bool(do_not_contact), false) AS do_not_contact,
    coalesce(parse_bool(email_undeliverable), false) AS email_undeliverable
  FROM customers_csv
),
folded AS (
  SELECT
    *,
    -- A placeholder name forms no key (docs/inputs.md).
    coalesce(fold_text(known_first_name), '') AS folded_first_name,
    coalesce(fold_text(known_last_name), '') AS folded_last_name
  FROM cells
)
SELECT
  * EXCLUDE (folded_first_name, folded_last_name, folded_postal_code),
  lower(id_cell) NOT IN ('', '0', 'guest') AS has_id,
  lower(email_written) AS email_key,
  name_postal_key(folded_first_name, folded_last_name, folded_postal_code) AS name_postal_key
FROM folded;

-- One edge from each record to the first record holding the same key (a star per key value is
-- enough: connectivity is all that matters), both ways.
CREATE TABLE links AS
WITH keyed AS (
  SELECT rec, 1 AS kind, person_key AS key FROM records WHERE person_key <> ''
  UNION ALL SELECT rec, 2, email_key FROM records WHERE email_key <> ''
  UNION ALL SELECT rec, 3, phone_key FROM records WHERE phone_key <> ''
  UNION ALL SELECT rec, 4, name_postal_key FROM records WHERE name_postal_key <> ''
),
star AS (
  SELECT rec, min(rec) OVER (PARTITION BY kind, key) AS first_rec FROM keyed
)
SELECT rec AS from_rec, first_rec AS to_rec FROM star WHERE rec <> first_rec
UNION ALL
SELECT first_rec, rec FROM star WHERE rec <> first_rec;

-- Connected components: every linked record passes its position on to its neighbours, and they
-- on to theirs, as long as it is smaller than the record it reaches; a person is the smallest
-- position reaching each record, the first record of the component (which reaches all of them).
-- UNION (not UNION ALL) stops once no new (record, label) pair turns up. The pairs grow with the
-- square of a component's size, which stays small here (at most 23 records per person in a
-- 1M-customer scenario); a recursive CTE with USING KEY (rec) that keeps only each record's
-- smallest label grows linearly but took five times as long on these files.
CREATE TABLE record_person AS
WITH RECURSIVE reach(rec, label) AS (
  SELECT DISTINCT from_rec, from_rec FROM links
  UNION
  SELECT l.to_rec, r.label
  FROM reach AS r
  JOIN links AS l ON l.from_rec = r.rec
  WHERE r.label < l.to_rec
)
SELECT records.rec, coalesce(smallest.label, records.rec) AS person
FROM records
LEFT JOIN (SELECT rec, min(label) AS label FROM reach GROUP BY rec) AS smallest USING (rec);

-- The record a customer_id names (docs/inputs.md "Finding the person of a row"; People.customer in
-- src/people/in-memory-people.ts): the record with that id; an id that is an email and is not found
-- as written, the record whose id is that email normalized (the last one: a later one replaces an
-- earlier one in the CLI's map), else the first record holding that email address.
CREATE TABLE records_by_id AS SELECT id_cell AS id, rec FROM records WHERE has_id;
CREATE TABLE records_by_email_id AS
SELECT key, coalesce(by_id.rec, by_address.rec) AS rec
FROM (SELECT norm_email(id_cell) AS key, max(rec) AS rec FROM records
      WHERE has_id AND contains(id_cell, '@') GROUP BY 1) AS by_id
FULL JOIN (SELECT email_key AS key, min(rec) AS rec FROM records
           WHERE email_key <> '' GROUP BY 1) AS by_address USING (key);

-- Every customer_id cell of the audience, the orders and the contacts, with the record it names.
-- The audience's ids are trimmed as the CLI trims every value; the orders' and contacts' as it
-- trims them there (trim_cell). Each distinct cell is resolved once: orders name the same
-- customers over and over.
CREATE TABLE audience_ids AS
SELECT cells.cell, coalesce(by_id.rec, by_email_id.rec) AS rec
FROM (SELECT cell, js_trim(cell) AS id FROM (SELECT DISTINCT customer_id AS cell FROM audience_csv)) AS cells
LEFT JOIN records_by_id AS by_id ON by_id.id = cells.id
LEFT JOIN records_by_email_id AS by_email_id
  ON by_email_id.key = CASE WHEN contains(cells.id, '@') THEN norm_email(cells.id) END
WHERE coalesce(by_id.rec, by_email_id.rec) IS NOT NULL;

CREATE TABLE history_ids AS
SELECT cells.cell, coalesce(by_id.rec, by_email_id.rec) AS rec
FROM (SELECT cell, trim_cell(cell) AS id
      FROM (SELECT customer_id AS cell FROM orders_csv UNION SELECT customer_id FROM contacts_csv)) AS cells
LEFT JOIN records_by_id AS by_id ON by_id.id = cells.id
LEFT JOIN records_by_email_id AS by_email_id
  ON by_email_id.key = CASE WHEN contains(cells.id, '@') THEN norm_email(cells.id) END
WHERE coalesce(by_id.rec, by_email_id.rec) IS NOT NULL;

-- What a person is known by: its records' names that are not placeholders, folded for comparison.
CREATE TABLE person_names AS
SELECT DISTINCT p.person, js_trim(fold_words(n.name)) AS folded, n.is_first
FROM records AS r
JOIN record_person AS p USING (rec),
LATERAL (VALUES (r.known_first_name, true), (r.known_last_name, false)) AS n(name, is_first)
WHERE n.name IS NOT NULL;
