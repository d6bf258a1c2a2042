"""A report page as CSV (one table) or XLSX (one sheet per table), from the same definition as the HTML.

Cells go through `core.spreadsheets.safe_cell` (text that could start a formula is neutralised); numbers stay
numbers, rupiah cells carry a rupiah number format, percentages are fractions with a percent format.
"""

import io
import re

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from pasarmurah.core.spreadsheets import XLSX_TYPE, csv_response, safe_cell
from pasarmurah.reports.frame import Kind, ReportPage, Table

RUPIAH_FORMAT = '"Rp" #,##0;-"Rp" #,##0'
NUMBER_FORMATS = {Kind.RUPIAH: RUPIAH_FORMAT, Kind.INT: "#,##0", Kind.PERCENT: "0.0%", Kind.DECIMAL: "0.0"}


def _plain(value):
    return "" if value is None else value


def table_rows(table: Table) -> list[list]:
    rows = [[_plain(cell) for cell in table.cells(row)] for row in table.rows]
    if table.total:
        rows.append([_plain(cell) for cell in table.cells(table.total)])
    return rows


def csv_download(*, filename: str, table: Table) -> HttpResponse:
    return csv_response(
        filename=filename, header=[str(column.label) for column in table.columns], rows=table_rows(table)
    )


def _sheet_title(title: str, used: set) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:28].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name.lower())
    return name


def xlsx_download(*, filename: str, page: ReportPage, title: str, period_label: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    used: set = set()
    summary = workbook.create_sheet(_sheet_title(title, used))
    summary.append([safe_cell(title)])
    summary.append([safe_cell(period_label)])
    for figure in page.figures:
        cell = WriteOnlyCell(summary, value=safe_cell(figure.value if figure.value is not None else ""))
        if figure.kind in NUMBER_FORMATS:
            cell.number_format = NUMBER_FORMATS[figure.kind]
        before = WriteOnlyCell(
            summary, value=safe_cell(figure.previous if figure.previous is not None else "")
        )
        before.number_format = cell.number_format
        summary.append([safe_cell(str(figure.label)), cell, before])
    for table in page.tables:
        sheet = workbook.create_sheet(_sheet_title(str(table.title), used))
        bold = Font(bold=True)
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=safe_cell(str(column.label)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for values in table_rows(table):
            row = []
            for column, value in zip(table.columns, values, strict=True):
                cell = WriteOnlyCell(sheet, value=safe_cell(value))
                if column.kind in NUMBER_FORMATS and isinstance(value, int | float):
                    cell.number_format = NUMBER_FORMATS[column.kind]
                row.append(cell)
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
