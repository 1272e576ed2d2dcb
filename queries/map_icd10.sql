-- The pathway of each ICD-10 code in _icd_codes(icd) (normalised: 'C509'): the longest prefix in
-- svf_icd10 wins, so C911 goes to kll even where a shorter C91 names another pathway. Codes that no
-- prefix covers are left out. Used by the cancer-file load and by the demo data (ingest/synth.py).
SELECT c.icd, arg_max(s.svf, length(s.icd10_prefix)) AS svf
FROM _icd_codes c JOIN svf_icd10 s ON starts_with(c.icd, s.icd10_prefix)
GROUP BY c.icd
