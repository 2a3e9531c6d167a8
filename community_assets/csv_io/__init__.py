"""The directory's CSV file: its columns, reading it into listings, and writing it back out.

One row per service-at-location (a listing that runs in two places has two rows; a listing
with no place has one row with the place columns empty). Reading never writes: `plan_import`
says, row by row, what an import would create, update, leave unchanged or reject, and why.
docs/directory-csv.md describes the columns for people who fill the file in.
"""

from .planning import ListingPlan, RowPlan, plan_import, row_plans
from .reading import COLUMNS, MAX_FILE_BYTES, MAX_ROWS, CsvFileError, decode, read_rows
from .writing import export_rows, with_export_details, write_csv

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "CsvFileError",
    "ListingPlan",
    "RowPlan",
    "decode",
    "export_rows",
    "plan_import",
    "read_rows",
    "row_plans",
    "with_export_details",
    "write_csv",
]
