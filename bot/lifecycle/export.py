"""The officers' overview as a file for reporting: CSV or XLSX, from the same `export_rows`.

Why one module for both: the rows and their columns live in `bot.lifecycle.overview`; this only
decides how a cell is written, so the two files can never disagree about what the overview says.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.lifecycle.overview import EXPORT_COLUMNS, Cell, TilsynOverview, export_rows
from bot.texts import lifecycle as t


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    return cell.isoformat() if isinstance(cell, date) else str(cell)


def overview_csv(overviews: list[TilsynOverview]) -> str:
    """The overview as CSV (UTF-8, comma, header row; dates as ÅÅÅÅ-MM-DD)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows([_text(cell) for cell in row] for row in export_rows(overviews))
    return out.getvalue()


def overview_xlsx(overviews: list[TilsynOverview]) -> bytes:
    """The overview as an XLSX workbook: one sheet, a bold frozen header with a filter, numbers as
    numbers and deadlines as dates (openpyxl shows a `date` as ÅÅÅÅ-MM-DD)."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook has one (typed) sheet
    sheet.title = t.EXPORT_SHEET_TITLE
    sheet.append(EXPORT_COLUMNS)
    for row in export_rows(overviews):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
