"""CSV and .xlsx writers: numbers stay numbers, text stays text, never a formula."""

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from thriving.insight.exports import (
    Sheet,
    csv_bytes,
    csv_response,
    sheet_title,
    workbook_bytes,
    xlsx_response,
)

HEADER = ["Ward", "Referrals", "Amount (£)", "Week"]
ROWS = [
    ["Coldhurst", 12, Decimal("550.00"), date(2025, 3, 3)],
    ['=HYPERLINK("http://evil")', "<5", Decimal("-1.5"), None],
]


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_keeps_values_and_dates_in_iso_form():
    rows = _csv_rows(csv_bytes(HEADER, ROWS))

    assert rows[0] == HEADER
    assert rows[1] == ["Coldhurst", "12", "550.00", "2025-03-03"]


def test_csv_text_cannot_run_as_a_formula_but_negative_numbers_stay_numbers():
    rows = _csv_rows(csv_bytes(HEADER, ROWS))

    assert rows[2] == ['\'=HYPERLINK("http://evil")', "<5", "-1.5", ""]


def test_csv_starts_with_a_byte_order_mark_for_excel():
    assert csv_bytes(["£"], []).startswith("\ufeff".encode())


def test_xlsx_keeps_numbers_dates_and_text_typed():
    sheet = Sheet("Referrals by ward", HEADER, ROWS, number_formats={2: "£#,##0.00"})
    book = load_workbook(io.BytesIO(workbook_bytes([sheet])))
    ws = book["Referrals by ward"]

    assert [c.value for c in ws[1]] == HEADER
    assert ws["B2"].value == 12 and ws["C2"].value == 550.0
    assert ws["C2"].number_format == "£#,##0.00"
    assert ws["D2"].value.date() == date(2025, 3, 3)
    assert ws["A3"].value == '=HYPERLINK("http://evil")' and ws["A3"].data_type == "s"
    assert ws["B3"].value == "<5"


def test_sheet_titles_are_shortened_cleaned_and_unique():
    taken = set()

    first = sheet_title("Days to allocation and to first contact: part 1", taken)
    second = sheet_title("Days to allocation and to first contact: part 2", taken)

    assert first == "Days to allocation and to first"
    assert len(second) <= 31 and second != first and second.endswith("(2)")
    assert sheet_title("a/b?c", taken) == "a b c"


def test_responses_are_downloads_not_cached():
    for response in (
        csv_response(filename="x.csv", header=HEADER, rows=ROWS),
        xlsx_response(filename="x.xlsx", sheets=[Sheet("x", HEADER, ROWS)]),
    ):
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "private, no-store"
