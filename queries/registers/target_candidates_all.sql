-- Every target of one metric, all owners (primary or not): for reporting each applicable target
-- beside the primary verdict (metrics.core.targets_long). Scope and validity are matched per row
-- in metrics/core.py, as for the primary target.
SELECT target_id, scope_svf, scope_register, scope_indicator, scope_region, owner, owner_sv, owner_en, level_1,
       level_2, comparison, primary_target, valid_from, valid_to,
       is_unverified(confidence) AS unverified
FROM target
WHERE metric = $metric
ORDER BY primary_target DESC, target_id
