"""The customer care page (Laporan keluhan & saran) on the report frame, from `care.care_report`. Operational:
Customer Service sees it whole (it holds no money)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasarmurah.crm.models import TicketKind
from pasarmurah.reports.bounds import bucketed
from pasarmurah.reports.care import CareReport, Hours, care_report, opened_by_day
from pasarmurah.reports.frame import (
    STOCK_PERMISSION,
    Chart,
    Column,
    Figure,
    Kind,
    Report,
    ReportPage,
    ReportRequest,
    Table,
    ratio,
    register,
)


def _figures(now: CareReport, before: CareReport | None) -> list[Figure]:
    def previous(value):
        return value(before) if before else None

    return [
        Figure("opened", _("Tickets opened"), now.opened, Kind.INT, previous(lambda r: r.opened)),
        Figure(
            "first_answer",
            _("First answer, median (hours)"),
            now.first_answer.median,
            Kind.DECIMAL,
            previous(lambda r: r.first_answer.median),
            higher_is_better=False,
        ),
        Figure(
            "within_24h",
            _("Answered within 24 hours"),
            ratio(now.first_answer.within_24h, now.first_answer.count),
            Kind.PERCENT,
            previous(lambda r: ratio(r.first_answer.within_24h, r.first_answer.count)),
        ),
        Figure(
            "resolution",
            _("Resolution, median (hours)"),
            now.resolution.median,
            Kind.DECIMAL,
            previous(lambda r: r.resolution.median),
            higher_is_better=False,
        ),
        Figure(
            "rating",
            _("Average rating (1–5)"),
            now.average_rating,
            Kind.DECIMAL,
            previous(lambda r: r.average_rating),
        ),
        Figure("rated", _("Tickets rated"), now.rated, Kind.INT, previous(lambda r: r.rated)),
    ]


def _time_row(name: str, hours: Hours) -> dict:
    return {
        "name": name,
        "count": hours.count,
        "mean": hours.mean,
        "median": hours.median,
        "within_24h": ratio(hours.within_24h, hours.count),
    }


def build(request: ReportRequest) -> ReportPage:
    period = request.period
    now = care_report(start=period.start, end=period.end)
    before = care_report(start=request.previous.start, end=request.previous.end) if request.compare else None
    kinds = list(TicketKind.choices)
    buckets = bucketed(period, request.grain, opened_by_day(start=period.start, end=period.end))
    status_columns = [Column(status, label, Kind.INT) for status, label in now.statuses]
    tables = [
        Table(
            "kinds",
            _("Tickets by kind and status"),
            [Column("label", _("Kind")), *status_columns, Column("total", _("Total"), Kind.INT)],
            [{**row, "label": str(row["label"])} for row in now.by_kind_status],
            {"label": _("Total"), **now.status_totals},
            note=_("Tickets opened in the period, with the status they have now."),
        ),
        Table(
            "opened",
            _("Tickets opened"),
            [Column("bucket", _("Period")), *[Column(kind, label, Kind.INT) for kind, label in kinds]],
            [
                {"bucket": bucket.label, **{kind: sums.get(kind, 0) for kind, _l in kinds}}
                for bucket, sums in buckets
            ],
            {"bucket": _("Total"), **{row["kind"]: row["total"] for row in now.by_kind_status}},
        ),
        Table(
            "times",
            _("Answer and resolution times (hours)"),
            [
                Column("name", _("Measure")),
                Column("count", _("Tickets"), Kind.INT),
                Column("mean", _("Average"), Kind.DECIMAL),
                Column("median", _("Median"), Kind.DECIMAL),
                Column("within_24h", _("Within 24 hours"), Kind.PERCENT),
            ],
            [
                _time_row(_("Opened to first answer"), now.first_answer),
                _time_row(_("Opened to closed"), now.resolution),
            ],
        ),
        Table(
            "ratings",
            _("Ratings"),
            [Column("stars", _("Stars"), Kind.INT), Column("tickets", _("Tickets"), Kind.INT)],
            [{"stars": stars, "tickets": n} for stars, n in now.ratings],
            {"stars": None, "tickets": now.rated},
        ),
        Table(
            "subjects",
            _("Recurring subjects"),
            [
                Column("subject", _("Subject")),
                Column("kind", _("Kind")),
                Column("times", _("Times"), Kind.INT),
                Column("last", _("Last"), Kind.DATE),
            ],
            [
                {
                    "subject": s["subject"],
                    "kind": str(s["kind_label"]),
                    "times": s["times"],
                    "last": s["last"].date(),
                }
                for s in now.recurring_subjects
            ],
            note=_("Complaints and suggestions whose subject was written more than once (case ignored)."),
        ),
        Table(
            "recommendations",
            _("Product recommendations"),
            [
                Column("name", _("Product or subject")),
                Column("times", _("Times"), Kind.INT),
                Column("last", _("Last"), Kind.DATE),
            ],
            [{"name": r["name"], "times": r["times"], "last": r["last"].date()} for r in now.recommendations],
            note=_("Counted by the product linked, else by the subject written."),
        ),
        Table(
            "guestbook",
            _("Guestbook testimonials"),
            [Column("name", _("Testimonials")), Column("count", _("Count"), Kind.INT)],
            [
                {"name": _("Waiting for approval"), "count": now.testimonials["pending"]},
                {"name": _("Shown"), "count": now.testimonials["approved"]},
                {"name": _("Hidden"), "count": now.testimonials["hidden"]},
            ],
            {"name": _("Submitted in the period"), "count": now.testimonials["submitted"]},
        ),
    ]
    charts = [
        Chart(
            "opened",
            _("Tickets opened"),
            "bar",
            [bucket.label for bucket, _sums in buckets],
            [
                {"label": str(label), "data": [sums.get(kind, 0) for _b, sums in buckets]}
                for kind, label in kinds
            ],
            stacked=True,
        ),
        Chart(
            "ratings",
            _("Ratings"),
            "bar",
            [f"{stars} ★" for stars, _n in now.ratings],
            [{"label": _("Tickets"), "data": [n for _stars, n in now.ratings]}],
        ),
    ]
    return ReportPage(figures=_figures(now, before), charts=charts, tables=tables)


CARE_REPORT = register(
    Report(
        key="keluhan",
        title=gettext_lazy("Complaints and suggestions"),
        description=gettext_lazy(
            "Tickets by kind and status, first-answer and resolution times, ratings, recurring subjects, "
            "product recommendations tallied, guestbook testimonials."
        ),
        build=build,
        permission=STOCK_PERMISSION,
        order=60,
        icon="bi-chat-left-text",
    )
)
