-- contact-fatigue (docs/rules.md#contact-fatigue), default options max 3, window_days 7.
-- For a send whose person is known: the person's contacts (the contacts file's rows of any of its
-- records) with sent_at in [send_at - window_days, send_at), plus the person's sends in this run
-- (this row included; one campaign here, so every send of the person), counted over every channel
-- and brand. Flagged when the count is more than max.
WITH history AS (
  SELECT p.person, count(*) AS contacts
  FROM contacts_csv AS c
  JOIN history_ids AS ids ON ids.cell = c.customer_id
  JOIN record_person AS p ON p.rec = ids.rec
  WHERE c.sent_at >= getvariable('send_at') - to_seconds(getvariable('fatigue_window_days') * 86400)
    AND c.sent_at < getvariable('send_at')
  GROUP BY p.person
),
run AS (
  SELECT person, count(*) AS sends FROM sends WHERE person IS NOT NULL GROUP BY person
)
SELECT s.line
FROM sends AS s
JOIN run ON run.person = s.person
LEFT JOIN history AS h ON h.person = s.person
WHERE coalesce(h.contacts, 0) + run.sends > getvariable('fatigue_max')
