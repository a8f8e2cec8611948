"""pyarrow without the parts Asylum Explorer never uses.

Overrides the contrib hook, which bundles every submodule, all of pyarrow's .pyx/.pxd
sources and headers, and each shared library twice (~160 MB). The app reads and writes
Parquet (pyarrow.parquet) and pandas 3 stores text in Arrow (pyarrow.compute); Flight,
Substrait, ORC, CUDA, Gandiva and the cloud file systems (S3, GCS, Azure, HDFS) stay out,
and so do the large libraries only they link (libarrow_flight, libarrow_s3, ...).
"""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("flight", "substrait", "orc", "cuda", "gandiva", "s3fs", "gcsfs", "azurefs",
          "hdfs", "tests", "benchmark", "cpp_tests", "parquet_encryption")


def _wanted(name: str) -> bool:
    return not any(part in name for part in UNUSED)


hiddenimports = collect_submodules("pyarrow", filter=_wanted)
excludedimports = [
    "pyarrow.flight", "pyarrow._flight", "pyarrow.substrait", "pyarrow._substrait",
    "pyarrow.orc", "pyarrow._orc", "pyarrow._dataset_orc", "pyarrow.cuda", "pyarrow._cuda",
    "pyarrow.gandiva", "pyarrow._s3fs", "pyarrow._gcsfs", "pyarrow._azurefs", "pyarrow._hdfs",
    "pyarrow.tests", "pyarrow._pyarrow_cpp_tests", "pyarrow._parquet_encryption",
    "pyarrow._dataset_parquet_encryption", "pyarrow.parquet.encryption",
]
# No datas and no collect_dynamic_libs: the extension modules' own dependencies are
# found by PyInstaller's binary analysis, once each.
