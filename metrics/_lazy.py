"""numpy and pandas for metrics.core, .rules and .stats, imported on first use.

Why: `python -m metrics` spends ~0.5 s CPU importing numpy and pandas; with these stand-ins it imports
them in a background thread while the main thread opens the store and runs the table's SQL in DuckDB
(which releases the GIL), and waits for pandas only when the rows are turned into a DataFrame. Every
other caller pays one dictionary look-up per name, once: the attribute is kept after its first use.
"""

from __future__ import annotations

import importlib


class LazyModule:
    """Stands for a module; the first use of an attribute imports it (thread-safe: Python's import lock)."""

    def __init__(self, name: str) -> None:
        self._module_name = name

    def __getattr__(self, attr: str):
        value = getattr(importlib.import_module(self._module_name), attr)
        setattr(self, attr, value)  # later uses are plain attribute look-ups
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._module_name!r}>"


np = LazyModule("numpy")
pd = LazyModule("pandas")
