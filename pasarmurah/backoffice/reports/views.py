"""The reports area (/staf/laporan/): the landing page with the Owner's headline figures, every registered
report through one view, its CSV/XLSX downloads and the monthly PDF pack. The reports themselves are defined
in the reports domain (pasarmurah/reports/); these views only check who may see what."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pasarmurah.backoffice.navigation import area_required
from pasarmurah.reports import exports, frame
from pasarmurah.reports.pack import report_pack_pdf
from pasarmurah.reports.selectors import headline_figures


def _request_for(request, report: frame.Report):
    form = report.form_class(request.GET or None)
    if request.GET and not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        for name, errors in form.errors.items():
            if name != "__all__":
                messages.error(request, f"{form.fields[name].label}: {' '.join(errors)}")
    period = form.period()
    report_request = frame.ReportRequest(
        period=period,
        grain=form.grain(period),
        filters=form.filters(),
        may_see_money=frame.may_see_money(request.user),
    )
    return form, report_request


def _report_or_404(request, key: str) -> frame.Report:
    report = frame.report_get(key)
    if report is None:
        raise Http404
    if not report.allowed(request.user):
        raise PermissionDenied
    return report


@area_required("reports")
def landing(request):
    money = frame.may_see_money(request.user)
    context = {"reports": frame.reports_for(request.user), "may_see_money": money}
    if money:
        context["headline"] = headline_figures()
    return render(request, "backoffice/reports/landing.html", context)


@area_required("reports")
def report(request, key: str):
    definition = _report_or_404(request, key)
    form, report_request = _request_for(request, definition)
    page = definition.build(report_request).visible(report_request.may_see_money)
    query = request.GET.copy()
    return render(
        request,
        "backoffice/reports/report.html",
        {
            "report": definition,
            "form": form,
            "period": report_request.period,
            "previous": report_request.previous,
            "page": page,
            "charts": [(chart, f"chart-{chart.key}") for chart in page.charts],
            "query": query.urlencode(),
        },
    )


@area_required("reports")
def download(request, key: str, fmt: str):
    definition = _report_or_404(request, key)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, report_request = _request_for(request, definition)
    page = definition.build(report_request).visible(report_request.may_see_money)
    period = report_request.period
    stem = f"laporan-{definition.key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if fmt == "xlsx":
        return exports.xlsx_download(
            filename=f"{stem}.xlsx", page=page, title=str(definition.title), period_label=period.label
        )
    table = page.table(request.GET.get("tabel", "")) or (page.tables[0] if page.tables else None)
    if table is None:
        raise Http404
    return exports.csv_download(filename=f"{stem}-{table.key}.csv", table=table)


def _month_asked(value: str) -> tuple[int, int] | None:
    try:
        moment = datetime.datetime.strptime(value, "%Y-%m")  # noqa: DTZ007 - a month, not a moment
    except ValueError:
        return None
    return moment.year, moment.month


@area_required("reports")
def pack(request):
    """The monthly report pack (PDF) of `?bulan=YYYY-MM`, last month by default: the Owner's."""
    if not frame.may_see_money(request.user):
        raise PermissionDenied
    asked = _month_asked(request.GET.get("bulan", ""))
    if asked is None:
        last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        asked = (last.year, last.month)
    year, month = asked
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    content = report_pack_pdf(year=year, month=month, user=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="paket-laporan-{year}-{month:02d}.pdf"'
    return response
