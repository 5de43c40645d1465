-- generic-salutation (docs/rules.md#generic-salutation): the greeting is the row's greeting cell
-- when non-empty, else the campaign's message.greeting rendered against the row. This SQL renders
-- the generated campaign's template, "Dear {{ first_name | default: 'Customer' }},", as Liquid does
-- (an empty first_name takes the default); bench/duckdb.mjs refuses any other template.
-- A send is flagged when its person has a known first name (not a placeholder) and the greeting
-- holds none of the person's known first or last names as a whole word, case and accents ignored.
WITH greeted AS (
  SELECT
    s.line,
    s.person,
    fold_words(
      CASE
        WHEN js_trim(s.greeting) <> '' THEN s.greeting
        ELSE 'Dear ' || CASE WHEN coalesce(s.first_name, '') = '' THEN 'Customer' ELSE s.first_name END || ','
      END
    ) AS greeting
  FROM sends AS s
  WHERE s.person IN (SELECT person FROM person_names WHERE is_first)
),
-- Joined with the person's names, then judged per row (a correlated NOT EXISTS would be
-- evaluated as a cross product here).
uses_name AS (
  SELECT g.line, bool_or(contains_word(g.greeting, n.folded)) AS uses_name
  FROM greeted AS g
  JOIN person_names AS n ON n.person = g.person
  GROUP BY g.line
)
SELECT line FROM uses_name WHERE NOT uses_name
