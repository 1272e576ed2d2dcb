-- The primary targets of one metric: the candidates for a result row's verdict. metrics/core.py
-- picks, per row, the one with the most specific matching scope that is valid at the period end.
SELECT target_id, scope_svf, scope_register, scope_indicator, owner, level_1, level_2, comparison,
       valid_from, valid_to,
       is_unverified(confidence) AS unverified
FROM target
WHERE metric = $metric AND primary_target
ORDER BY target_id
