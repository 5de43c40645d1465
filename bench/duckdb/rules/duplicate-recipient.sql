-- duplicate-recipient (docs/rules.md#duplicate-recipient): a send is flagged when its person, or
-- its address (the row's own email cell, trimmed and in lower case), already appeared on an
-- earlier send of the campaign. The first occurrence is not flagged; rows with neither a person
-- nor an address are never compared.
SELECT line
FROM (
  SELECT
    line,
    CASE WHEN person IS NOT NULL THEN min(line) OVER (PARTITION BY person) END AS first_line_of_person,
    CASE WHEN address_key <> '' THEN min(line) OVER (PARTITION BY address_key) END AS first_line_of_address
  FROM sends
  WHERE person IS NOT NULL OR address_key <> ''
)
WHERE first_line_of_person < line OR first_line_of_address < line
