-- no-consent (docs/rules.md#no-consent; rules/no-consent/README.md), for an email campaign that is
-- not transactional, with the default require_opt_in: false and no suppression list (the
-- scenario has none).
-- A send is flagged when one of its OWN records (the record of its customer_id; for a row without
-- one, every record holding its address) has false in the channel's consent column, or
-- unsubscribed_at at or before send_at; or when ANY record of its person has do_not_contact.
-- Consent is not merged across the person's records; do_not_contact is.
WITH refused_or_unsubscribed AS (
  SELECT DISTINCT own.row_rec
  FROM row_records AS own
  JOIN records AS r ON r.rec = own.rec
  WHERE r.channel_consent = false
     OR r.unsubscribed_at <= getvariable('send_at')
),
do_not_contact_persons AS (
  SELECT DISTINCT p.person
  FROM records AS r
  JOIN record_person AS p ON p.rec = r.rec
  WHERE r.do_not_contact
)
SELECT s.line
FROM sends AS s
WHERE s.rec IN (SELECT row_rec FROM refused_or_unsubscribed)
   OR s.person IN (SELECT person FROM do_not_contact_persons)
