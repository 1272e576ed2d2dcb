"""The metric layer (no Streamlit): see metrics/core.py and DESIGN.md "Metrics".

    from metrics import Filters, compute, targets, lead_time_summary, data_status, DIMENSIONS
    from metrics import SUPPRESS_BELOW, COUNT_COLUMNS, applicable_filters
    from metrics.stats import wilson, funnel_limits

The names below come from metrics.core on first use (module __getattr__), so importing a light
submodule (metrics.periods) does not import DuckDB and numpy with core. Nothing here imports pandas
until a function returns a DataFrame (the command line's tables never do: core.compute_columns).
"""

__all__ = ["COUNT_COLUMNS", "DIMENSIONS", "SUPPRESS_BELOW", "TABLES", "Filters", "UnknownCodeError",
           "applicable_filters", "compute", "compute_sets", "data_status", "is_demo", "is_prepared",
           "lead_time_summary", "lead_time_summary_sets",
           "pending_bases", "prepare", "targets",
           "palliative_unit_types", "register_ramp", "reporting_status", "targets_long"]


# submodules that `import metrics` used to load with core: metrics.core.X keeps working after `import metrics`
_SUBMODULES = frozenset({"core", "periods", "rules", "stats"})


def __getattr__(name: str):
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f"metrics.{name}")
    if name in __all__:
        from metrics import core

        value = getattr(core, name)
        globals()[name] = value  # once: later look-ups are plain attributes
        return value
    raise AttributeError(f"module 'metrics' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
