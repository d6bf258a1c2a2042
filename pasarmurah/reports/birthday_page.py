"""The birthday programme and voucher results page on the report frame, from `birthday.birthday_report`. Its
comparison is with the same days a year earlier (the programme is seasonal by nature), not the period just
before. The Owner's (discounts and revenue are money)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasarmurah.core.money import format_rupiah
from pasarmurah.reports.birthday import BOUGHT_AGAIN_DAYS, BirthdayFigures, birthday_report
from pasarmurah.reports.frame import (
    MONEY_PERMISSION,
    Chart,
    Column,
    Figure,
    Kind,
    Report,
    ReportPage,
    ReportRequest,
    Table,
    register,
)

FIGURES = (
    # (key, label, kind)
    ("eligible", gettext_lazy("Members eligible (birthday in the period)"), Kind.INT),
    ("greeted", gettext_lazy("Greeted"), Kind.INT),
    ("redeemed", gettext_lazy("Birthday discounts used (paid orders)"), Kind.INT),
    ("redemption_rate", gettext_lazy("Used per greeting"), Kind.PERCENT),
    ("waiting_payment", gettext_lazy("Used on orders not paid yet"), Kind.INT),
    ("discount_given", gettext_lazy("Birthday discount given"), Kind.RUPIAH),
    ("revenue", gettext_lazy("Revenue of birthday orders"), Kind.RUPIAH),
    ("bought_again", gettext_lazy("Birthday buyers who bought again within 90 days"), Kind.INT),
    ("bought_again_rate", gettext_lazy("Bought again within 90 days (share)"), Kind.PERCENT),
)
MONEY = {"discount_given", "revenue"}


def _figures(now: BirthdayFigures, before: BirthdayFigures | None) -> list[Figure]:
    return [
        Figure(
            key,
            str(label),
            getattr(now, key),
            kind,
            getattr(before, key) if before else None,
            money=key in MONEY,
            higher_is_better=key != "discount_given",
        )
        for key, label, kind in FIGURES
    ]


def build(request: ReportRequest) -> ReportPage:
    period = request.period
    report = birthday_report(start=period.start, end=period.end)
    now, before = report.figures, report.previous
    compare = Table(
        "compare",
        _("Against the same days a year earlier"),
        [
            Column("name", _("Figure")),
            Column("now", _("This period"), Kind.INT),
            Column("before", _("A year earlier"), Kind.INT),
        ],
        [
            {"name": str(label), "now": getattr(now, key), "before": getattr(before, key) if before else None}
            for key, label, kind in FIGURES
            if kind == Kind.INT
        ],
        note=_("No programme data a year earlier.") if before is None else "",
    )
    month_rows = [{"month": f"{row['month']:%m/%Y}", **row} for row in report.months]
    months = Table(
        "months",
        _("Per month"),
        [
            Column("month", _("Month")),
            Column("greeted", _("Greeted"), Kind.INT),
            Column("redeemed", _("Discounts used"), Kind.INT),
            Column("discount_given", _("Discount given"), Kind.RUPIAH, money=True),
            Column("revenue", _("Revenue"), Kind.RUPIAH, money=True),
        ],
        month_rows,
        {
            "month": _("Total"),
            "greeted": now.greeted,
            "redeemed": now.redeemed,
            "discount_given": now.discount_given,
            "revenue": now.revenue,
        },
    )
    voucher_columns = [
        Column("code", _("Voucher")),
        Column("uses", _("Uses"), Kind.INT),
        Column("discount_given", _("Discount given"), Kind.RUPIAH),
        Column("revenue", _("Revenue"), Kind.RUPIAH),
    ]
    total, previous = report.voucher_total, report.voucher_previous
    vouchers = Table(
        "vouchers",
        _("Vouchers"),
        voucher_columns,
        [
            {"code": v.code, "uses": v.uses, "discount_given": v.discount_given, "revenue": v.revenue}
            for v in report.vouchers
        ],
        {
            "code": _("Total"),
            "uses": total.uses,
            "discount_given": total.discount_given,
            "revenue": total.revenue,
        },
        money=True,
        note=(
            _("A year earlier: %(uses)d uses, discount %(given)s, revenue %(revenue)s.")
            % {
                "uses": previous.uses,
                "given": format_rupiah(previous.discount_given),
                "revenue": format_rupiah(previous.revenue),
            }
            if previous
            else _("No voucher used a year earlier.")
        ),
    )
    figures = _figures(now, before) + [
        Figure("voucher_uses", _("Voucher uses"), total.uses, Kind.INT, previous.uses if previous else None),
        Figure(
            "voucher_given",
            _("Voucher discount given"),
            total.discount_given,
            Kind.RUPIAH,
            previous.discount_given if previous else None,
            money=True,
            higher_is_better=False,
        ),
        Figure(
            "voucher_revenue",
            _("Revenue of voucher orders"),
            total.revenue,
            Kind.RUPIAH,
            previous.revenue if previous else None,
            money=True,
        ),
    ]
    charts = [
        Chart(
            "months",
            _("Greetings and birthday discounts used"),
            "bar",
            [row["month"] for row in month_rows],
            [
                {"label": _("Greeted"), "data": [row["greeted"] for row in month_rows]},
                {"label": _("Discounts used"), "data": [row["redeemed"] for row in month_rows]},
            ],
        ),
        Chart(
            "revenue",
            _("Birthday discount and revenue"),
            "bar",
            [row["month"] for row in month_rows],
            [
                {"label": _("Discount given"), "data": [row["discount_given"] for row in month_rows]},
                {"label": _("Revenue"), "data": [row["revenue"] for row in month_rows]},
            ],
            money=True,
        ),
    ]
    notes = [
        _(
            "Eligible: members whose birthday is in the period and whose account was old enough when its "
            "window opened (the programme's current rules). Discounts count on the payment day of their "
            "order; a cancelled or expired order gives its discount back and is not counted. Bought again: "
            "another order paid within %(days)d days; %(early)d birthday buyers are too recent to tell."
        )
        % {"days": BOUGHT_AGAIN_DAYS, "early": now.too_early}
    ]
    return ReportPage(figures=figures, charts=charts, tables=[compare, months, vouchers], notes=notes)


BIRTHDAY_REPORT = register(
    Report(
        key="ulang-tahun",
        title=gettext_lazy("Birthday programme and vouchers"),
        description=gettext_lazy(
            "Members eligible, greeted and redeemed, discount given, revenue of birthday orders, buyers who "
            "came back within 90 days, against a year earlier; voucher uses, discount and revenue."
        ),
        build=build,
        permission=MONEY_PERMISSION,
        order=40,
        icon="bi-gift",
    )
)
