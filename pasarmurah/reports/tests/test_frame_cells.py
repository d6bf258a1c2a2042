"""What the report tables hand to the page's template: sort keys the page's script reads as numbers."""

import datetime

from django.template.loader import render_to_string
from django.test import RequestFactory

from pasarmurah.reports.frame import Column, Kind, Table


def test_numeric_sort_keys_are_plain_numbers_whatever_the_locale():
    table = Table(
        "t",
        "T",
        [Column("name", "Name"), Column("share", "Share", Kind.PERCENT), Column("n", "N", Kind.INT)],
        [{"name": "a", "share": 0.25, "n": 1234567}, {"name": "b", "share": None, "n": 0}],
    )
    cells = table.html_rows()
    assert [cell["sort"] for cell in cells[0]] == ["a", "0.25", "1234567"]
    assert [cell["sort"] for cell in cells[1]] == ["b", "", "0"]
    assert cells[0][1]["text"] == "25,0 %"
    day = Table("d", "D", [Column("day", "Day", Kind.DATE)], [{"day": datetime.date(2026, 5, 1)}])
    assert day.html_rows()[0][0]["sort"] == "2026-05-01"

    html = render_to_string(
        "backoffice/reports/includes/table.html",
        {"table": table, "report": type("R", (), {"key": "penjualan"})(), "query": ""},
        request=RequestFactory().get("/"),
    )
    assert 'data-sort="0.25"' in html and 'data-sort="1234567"' in html
