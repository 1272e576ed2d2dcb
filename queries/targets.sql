-- Every target set for one metric whose scope applies (NULL scope = applies to all), all owners.
SELECT t.*,
       is_unverified(t.confidence) AS unverified
FROM target t
WHERE t.metric = $metric
  AND (t.scope_svf IS NULL OR t.scope_svf = $svf)
  AND (t.scope_register IS NULL OR t.scope_register = $register)
  AND (t.scope_indicator IS NULL OR t.scope_indicator = $indicator)
ORDER BY t.primary_target DESC, t.level_1, t.owner, t.target_id
