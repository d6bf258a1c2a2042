"""The monthly report pack: every registered report that belongs in it, for one calendar month, as one PDF
(core.pdf.ShopPDF): each report's figures and its tables (the first rows of each), in the registry's order."""

from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.core.pdf import ShopPDF
from pasarmurah.reports import frame
from pasarmurah.reports.period import Grain, ReportPeriod
from pasarmurah.store.selectors import store_profile

ROWS_PER_TABLE = 40
PAGE_WIDTH = 190  # mm of A4 inside the margins


def pack_sections(*, year: int, month: int, user=None) -> list[tuple[frame.Report, frame.ReportPage]]:
    """The reports of the pack with their pages for the month (the ones `user` may see, when given)."""
    period = ReportPeriod.month(year, month)
    request = frame.ReportRequest(period=period, grain=Grain.DAY, may_see_money=True)
    sections = []
    for report in frame.reports_all():
        if not report.in_pack or (user is not None and not report.allowed(user)):
            continue
        sections.append((report, report.build(request)))
    return sections


def _table(pdf: ShopPDF, table: frame.Table) -> None:
    pdf.set_font(size=10, style="B")
    pdf.cell(0, 7, str(table.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(size=7, style="")
    if not table.rows:
        pdf.cell(0, 5, _("No data in this period."), new_x="LMARGIN", new_y="NEXT")
        return
    columns = table.columns[:9]
    widths = [PAGE_WIDTH * (2.2 if i == 0 else 1) / (len(columns) + 1.2) for i in range(len(columns))]
    aligns = ["RIGHT" if column.numeric else "LEFT" for column in columns]
    rows = [[column.label for column in columns]]
    shown = table.rows[:ROWS_PER_TABLE] + ([table.total] if table.total else [])
    rows += [[frame.format_value(row.get(column.key), column.kind) for column in columns] for row in shown]
    with pdf.table(
        col_widths=widths, text_align=aligns, line_height=4, first_row_as_headings=True, width=PAGE_WIDTH
    ) as grid:
        for values in rows:
            line = grid.row()
            for value in values:
                line.cell(str(value))
    if len(table.rows) > ROWS_PER_TABLE:
        pdf.cell(
            0,
            5,
            _("First %(shown)d of %(count)d rows; the full table is in the report's XLSX.")
            % {"shown": ROWS_PER_TABLE, "count": len(table.rows)},
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)


def report_pack_pdf(*, year: int, month: int, user=None) -> bytes:
    store = store_profile()
    period = ReportPeriod.month(year, month)
    pdf = ShopPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(10, 10, 10)
    pdf.add_page()
    pdf.set_font(size=16, style="B")
    pdf.cell(0, 10, _("Monthly report pack"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(size=10, style="")
    pdf.cell(0, 6, f"{store.name} · {period.label}", new_x="LMARGIN", new_y="NEXT")
    made = timezone.localtime()
    pdf.cell(0, 6, _("Made %(when)s WIB") % {"when": f"{made:%d/%m/%Y %H:%M}"}, new_x="LMARGIN", new_y="NEXT")
    for report, page in pack_sections(year=year, month=month, user=user):
        pdf.add_page()
        pdf.set_font(size=13, style="B")
        pdf.cell(0, 8, str(report.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(size=8, style="")
        for figure in page.figures:
            before = (
                f"  ({_('before')}: {figure.previous_text} {figure.change_text})"
                if figure.previous is not None
                else ""
            )
            pdf.cell(0, 5, f"{figure.label}: {figure.text}{before}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        for table in page.tables:
            _table(pdf, table)
    return bytes(pdf.output())
