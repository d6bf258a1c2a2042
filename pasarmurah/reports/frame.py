"""The report frame: one definition of a report's figures, charts and tables drives its HTML page, its CSV
and XLSX downloads and its part of the monthly PDF pack; a registry lists the reports.

A report is a `Report` registered with `register()`: its key (the URL slug), title, the permission it needs,
the form of its filters (a `PeriodForm` subclass) and `build(ReportRequest) -> ReportPage`. Money that only
the Owner sees is left out by the builder when `request.may_see_money` is false (a column's `money=True`
drops it, a table's `money=True` drops the whole table).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from pasarmurah.core.money import format_rupiah
from pasarmurah.reports.period import Grain, PeriodForm, ReportPeriod

MONEY_PERMISSION = "reports.view_money_reports"
STOCK_PERMISSION = "reports.view_stock_reports"


class Kind:
    TEXT = "text"
    INT = "int"
    RUPIAH = "rupiah"
    PERCENT = "percent"  # a fraction (0.25), shown as 25,0 %
    DECIMAL = "decimal"  # one decimal (hours, days, stars)
    DATE = "date"
    NUMERIC = {INT, RUPIAH, PERCENT, DECIMAL}


def format_value(value, kind: str) -> str:
    """A cell as the page and the PDF show it (Indonesian number style)."""
    if value is None or value == "":
        return "–"
    if kind == Kind.RUPIAH:
        return format_rupiah(value)
    if kind == Kind.INT:
        return f"{int(value):,}".replace(",", ".")
    if kind == Kind.PERCENT:
        return f"{value * 100:.1f} %".replace(".", ",")
    if kind == Kind.DECIMAL:
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if kind == Kind.DATE and isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def ratio(part, whole) -> float | None:
    return part / whole if whole else None


def change(now, before) -> float | None:
    """The relative change from `before` to `now` (None when there is nothing to compare with)."""
    if now is None or before is None or not before:
        return None
    return (now - before) / abs(before)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = Kind.TEXT
    money: bool = False  # only for whom may see money
    link: str = ""  # the row's key holding a URL for this cell

    @property
    def numeric(self) -> bool:
        return self.kind in Kind.NUMERIC


@dataclass
class Table:
    """Rows (dicts keyed by column key) under columns, with an optional total row."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict]
    total: dict | None = None
    note: str = ""
    money: bool = False
    chart: "Chart | None" = None

    def visible(self, may_see_money: bool) -> "Table":
        if may_see_money:
            return self
        columns = [column for column in self.columns if not column.money]
        return Table(self.key, self.title, columns, self.rows, self.total, self.note, self.money, self.chart)

    def cells(self, row: dict) -> list:
        return [row.get(column.key) for column in self.columns]

    def html_rows(self) -> list[list[dict]]:
        """What the page's template renders: text, sort value, alignment and link of each cell."""
        return [self._html(row) for row in self.rows]

    def html_total(self) -> list[dict] | None:
        return self._html(self.total) if self.total else None

    def _html(self, row: dict) -> list[dict]:
        cells = []
        for column in self.columns:
            value = row.get(column.key)
            # A number's sort key as plain text ("0.25"): the template would localise a number ("0,25"),
            # which the page's script cannot read back as one (and localising thousands of cells is slow).
            sort = str(value) if column.numeric and value is not None else ""
            if isinstance(value, datetime.date):
                sort = value.isoformat()
            cells.append(
                {
                    "text": format_value(value, column.kind),
                    "sort": sort if sort != "" else str(value or ""),
                    "numeric": column.numeric,
                    "url": row.get(column.link) if column.link else "",
                }
            )
        return cells


@dataclass
class Chart:
    """A chart drawn by backoffice/charts.js from json_script data (no inline script: the CSP holds)."""

    key: str
    title: str
    kind: str  # "bar", "line", "doughnut"
    labels: list
    datasets: list[dict]
    stacked: bool = False
    horizontal: bool = False
    money: bool = False

    def spec(self) -> dict:
        return {
            "type": self.kind,
            "labels": [str(label) for label in self.labels],
            "datasets": [{"label": str(d["label"]), "data": d["data"]} for d in self.datasets],
            "stacked": self.stacked,
            "horizontal": self.horizontal,
        }


@dataclass(frozen=True)
class Figure:
    """A headline figure with the previous period's value and the change."""

    key: str
    label: str
    value: object
    kind: str = Kind.INT
    previous: object = None
    money: bool = False
    # Whether a rise is good news (revenue) or bad (cancellations): colours the change.
    higher_is_better: bool = True

    @property
    def text(self) -> str:
        return format_value(self.value, self.kind)

    @property
    def previous_text(self) -> str:
        return format_value(self.previous, self.kind)

    @property
    def change(self) -> float | None:
        if self.kind == Kind.PERCENT:
            return None if self.value is None or self.previous is None else self.value - self.previous
        return change(self.value, self.previous)

    @property
    def change_text(self) -> str:
        delta = self.change
        if delta is None:
            return ""
        sign = "+" if delta > 0 else ""
        if self.kind == Kind.PERCENT:
            return f"{sign}{delta * 100:.1f} pp".replace(".", ",")
        return f"{sign}{delta * 100:.1f} %".replace(".", ",")

    @property
    def tone(self) -> str:
        delta = self.change
        if not delta:
            return "muted"
        return "success" if (delta > 0) == self.higher_is_better else "danger"


@dataclass
class ReportPage:
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def visible(self, may_see_money: bool) -> "ReportPage":
        """What a person without the money permission sees: no money figure, chart, table or column."""
        if may_see_money:
            return self
        return ReportPage(
            figures=[figure for figure in self.figures if not figure.money],
            charts=[chart for chart in self.charts if not chart.money],
            tables=[table.visible(False) for table in self.tables if not table.money],
            notes=self.notes,
        )

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


@dataclass(frozen=True)
class ReportRequest:
    period: ReportPeriod
    grain: str = Grain.DAY
    filters: dict = field(default_factory=dict)
    may_see_money: bool = False
    compare: bool = True

    @property
    def previous(self) -> ReportPeriod:
        return self.period.previous()


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    description: str
    build: Callable[[ReportRequest], ReportPage]
    permission: str = MONEY_PERMISSION
    form_class: type[PeriodForm] = PeriodForm
    order: int = 100
    in_pack: bool = True  # a section of the monthly PDF pack
    icon: str = "bi-bar-chart"

    def allowed(self, user) -> bool:
        return user.has_perm(self.permission)


_REGISTRY: dict[str, Report] = {}


def register(report: Report) -> Report:
    """Add a report to the landing page, the downloads and the PDF pack (call it at import of the report's
    module; the reports app imports the modules listed in REPORT_MODULES)."""
    _REGISTRY[report.key] = report
    return report


def report_get(key: str) -> Report | None:
    return _REGISTRY.get(key)


def reports_all() -> list[Report]:
    return sorted(_REGISTRY.values(), key=lambda report: (report.order, report.key))


def reports_for(user) -> list[Report]:
    return [report for report in reports_all() if report.allowed(user)]


def may_see_money(user) -> bool:
    return user.has_perm(MONEY_PERMISSION)


NO_DATA = _("No data in this period.")
