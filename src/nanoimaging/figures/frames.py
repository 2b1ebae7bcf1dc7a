"""A table of the data as a reader reads it: lengths with their unit, a dash where nothing is given.

:func:`readable` changes only how values are written, for the tables below the charts.

>>> import pandas as pd
>>> readable(pd.DataFrame({"name": ["IVM", "CT"], "depth_max_m": [0.002, None]}))
  name depth_max_m
0  IVM        2\xa0mm
1   CT           —
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..data.units import format_metres

#: Written where a cell holds no value.
MISSING = "—"


def readable(frame: pd.DataFrame, metres: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``frame`` with its lengths written with units and its missing values as :data:`MISSING`.

    Lengths are the columns whose name ends in ``_m`` (the data package's convention for
    metres) and those named in ``metres``.
    """
    lengths = [c for c in frame.columns if str(c).endswith("_m")] + [c for c in metres if c in frame.columns]
    unknown = [c for c in metres if c not in frame.columns]
    if unknown:
        raise KeyError(
            f"readable(): no column {unknown[0]!r} to write as a length; the frame has {list(frame.columns)}"
        )
    out = frame.copy()
    for column in lengths:
        # a no-break space keeps the number with its unit in a narrow column
        out[column] = [MISSING if pd.isna(v) else format_metres(float(v)).replace(" ", "\u00a0") for v in frame[column]]
    for column in out.columns:
        if column not in lengths:
            values = out[column]
            if values.isna().any():
                out[column] = values.astype(object).where(values.notna(), MISSING)
    return out
