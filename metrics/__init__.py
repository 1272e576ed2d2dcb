"""The metric layer (no Streamlit): see metrics/core.py and DESIGN.md "Metrics".

    from metrics import Filters, compute, targets, lead_time_summary, data_status, DIMENSIONS
    from metrics import SUPPRESS_BELOW, COUNT_COLUMNS, applicable_filters
    from metrics.stats import wilson, funnel_limits
"""

from metrics.core import (
    COUNT_COLUMNS,
    DIMENSIONS,
    SUPPRESS_BELOW,
    TABLES,
    Filters,
    UnknownCodeError,
    applicable_filters,
    compute,
    data_status,
    is_demo,
    is_prepared,
    lead_time_summary,
    palliative_unit_types,
    pending_bases,
    prepare,
    register_ramp,
    reporting_status,
    targets,
    targets_long,
)

__all__ = ["COUNT_COLUMNS", "DIMENSIONS", "SUPPRESS_BELOW", "TABLES", "Filters", "UnknownCodeError",
           "applicable_filters", "compute", "data_status", "is_demo", "is_prepared", "lead_time_summary",
           "pending_bases", "prepare", "targets",
           "palliative_unit_types", "register_ramp", "reporting_status", "targets_long"]
