-- The audience rows (docs/rules.md "Words the definitions use"), one per send, with the row's
-- own customer records and its person (docs/inputs.md "Finding the person of a row").
-- Input: audience_csv, in file order (rowid), the tables of people.sql, and the variables
-- control_values (lower case) and offer_pct, offer_amount, offer_currency (the campaign's offer).
-- The campaign's channel is email: the row's address is its `email` cell.

-- The physical line where each record starts (the header is line 1): a record spans one line
-- more for every line break inside its quoted cells. (A blank line between records, which the
-- CLI skips and counts, would shift these numbers: the generator writes none.)
CREATE TABLE audience AS
SELECT
  rowid AS rec,
  2 + rowid + coalesce(sum(breaks) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS line,
  list_contains(getvariable('control_values'), lower(js_trim(control_cell))) AS is_control,
  customer_id,
  js_trim(customer_id) AS id_cell,
  js_trim(email) AS address,
  norm_email(email) AS address_key,
  first_name,
  greeting,
  -- The row's offers (docs/inputs.md "Offers"): its cells, else the campaign's. A percentage is one
  -- kind of offer, an amount in each currency another.
  coalesce(parse_number(discount_pct), getvariable('offer_pct')) AS offer_pct,
  coalesce(parse_number(discount_amount), getvariable('offer_amount')) AS offer_amount,
  'discount_amount:' || upper(coalesce(nullif(js_trim(currency), ''), getvariable('offer_currency'), '')) AS amount_kind
FROM audience_csv;

-- A row's own records: the record of its customer_id; for a row without one (empty, 0 or guest),
-- every record holding its address.
CREATE TABLE row_records AS
SELECT a.rec AS row_rec, ids.rec
FROM audience AS a JOIN audience_ids AS ids ON ids.cell = a.customer_id
WHERE NOT is_no_id(a.customer_id)
UNION ALL
SELECT a.rec, r.rec
FROM audience AS a JOIN records AS r ON r.email_key = a.address_key
WHERE is_no_id(a.customer_id) AND a.address_key <> '';

-- The sends (control rows left out, as every rule but control-group does), each with its first
-- own record and the person of that record (NULL when the history does not know the row).
CREATE TABLE sends AS
SELECT a.*, own.first_rec, p.person
FROM audience AS a
LEFT JOIN (SELECT row_rec, min(rec) AS first_rec FROM row_records GROUP BY row_rec) AS own
  ON own.row_rec = a.rec
LEFT JOIN record_person AS p ON p.rec = own.first_rec
WHERE NOT a.is_control;
