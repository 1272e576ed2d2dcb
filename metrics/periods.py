"""Months given as 'YYYY-MM', period labels and period ends.

Labels (strings): month '2025-03', quarter '2025-Q1', half_year '2025-H1', year '2025'.
"""

from __future__ import annotations

import datetime as dt
import re

PERIOD_DIMS = ("month", "quarter", "half_year", "year")  # finest first
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
OPEN_FROM = dt.date(1900, 1, 1)
OPEN_TO = dt.date(9999, 1, 1)


def parse_month(text: str, what: str = "månad") -> dt.date:
    """'2025-03' -> date(2025, 3, 1); anything else -> ValueError with a Swedish message."""
    m = _MONTH.match(str(text).strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
        raise ValueError(f"Ogiltig {what} {text!r}: skriv år och månad som ÅÅÅÅ-MM, t.ex. 2025-03.")
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def bounds(period_from: str | None, period_to: str | None) -> tuple[dt.date, dt.date]:
    """Inclusive months -> [from_date, to_date) as dates (open ends far away, never NULL)."""
    lo = parse_month(period_from, "startmånad") if period_from else OPEN_FROM
    hi = next_month(parse_month(period_to, "slutmånad")) if period_to else OPEN_TO
    if hi <= lo:
        raise ValueError(f"Perioden är tom: startmånaden {period_from} ligger efter slutmånaden {period_to}.")
    return lo, hi


def period_end(label: str, kind: str) -> dt.date:
    """Last day of the period a label names."""
    if kind == "month":
        start = parse_month(label)
        return next_month(start) - dt.timedelta(days=1)
    year = int(label[:4])
    if kind == "year":
        return dt.date(year, 12, 31)
    if kind == "quarter":
        q = int(label[-1])
        return next_month(dt.date(year, 3 * q, 1)) - dt.timedelta(days=1)
    if kind == "half_year":
        return dt.date(year, 6, 30) if label.endswith("H1") else dt.date(year, 12, 31)
    raise ValueError(kind)
