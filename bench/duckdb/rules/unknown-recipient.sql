-- unknown-recipient (docs/rules.md#unknown-recipient): a send is flagged when it has no person:
-- its customer_id is not in the customers file (even when its address matches someone), or it has
-- no customer_id and no record holds its address, or it has neither.
SELECT line
FROM sends
WHERE person IS NULL
