"""The campaign report (Laporan kampanye) on the report frame: what the e-mail campaigns sent in the period
and the automations brought, from `campaigns.selectors.results_for` (the campaign page's own counts, so the
two agree). The Owner's (revenue is money)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasarmurah.campaigns.models import Campaign, CampaignKind
from pasarmurah.campaigns.selectors import CampaignResults, results_for
from pasarmurah.reports.bounds import day_bounds
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
from pasarmurah.reports.period import ReportPeriod

COUNTS = ("total", "sent", "failed", "skipped", "clicks", "clickers", "orders", "revenue", "unsubscribes")


def _campaigns_started(period: ReportPeriod) -> list[Campaign]:
    """One-off campaigns whose sending started in the period (WIB days), each with `.results`."""
    start, end = day_bounds(period.start, period.end)
    campaigns = list(
        Campaign.objects.filter(
            kind=CampaignKind.CAMPAIGN, started_at__gte=start, started_at__lt=end
        ).order_by("started_at", "pk")
    )
    return _with_results(campaigns)


def _with_results(campaigns: list[Campaign]) -> list[Campaign]:
    results = results_for(campaigns)
    for campaign in campaigns:
        campaign.results = results[campaign.pk]
    return campaigns


def _total(campaigns: list[Campaign]) -> CampaignResults:
    total = CampaignResults()
    for campaign in campaigns:
        for name in COUNTS:
            setattr(total, name, getattr(total, name) + getattr(campaign.results, name))
    return total


def _row(campaign: Campaign) -> dict:
    results = campaign.results
    started = timezone.localtime(campaign.started_at).date() if campaign.started_at else None
    return {
        "name": campaign.name,
        "url": campaign.get_absolute_url(),
        "started": started,
        "status": campaign.get_status_display(),
        **{name: getattr(results, name) for name in COUNTS},
        "click_rate": results.clickers / results.sent if results.sent else None,
    }


def _columns() -> list[Column]:
    return [
        Column("total", _("Recipients"), Kind.INT),
        Column("sent", _("Sent"), Kind.INT),
        Column("failed", _("Failed"), Kind.INT),
        Column("skipped", _("Skipped"), Kind.INT),
        Column("clicks", _("Clicks"), Kind.INT),
        Column("click_rate", _("Clicked (share of sent)"), Kind.PERCENT),
        Column("orders", _("Orders brought"), Kind.INT),
        Column("revenue", _("Revenue brought"), Kind.RUPIAH, money=True),
        Column("unsubscribes", _("Unsubscribed"), Kind.INT),
    ]


def _figures(now: CampaignResults, count: int, before: CampaignResults | None, before_count) -> list[Figure]:
    def previous(name):
        return getattr(before, name) if before is not None else None

    return [
        Figure("campaigns", _("Campaigns sent"), count, Kind.INT, before_count),
        Figure("sent", _("Mails sent"), now.sent, Kind.INT, previous("sent")),
        Figure("clicks", _("Clicks"), now.clicks, Kind.INT, previous("clicks")),
        Figure("orders", _("Orders brought"), now.orders, Kind.INT, previous("orders")),
        Figure("revenue", _("Revenue brought"), now.revenue, Kind.RUPIAH, previous("revenue"), money=True),
        Figure(
            "unsubscribes",
            _("Unsubscribed"),
            now.unsubscribes,
            Kind.INT,
            previous("unsubscribes"),
            higher_is_better=False,
        ),
    ]


def build(request: ReportRequest) -> ReportPage:
    campaigns = _campaigns_started(request.period)
    total = _total(campaigns)
    before, before_count = None, None
    if request.compare:
        earlier = _campaigns_started(request.previous)
        before, before_count = _total(earlier), len(earlier)
    rows = [_row(campaign) for campaign in campaigns]
    total_row = {"name": _("Total"), **{name: getattr(total, name) for name in COUNTS}}
    table = Table(
        "campaigns",
        _("Campaigns sent in the period"),
        [
            Column("name", _("Campaign"), link="url"),
            Column("started", _("Sending started"), Kind.DATE),
            Column("status", _("Status")),
            *_columns(),
        ],
        rows,
        total_row,
        note=_(
            "Orders brought: paid within 7 days after a click on the campaign's mail, or with its voucher; "
            "counted up to today, also after the period."
        ),
    )
    automations = _with_results(list(Campaign.objects.filter(kind=CampaignKind.AUTOMATION).order_by("name")))
    automation_table = Table(
        "automations",
        _("Automations, since they were switched on"),
        [Column("name", _("Automation"), link="url"), *_columns()],
        [_row(campaign) for campaign in automations],
        note=_("Automations send all the time: their figures are since each was first switched on."),
    )
    chart = Chart(
        "campaigns",
        _("Revenue brought per campaign"),
        "bar",
        [row["name"] for row in rows[-15:]],
        [{"label": _("Revenue brought"), "data": [row["revenue"] for row in rows[-15:]]}],
        horizontal=True,
        money=True,
    )
    return ReportPage(
        figures=_figures(total, len(campaigns), before, before_count),
        charts=[chart],
        tables=[table, automation_table],
    )


CAMPAIGN_REPORT = register(
    Report(
        key="kampanye",
        title=gettext_lazy("Campaigns"),
        description=gettext_lazy(
            "E-mail campaigns and automations: mails sent, clicks, orders and revenue they brought, "
            "unsubscribes."
        ),
        build=build,
        permission=MONEY_PERMISSION,
        order=70,
        icon="bi-envelope-paper-heart",
    )
)
