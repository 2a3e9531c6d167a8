"""CSV and spreadsheet (.xlsx) downloads of tables of figures, for any insight page.

A table is a header and rows of plain values: int, float, Decimal, date, str or None. Both
writers keep numbers as numbers (so a spreadsheet can sum them) and text as text: a text cell
a spreadsheet would run as a formula (it starts with =, +, -, @ or a tab) is written with a
leading apostrophe in CSV, and typed as a string in .xlsx, so a practice or ward name can
never become a formula. Suppressed figures ("<5", "<5 cases") are text, as shown on the page.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


@dataclass
class Sheet:
    """One table: a sheet of a workbook. `number_formats` maps a column index to an Excel
    number format (e.g. "£#,##0.00")."""

    title: str
    header: list[str]
    rows: list[Sequence]
    number_formats: dict[int, str] = field(default_factory=dict)


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def csv_bytes(header: list[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens "£" and "−" as they are."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_csv_value(h) for h in header])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_response(*, filename: str, header: list[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def sheet_title(title: str, taken: set[str]) -> str:
    """A title Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:SHEET_TITLE_MAX] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def _write_cell(worksheet, row: int, column: int, value, number_format: str | None):
    cell = worksheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever it starts with
    elif isinstance(value, Decimal):
        cell.value = float(value)
    else:
        cell.value = value
    if isinstance(value, date) and not number_format:
        cell.number_format = "d mmm yyyy"
    elif number_format and not isinstance(value, str):
        cell.number_format = number_format
    return cell


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet_title(sheet.title, taken))
        for column, heading in enumerate(sheet.header, start=1):
            _write_cell(worksheet, 1, column, heading, None).font = Font(bold=True)
        for row_number, row in enumerate(sheet.rows, start=2):
            for column, value in enumerate(row, start=1):
                _write_cell(
                    worksheet, row_number, column, value, sheet.number_formats.get(column - 1)
                )
        for column, heading in enumerate(sheet.header, start=1):
            widest = max([len(str(heading))] + [len(str(r[column - 1])) for r in sheet.rows])
            worksheet.column_dimensions[get_column_letter(column)].width = min(widest + 2, 60)
        worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(*, filename: str, sheets: list[Sheet]) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
