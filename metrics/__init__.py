"""The metric layer (no Streamlit): see metrics/core.py and DESIGN.md "Metrics".

    from metrics import Filters, compute, targets, lead_time_summary, data_status, DIMENSIONS
    from metrics.stats import wilson, funnel_limits
"""

from metrics.core import (
    DIMENSIONS,
    TABLES,
    Filters,
    UnknownCodeError,
    compute,
    data_status,
    is_demo,
    is_prepared,
    lead_time_summary,
    prepare,
    targets,
)

__all__ = ["DIMENSIONS", "TABLES", "Filters", "UnknownCodeError", "compute", "data_status", "is_demo",
           "is_prepared", "lead_time_summary", "prepare", "targets"]
