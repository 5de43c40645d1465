-- loyalty-inversion (docs/rules.md#loyalty-inversion), loyalty measured in orders (the default):
-- a person's band at send_at comes from its orders not cancelled with ordered_at at or before
-- send_at, over all its records, in the bands of loyalty.bands (default [2, 5]: 0-1, 2-4, 5+).
-- A send with an offer is flagged when a person of a lower band is offered strictly more of the
-- same offer kind (a percentage; an amount in one currency) in the run; the person's own rows do
-- not count. One run of one campaign here, so one send_at.
WITH person_orders AS (
  SELECT p.person, count(*) AS orders
  FROM orders_csv AS o
  JOIN history_ids AS ids ON ids.cell = o.customer_id
  JOIN record_person AS p ON p.rec = ids.rec
  WHERE o.ordered_at <= getvariable('send_at')
    AND NOT is_cancelled(o.status)
  GROUP BY p.person
),
banded AS (
  SELECT
    s.line,
    s.person,
    s.offer_pct,
    s.offer_amount,
    s.amount_kind,
    len(list_filter(getvariable('loyalty_bands'), bound -> coalesce(po.orders, 0) >= bound)) AS band
  FROM sends AS s
  LEFT JOIN person_orders AS po ON po.person = s.person
  WHERE s.person IS NOT NULL
),
-- Each offer of a row (rows.sql: its cells, else the campaign's).
offered AS (
  SELECT line, person, band, 'discount_pct' AS kind, offer_pct AS value FROM banded WHERE offer_pct IS NOT NULL
  UNION ALL
  SELECT line, person, band, amount_kind, offer_amount FROM banded WHERE offer_amount IS NOT NULL
),
-- How many rows each (kind, band, value) has: few combinations.
offered_counts AS (
  SELECT kind, band, value, count(*) AS n FROM offered GROUP BY ALL
),
better_below AS (
  SELECT o.line, o.kind, sum(c.n) AS rows_offered_more
  FROM offered AS o
  JOIN offered_counts AS c ON c.kind = o.kind AND c.band < o.band AND c.value > o.value
  GROUP BY o.line, o.kind
),
own_better_below AS (
  SELECT o.line, o.kind, count(*) AS own_rows
  FROM offered AS o
  JOIN offered AS mine
    ON mine.person = o.person AND mine.kind = o.kind AND mine.band < o.band AND mine.value > o.value
  GROUP BY o.line, o.kind
)
SELECT DISTINCT b.line
FROM better_below AS b
LEFT JOIN own_better_below AS own ON own.line = b.line AND own.kind = b.kind
WHERE b.rows_offered_more > coalesce(own.own_rows, 0)
