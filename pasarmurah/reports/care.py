"""Laporan keluhan & saran (issue 13 item 7): what customers tell the shop and how fast it answers.

Pure reads of a period (Asia/Jakarta calendar days, both ends included). A ticket counts in the period it
was opened; its status is the one it has now. Answer and resolution times are of the period's tickets that
have been answered or closed. Tickets are a small table (a shop gets a few a day), so the times are worked
out from one query of their moments; the tallies are grouped by the database.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Q
from django.db.models.functions import Lower, Trim

from pasarmurah.crm.models import Testimonial, Ticket, TicketKind, TicketStatus
from pasarmurah.reports.bounds import as_date, day_bounds, local_trunc

RECURRING_MIN = 2  # a subject asked this often is recurring
RECURRING_SHOWN = 20
RECOMMENDATIONS_SHOWN = 30


@dataclass(frozen=True)
class Hours:
    count: int
    mean: float | None
    median: float | None
    within_24h: int


@dataclass(frozen=True)
class CareReport:
    start: datetime.date
    end: datetime.date
    opened: int
    by_kind_status: list[dict]  # per kind: kind, label, one count per status, total
    statuses: list[tuple[str, str]]  # (status, label), the columns of by_kind_status
    status_totals: dict[str, int]
    first_answer: Hours
    resolution: Hours
    ratings: list[tuple[int, int]]  # (stars 1-5, tickets)
    rated: int
    average_rating: float | None
    recurring_subjects: list[dict]  # subject (as most often written), kind, times, last
    recommendations: list[dict]  # product or subject, times, last
    testimonials: dict[str, int]  # submitted, approved, hidden, pending


def _tickets(start: datetime.date, end: datetime.date):
    first, after = day_bounds(start, end)
    return Ticket.objects.filter(created_at__gte=first, created_at__lt=after)


def _hours(spans: list[float]) -> Hours:
    return Hours(
        count=len(spans),
        mean=round(statistics.fmean(spans), 1) if spans else None,
        median=round(statistics.median(spans), 1) if spans else None,
        within_24h=sum(1 for hours in spans if hours <= 24),
    )


def response_times(*, start: datetime.date, end: datetime.date) -> tuple[Hours, Hours]:
    """Hours from opening to the first staff answer, and to closing, of the period's tickets."""
    answered, resolved = [], []
    rows = (
        _tickets(start, end)
        .filter(Q(first_response_at__isnull=False) | Q(closed_at__isnull=False))
        .values_list("created_at", "first_response_at", "closed_at", "status")
    )
    for created, first_response, closed, status in rows:
        if first_response:
            answered.append(max((first_response - created).total_seconds(), 0) / 3600)
        if closed and status == TicketStatus.CLOSED:
            resolved.append(max((closed - created).total_seconds(), 0) / 3600)
    return _hours(answered), _hours(resolved)


def kind_status_table(*, start: datetime.date, end: datetime.date) -> tuple[list[dict], dict[str, int]]:
    counts = {
        (row["kind"], row["status"]): row["n"]
        for row in _tickets(start, end).values("kind", "status").annotate(n=Count("pk")).order_by()
    }
    rows = []
    for kind, label in TicketKind.choices:
        row = {"kind": kind, "label": label, "total": 0}
        for status in TicketStatus.values:
            row[status] = counts.get((kind, status), 0)
            row["total"] += row[status]
        rows.append(row)
    totals = {status: sum(row[status] for row in rows) for status in TicketStatus.values}
    totals["total"] = sum(row["total"] for row in rows)
    return rows, totals


def recurring_subjects(*, start: datetime.date, end: datetime.date) -> list[dict]:
    """Subjects written more than once in the period (case and surrounding spaces ignored), most first."""
    rows = (
        _tickets(start, end)
        .exclude(kind=TicketKind.RECOMMENDATION)
        .annotate(key=Lower(Trim("subject")))
        .values("key", "kind")
        .annotate(times=Count("pk"), last=Max("created_at"), subject=Max("subject"))
        .filter(times__gte=RECURRING_MIN)
        .order_by("-times", "-last", "key")[:RECURRING_SHOWN]
    )
    labels = dict(TicketKind.choices)
    return [
        {
            "subject": row["subject"].strip(),
            "kind": row["kind"],
            "kind_label": labels.get(row["kind"], row["kind"]),
            "times": row["times"],
            "last": row["last"],
        }
        for row in rows
    ]


def recommendations_tally(*, start: datetime.date, end: datetime.date) -> list[dict]:
    """Product recommendations of the period, by the product linked (or the subject written), most first."""
    rows = (
        _tickets(start, end)
        .filter(kind=TicketKind.RECOMMENDATION)
        .annotate(key=Lower(Trim("subject")))
        .values("product_id", "product__name", "key")
        .annotate(times=Count("pk"), last=Max("created_at"), subject=Max("subject"))
        .order_by("-times", "-last", "key")
    )
    tally: dict[tuple, dict] = {}
    for row in rows:
        key = ("product", row["product_id"]) if row["product_id"] else ("subject", row["key"])
        entry = tally.setdefault(
            key,
            {
                "product_id": row["product_id"],
                "name": row["product__name"] or row["subject"].strip(),
                "times": 0,
                "last": row["last"],
            },
        )
        entry["times"] += row["times"]
        entry["last"] = max(entry["last"], row["last"])
    result = sorted(tally.values(), key=lambda e: (-e["times"], -e["last"].timestamp(), e["name"]))
    return result[:RECOMMENDATIONS_SHOWN]


def care_report(*, start: datetime.date, end: datetime.date) -> CareReport:
    table, totals = kind_status_table(start=start, end=end)
    first_answer, resolution = response_times(start=start, end=end)
    ratings = _tickets(start, end).filter(rating__isnull=False)
    by_stars = dict(ratings.values("rating").annotate(n=Count("pk")).values_list("rating", "n").order_by())
    average = ratings.aggregate(average=Avg("rating"))["average"]
    first, after = day_bounds(start, end)
    testimonials = Testimonial.objects.filter(created_at__gte=first, created_at__lt=after).aggregate(
        submitted=Count("pk"),
        approved=Count("pk", filter=Q(status=Testimonial.Status.APPROVED)),
        hidden=Count("pk", filter=Q(status=Testimonial.Status.HIDDEN)),
        pending=Count("pk", filter=Q(status=Testimonial.Status.PENDING)),
    )
    return CareReport(
        start=start,
        end=end,
        opened=totals["total"],
        by_kind_status=table,
        statuses=list(TicketStatus.choices),
        status_totals=totals,
        first_answer=first_answer,
        resolution=resolution,
        ratings=[(stars, by_stars.get(stars, 0)) for stars in range(1, 6)],
        rated=sum(by_stars.values()),
        average_rating=round(average, 2) if average is not None else None,
        recurring_subjects=recurring_subjects(start=start, end=end),
        recommendations=recommendations_tally(start=start, end=end),
        testimonials=testimonials,
    )


def opened_by_day(*, start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, dict]]:
    """Tickets opened per WIB day and kind: [(day, {kind: tickets})], oldest first."""
    rows = (
        _tickets(start, end)
        .annotate(day=local_trunc("day", "created_at"))
        .values("day", "kind")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    days: dict[datetime.date, dict] = {}
    for row in rows:
        days.setdefault(as_date(row["day"]), {})[row["kind"]] = row["n"]
    return sorted(days.items())
