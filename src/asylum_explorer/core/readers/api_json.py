"""UNHCR API JSON: one page `{"items": [...], "maxPages": N, ...}`, a list of pages, or a
plain list of items."""

from __future__ import annotations

import json

from asylum_explorer.core.errors import InputFileError, shorten
from asylum_explorer.core.readers.headers import refuse_mixed_datasets
from asylum_explorer.core.readers.raw import RawTable
from asylum_explorer.core.schema import detect_dataset


def read_json_text(text: str, source: str) -> list[RawTable]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(source, f"invalid JSON ({exc.msg})", line=exc.lineno) from None
    except RecursionError:
        raise InputFileError(source, "JSON nested too deeply; not a UNHCR API page") from None
    return [items_to_raw(page_items(doc, source), source)]


def page_items(doc: object, source: str) -> list[dict]:
    """The data items of an API page, a list of pages or a list of items."""
    if isinstance(doc, dict) and isinstance(doc.get("items"), list):
        items = doc["items"]
    elif doc and isinstance(doc, list) and all(
            isinstance(p, dict) and isinstance(p.get("items"), list) for p in doc):
        items = [item for page in doc for item in page["items"]]
    elif isinstance(doc, list) and all(isinstance(i, dict) for i in doc):
        items = doc
    else:
        raise InputFileError(source, "JSON is not a UNHCR API page (no 'items' list)")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            what = {int: "a number", float: "a number", str: "a text", list: "a list",
                    bool: "true/false", type(None): "null"}.get(type(item), "a value")
            raise InputFileError(source, f"the JSON item is {what}, not a record of fields; "
                                 "not a UNHCR API page", line=i + 1, line_word="item")
    return items


def items_to_raw(items: list[dict], source: str) -> RawTable:
    """API items -> text cells, as a CSV of the same data would give them."""
    import pandas as pd

    if not items:
        raise InputFileError(source, "the API page holds no items")
    frame = pd.DataFrame.from_records(items)
    frame.columns = [str(c) for c in frame.columns]
    refuse_mixed_datasets(list(frame.columns), source, None)
    kind = detect_dataset(set(frame.columns))
    if kind is None:
        shown = ", ".join(shorten(c, 40) for c in frame.columns[:8])
        raise InputFileError(source, f"not a UNHCR dataset: fields {shown} are not recognised")
    # Whole columns at once: a full download is ~400,000 items; cell by cell is 3x slower.
    frame = pd.DataFrame({col: _text_column(frame[col]) for col in frame.columns})
    return RawTable(kind, frame, source, first_data_line=1, line_word="item")


def _text_column(series):
    if series.dtype.kind in "iub":
        return series.astype(str)
    if series.dtype.kind == "f":  # numbers with nulls: 12.0 -> "12", NaN -> ""
        return [_text(v) for v in series.tolist()]
    return series.where(series.notna(), "").astype(str)


def _text(value: object) -> str:
    if value is None or value != value:  # null, or the NaN pandas makes of it
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):  # a nested record where a cell belongs
        return json.dumps(value)[:1000]
    return str(value)
