"""The common result of every reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class RawTable:
    """Text cells under API column names, as read from one file (or ZIP member)."""

    kind: str  # dataset or reference table name, see schema.detect_dataset
    frame: pd.DataFrame  # every cell a str; "" for an empty cell
    source: str  # file path, "archive.zip!member.csv" or URL
    first_data_line: int = 2  # file line number of the frame's first row
    notes: list[str] = field(default_factory=list)
    line_word: str = "line"  # "item" for JSON: messages then name the record number

    def line_of(self, i: int) -> int:
        """The file line of the frame's i-th row (the index keeps rows' places in the file,
        even when blank lines were dropped)."""
        label = self.frame.index[i]
        offset = int(label) if isinstance(label, int | np.integer) else i
        return self.first_data_line + offset
