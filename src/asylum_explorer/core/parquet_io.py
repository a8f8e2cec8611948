"""Table <-> Parquet with pyarrow, without importing pandas.

pyarrow's `to_numpy()` / `np.asarray()` import pandas (~0.3 s); we read the Arrow
buffers directly instead, which is also zero-copy.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from asylum_explorer.core.table import CodedColumn, Column, Table


def write_table(table: Table, path: Path) -> None:
    """Write a Table to Parquet (zstd); text columns as dictionaries."""
    arrays = {}
    for name, col in table.columns.items():
        if isinstance(col, CodedColumn):
            indices = pa.array(col.codes, mask=col.codes < 0, type=pa.int32())
            dictionary = pa.array(list(col.categories), type=pa.string())
            arrays[name] = pa.DictionaryArray.from_arrays(indices, dictionary)
        else:
            arrays[name] = pa.array(col)
    pq.write_table(pa.table(arrays), path, compression="zstd")


def read_table(path: Path) -> Table:
    """Read a Parquet file written by `write_table`."""
    arrow = pq.ParquetFile(path).read()
    return Table({name: _column(arrow.column(name)) for name in arrow.column_names})


def _column(chunked: pa.ChunkedArray) -> Column:
    arr = chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)
    if pa.types.is_dictionary(arr.type):
        codes = _numbers(arr.indices).astype(np.int32, copy=False)
        if arr.null_count:
            codes = np.where(_valid(arr), codes, -1).astype(np.int32)
        categories = np.array(arr.dictionary.to_pylist(), dtype=object)
        return CodedColumn(codes, categories)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return CodedColumn.from_values(arr.to_pylist())
    values = _numbers(arr)
    if arr.null_count:
        values = np.where(_valid(arr), values.astype(np.float64), np.nan)
    return values


def _numbers(arr: pa.Array) -> np.ndarray:
    dtype = _NUMPY_TYPES[str(arr.type)]  # type.to_pandas_dtype() would import pandas
    buf = arr.buffers()[1]
    return np.frombuffer(buf, dtype=dtype, count=len(arr), offset=arr.offset * dtype.itemsize)


_NUMPY_TYPES = {
    name: np.dtype(name)
    for name in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                 "float", "double", "bool")
    if name not in ("float", "double", "bool")
} | {"float": np.dtype("float32"), "double": np.dtype("float64")}


def _valid(arr: pa.Array) -> np.ndarray:
    bitmap = arr.buffers()[0]
    bits = np.unpackbits(np.frombuffer(bitmap, dtype=np.uint8), bitorder="little")
    return bits[arr.offset: arr.offset + len(arr)].astype(bool)
