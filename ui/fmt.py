"""Number formatting the Swedish way ('73,4 %', thin space for thousands) and the English way.

Pure functions (no Streamlit): used by tables, chart hover texts, downloads and the report.
"""

from __future__ import annotations

import math

THIN = "\u2009"  # thin space: Swedish thousands separator (Språkrådet)
NBSP = "\u00a0"  # between a number and '%' so the two never wrap apart
DASH = "–"


def _missing(x) -> bool:
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or bool(x != x)
    except (TypeError, ValueError):
        return False


def num(x, lang: str = "sv", decimals: int = 0) -> str:
    """12345 -> '12 345' (sv, thin space) / '12,345' (en); NaN/None -> '–'."""
    if _missing(x):
        return DASH
    s = f"{float(x):,.{decimals}f}"
    if lang == "sv":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", THIN)
    return s.replace("-", "−") if s.startswith("-") else s


def pct(fraction, lang: str = "sv", decimals: int = 1) -> str:
    """0.734 -> '73,4 %' (sv) / '73.4%' (en). The argument is a fraction 0..1."""
    if _missing(fraction):
        return DASH
    body = num(float(fraction) * 100, lang, decimals)
    return f"{body}{NBSP}%" if lang == "sv" else f"{body}%"


def pct_level(percent, lang: str = "sv") -> str:
    """A target level given in percent (70.0) -> '70 %' (no needless decimals)."""
    if _missing(percent):
        return DASH
    p = float(percent)
    return pct(p / 100, lang, 0 if p == int(p) else 1)


def interval(low, high, lang: str = "sv", decimals: int = 1) -> str:
    """A 95 % interval: '68,1–75,0 %' (sv) / '68.1–75.0%' (en)."""
    if _missing(low) or _missing(high):
        return DASH
    lo = num(float(low) * 100, lang, decimals)
    return f"{lo}–{pct(high, lang, decimals)}"


def days(x, lang: str = "sv", decimals: int = 0) -> str:
    """A number of days without unit (the column header says 'dagar')."""
    return num(x, lang, decimals)


def plotly_separators(lang: str) -> str:
    """plotly's layout.separators: decimal mark then thousands separator."""
    return "," + THIN if lang == "sv" else ".,"


def shorten(text, limit: int = 60) -> str:
    """A value for people, on one line and at most `limit` characters ('…' marks the cut)."""
    s = " ".join(str(text).split())  # tabs, newlines and other whitespace become one space
    s = "".join(ch for ch in s if ch.isprintable())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def md_literal(text, limit: int = 60) -> str:
    """A value shown inside Markdown as plain text: shortened and put in a code span whose fence is
    longer than any run of backticks in it, so that no link, image, emphasis or HTML in it is drawn
    (a code span shows its content as it is, and Markdown never makes a link inside one)."""
    s = shorten(text, limit)
    longest, cur = 0, 0
    for ch in s:
        cur = cur + 1 if ch == "`" else 0
        longest = max(longest, cur)
    fence = "`" * (longest + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or not s else ""
    return f"{fence}{pad}{s or ' '}{pad}{fence}"


def short_register_name(name: str) -> str:
    """'Nationellt kvalitetsregister för bröstcancer (NKBC)' -> 'NKBC'; else the first 40 characters
    (charts need room; tables keep the whole name)."""
    if name.endswith(")") and "(" in name and len(name.rsplit("(", 1)[1]) <= 12:
        return name.rsplit("(", 1)[1].rstrip(")")
    return name if len(name) <= 42 else name[:40].rstrip() + "…"


def short_indicator_name(name: str) -> str:
    """An indicator's name without its parenthesised explanation (charts need room)."""
    import re

    return re.sub(r" \([^)]*\)", "", name)


def strip_markdown(text: str) -> str:
    """'Diagnosår 2025 är **preliminärt**' -> without the asterisks (texts shared with the pages)."""
    return text.replace("**", "")
