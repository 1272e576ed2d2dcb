-- Rows and first/last dates per fact table. The dates are the ones that place a row in a period
-- (as the metric queries do): end_date for pathways (ongoing pathways have none: counted in rows,
-- not in the dates), diagnosis_date, registered_date, death_date. The dashboard's selectable months
-- come from the pathways' range, so a quick pick never offers a year without a single ended pathway.
SELECT 'svf_pathway' AS table_name, count(*) AS rows, min(end_date) AS first_date, max(end_date) AS last_date
FROM svf_pathway
UNION ALL
SELECT 'cancer_case', count(*), min(diagnosis_date), max(diagnosis_date) FROM cancer_case
UNION ALL
SELECT 'register_case', count(*), min(registered_date), max(registered_date) FROM register_case
UNION ALL
SELECT 'death', count(*), min(death_date), max(death_date) FROM death
