-- invalid-address (docs/rules.md#invalid-address), for an email campaign.
-- A send's address is its email cell when non-empty; else the address of its own record, then of
-- its person's other records (file order). Flagged: a cell that is not a valid email; an empty
-- cell with no valid email on any of those records (or no person at all); a valid address that a
-- customer record holding it marks email_undeliverable.
WITH undeliverable AS (
  SELECT DISTINCT email_key FROM records WHERE email_undeliverable AND email_key <> ''
),
-- For sends with an empty cell: the first valid address among their records, own record first.
from_records AS (
  SELECT
    s.rec AS row_rec,
    first(r.email_written ORDER BY r.rec <> s.first_rec, r.rec) AS email
  FROM sends AS s
  JOIN record_person AS p ON p.person = s.person
  JOIN records AS r ON r.rec = p.rec
  WHERE s.address = '' AND is_valid_email(r.email_written)
  GROUP BY s.rec
)
SELECT s.line
FROM sends AS s
LEFT JOIN from_records AS f ON f.row_rec = s.rec
WHERE CASE
  WHEN s.address <> '' THEN
    NOT is_valid_email(s.address) OR norm_email(s.address) IN (SELECT email_key FROM undeliverable)
  ELSE
    f.email IS NULL OR norm_email(f.email) IN (SELECT email_key FROM undeliverable)
END
