-- Valid codes per kind, for checking filters and for the messages that list them.
SELECT 'region' AS kind, region_code AS code, name_sv FROM region
UNION ALL SELECT 'healthcare_region', healthcare_region, name_sv FROM healthcare_region
UNION ALL SELECT 'svf', svf, name_sv FROM svf
UNION ALL SELECT 'register', register, name_sv FROM quality_register
UNION ALL SELECT 'indicator', indicator, name_sv FROM palliative_indicator
ORDER BY kind, code
