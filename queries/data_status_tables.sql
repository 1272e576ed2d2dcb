-- Rows and first/last dates per fact table (the date that places a row in a period; for pathways
-- the VM date and the latest end date).
SELECT 'svf_pathway' AS table_name, count(*) AS rows, min(vm_date) AS first_date,
       greatest(max(vm_date), max(end_date)) AS last_date
FROM svf_pathway
UNION ALL
SELECT 'cancer_case', count(*), min(diagnosis_date), max(diagnosis_date) FROM cancer_case
UNION ALL
SELECT 'register_case', count(*), min(registered_date), max(registered_date) FROM register_case
UNION ALL
SELECT 'death', count(*), min(death_date), max(death_date) FROM death
