import io

import openpyxl
import pytest

from pasarmurah.core.spreadsheets import csv_response, safe_cell, xlsx_response


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62812", "'+62812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Sri = Rahayu", "Sri = Rahayu"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (120000, 120000),
    ],
)
def test_cells_that_could_start_a_formula_are_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_csv_and_xlsx_hold_the_neutralised_text():
    rows = [['=HYPERLINK("http://x")', 5]]
    body = csv_response(filename="a.csv", header=["Nama", "N"], rows=rows).content.decode("utf-8-sig")
    assert body.splitlines()[1] == '"\'=HYPERLINK(""http://x"")",5'
    workbook = openpyxl.load_workbook(
        io.BytesIO(xlsx_response(filename="a.xlsx", header=["Nama", "N"], rows=rows).content)
    )
    cell = workbook.active.cell(row=2, column=1)
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://x")', "s")
    assert workbook.active.cell(row=2, column=2).value == 5
