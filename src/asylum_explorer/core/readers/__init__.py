"""Readers for the files users bring: API-shaped CSV(.gz), Refugee Data Finder
downloads (ZIP or CSV, with or without the metadata preamble) and API JSON pages.

Every reader returns `RawTable`s: text cells under API column names, with the dataset
recognised from the columns (never from the file name). `normalize.to_dataset_frame`
then types and checks them.
"""

from asylum_explorer.core.readers.raw import RawTable
from asylum_explorer.core.readers.sniff import read_path

__all__ = ["RawTable", "read_path"]
