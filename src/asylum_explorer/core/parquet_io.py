"""Table <-> Parquet with pyarrow, without importing pandas.

pyarrow's `to_numpy()` / `np.asarray()` import pandas (~0.3 s); we read the Arrow
buffers directly instead.

A large file is read column by column, on a few threads (pyarrow releases the GIL while
it decompresses and decodes), and each column becomes one numpy array as soon as it is
read, so at most a couple of columns exist twice (Arrow + numpy) at any moment. On a
store of 37 M rows this keeps the peak memory near the size of the data itself; reading
the whole Arrow table first and converting after would double it. A smaller file (the
real data's datasets, ×1 and ×10) is read whole, in one call: there that costs a few
tens of MB at most.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from asylum_explorer.core.memory import small_pages
from asylum_explorer.core.table import CodedColumn, Column, Table

# Small: the work is CPU-bound decoding; more threads than cores only adds memory.
_READERS = max(1, min(4, os.cpu_count() or 1))
# A file under SMALL_BYTES is read whole, in one call, on the calling thread: one dataset
# of the real data (0.4-0.7 MB) takes ~15 ms so, where column by column took ~25 ms (a
# footer parse per column) and a pool made it no shorter. At start-up more threads would
# also take the second core from the imports the read runs beside (core/preload.py).
SMALL_BYTES = 2 * 1024**2
# Under WHOLE_BYTES (×10 the real data: 4-7 MB) read whole on pyarrow's threads: the
# four datasets in ~0.3 s instead of ~0.4-0.8 s column by column, for ~35 MB more peak
# memory. Larger files go column by column (see above: memory).
WHOLE_BYTES = 16 * 1024**2


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
    with small_pages():  # the columns' memory: see core/memory.py
        return _read_table(path)


def _read_table(path: Path) -> Table:
    size = path.stat().st_size
    if size < WHOLE_BYTES:
        whole = pq.ParquetFile(path, memory_map=True).read(use_threads=size >= SMALL_BYTES)
        table = Table({n: _column(c) for n, c in zip(whole.column_names, whole.columns,
                                                      strict=True)})
        del whole
        pa.default_memory_pool().release_unused()
        return table
    names = pq.ParquetFile(path, memory_map=True).schema_arrow.names
    if len(names) <= 1 or _READERS == 1:
        columns = [_read_column(path, n) for n in names]
    else:
        with ThreadPoolExecutor(_READERS, thread_name_prefix="parquet") as pool:
            columns = list(pool.map(lambda n: _read_column(path, n), names))
    # Give memory freed by the Arrow buffers back to the system (mimalloc/jemalloc keep it).
    pa.default_memory_pool().release_unused()
    return Table(dict(zip(names, columns, strict=True)))


def _read_column(path: Path, name: str) -> Column:
    # One ParquetFile per call: a reader is not meant to be shared between threads.
    chunked = pq.ParquetFile(path, memory_map=True).read([name], use_threads=False).column(0)
    return _column(chunked)


def _column(chunked: pa.ChunkedArray) -> Column:
    chunks = [c for c in chunked.chunks if len(c)] or chunked.chunks[:1]
    if not chunks:  # an empty table
        return _empty(chunked.type)
    kind = chunked.type
    if pa.types.is_dictionary(kind):
        return _coded(chunks, len(chunked))
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return CodedColumn.from_values(chunked.to_pylist())
    return _numbers_of(chunks, len(chunked))


def _coded(chunks: list[pa.DictionaryArray], n_rows: int) -> CodedColumn:
    """Codes into the sorted union of the chunks' dictionaries, -1 where missing.

    Each Parquet row group brings its own dictionary (ours are all the same, sorted);
    codes are remapped only where a dictionary differs from the final categories.
    """
    first = chunks[0].dictionary
    same = all(c.dictionary.equals(first) for c in chunks[1:])
    dictionaries = [first.to_pylist()] if same else [c.dictionary.to_pylist() for c in chunks]
    categories = np.array(sorted({v for d in dictionaries for v in d if v is not None}),
                          dtype=object)
    remaps = []
    for d in dictionaries:
        remap = np.searchsorted(categories, np.array(d, dtype=object)).astype(np.int32) \
            if len(d) else np.zeros(0, dtype=np.int32)
        identity = len(d) == len(categories) and bool(np.all(remap == np.arange(len(d))))
        remaps.append(None if identity else remap)
    if len(chunks) == 1 and remaps[0] is None and not chunks[0].null_count:
        return CodedColumn(_numbers(chunks[0].indices).astype(np.int32, copy=False), categories)
    codes = np.empty(n_rows, dtype=np.int32)
    pos = 0
    for i, chunk in enumerate(chunks):
        part = codes[pos:pos + len(chunk)]
        indices = _numbers(chunk.indices)
        remap = remaps[0] if same else remaps[i]
        valid = _valid(chunk) if chunk.null_count else None
        if remap is None:
            part[:] = indices
        else:  # a missing value's slot may hold any index: read it as 0
            part[:] = remap[indices if valid is None else np.where(valid, indices, 0)]
        if valid is not None:
            part[~valid] = -1
        pos += len(chunk)
    return CodedColumn(codes, categories)


def _numbers_of(chunks: list[pa.Array], n_rows: int) -> np.ndarray:
    """One numpy array; zero-copy for a single chunk without missing values."""
    if len(chunks) == 1 and not chunks[0].null_count:
        return _numbers(chunks[0])
    has_nulls = any(c.null_count for c in chunks)
    dtype = np.dtype(np.float64) if has_nulls else _NUMPY_TYPES[str(chunks[0].type)]
    out = np.empty(n_rows, dtype=dtype)
    pos = 0
    for chunk in chunks:
        part = out[pos:pos + len(chunk)]
        part[:] = _numbers(chunk)
        if chunk.null_count:
            part[~_valid(chunk)] = np.nan
        pos += len(chunk)
    return out


def _empty(kind: pa.DataType) -> Column:
    if pa.types.is_dictionary(kind) or pa.types.is_string(kind) \
            or pa.types.is_large_string(kind):
        return CodedColumn(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=object))
    return np.zeros(0, dtype=_NUMPY_TYPES.get(str(kind), np.dtype(np.float64)))


def _numbers(arr: pa.Array) -> np.ndarray:
    dtype = _NUMPY_TYPES[str(arr.type)]  # type.to_pandas_dtype() would import pandas
    buf = arr.buffers()[1]
    if buf is None:  # all values missing: Arrow may leave out the data buffer
        return np.zeros(len(arr), dtype=dtype)
    return np.frombuffer(buf, dtype=dtype, count=len(arr), offset=arr.offset * dtype.itemsize)


_NUMPY_TYPES = {
    name: np.dtype(name)
    for name in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")
} | {"float": np.dtype("float32"), "double": np.dtype("float64")}


def _valid(arr: pa.Array) -> np.ndarray:
    bitmap = arr.buffers()[0]
    if bitmap is None:
        return np.ones(len(arr), dtype=bool)
    bits = np.unpackbits(np.frombuffer(bitmap, dtype=np.uint8), bitorder="little")
    return bits[arr.offset: arr.offset + len(arr)].astype(bool)
