"""CSV as spreadsheets can open safely: every CSV the tool writes goes through `to_csv`.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
spreadsheet programs (CSV injection: a prediction `id` of `=1+1`, or content such as
`=cmd|...`). Such text cells get a leading `'`, which spreadsheets show as text; numbers
(negative ones included) are left alone. JSON output stays exact.
"""
from __future__ import annotations

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """`value` with a leading `'` if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def to_csv(frame) -> str:
    """`frame.to_csv(index=False)` with every text cell neutralised."""
    from pandas.api.types import is_string_dtype

    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(index=False)
