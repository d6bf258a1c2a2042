"""Staff screens for stock: low stock, a product's ledger and adjustments, stock opname (count, approve)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasarmurah.backoffice.inventory.forms import (
    AdjustForm,
    CountLineForm,
    CountStartForm,
    LedgerFilterForm,
    SearchForm,
)
from pasarmurah.backoffice.navigation import area_required
from pasarmurah.catalog.models import Product
from pasarmurah.inventory import selectors, services
from pasarmurah.inventory.models import CountStatus, StockCount, StockCountLine

PAGE_SIZE = 50


def _sees_cost(user) -> bool:
    return user.has_perm("inventory.view_cost_price")


@area_required("inventory")
def low_stock(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["cari"] if form.is_valid() else ""
    if query:
        found = list(selectors.product_find(query=query)[:2])
        if len(found) == 1:
            return redirect("backoffice:inventory:ledger", pk=found[0].pk)
    page = Paginator(selectors.low_stock_products(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/inventory/low_stock.html",
        {
            "page": page,
            "query": query,
            "matches": selectors.product_find(query=query).order_by("name")[:30] if query else [],
        },
    )


def _ledger(request, product, adjust_form, *, status=200):
    filters = LedgerFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.product_ledger(
        product=product,
        reason=data.get("reason", ""),
        date_from=data.get("dari"),
        date_to=data.get("sampai"),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "product": product,
        "page": page,
        "filters": filters,
        "filter_query": query.urlencode(),
        "adjust_form": adjust_form,
        "can_adjust": request.user.has_perm("inventory.adjust_stock"),
        "sees_cost": _sees_cost(request.user),
        "minimum": product.min_stock if product.min_stock is not None else product.category.min_stock_default,
    }
    return render(request, "backoffice/inventory/ledger.html", context, status=status)


@area_required("inventory")
def product_ledger(request, pk):
    product = get_object_or_404(Product.objects.select_related("category"), pk=pk)
    return _ledger(request, product, AdjustForm())


@login_required
@permission_required("inventory.adjust_stock", raise_exception=True)
@require_POST
def product_adjust(request, pk):
    product = get_object_or_404(Product.objects.select_related("category"), pk=pk)
    form = AdjustForm(request.POST)
    if form.is_valid():
        try:
            services.stock_adjust(
                product_id=product.pk,
                quantity=form.cleaned_data["quantity"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except services.StockError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The stock has been adjusted and the change logged."))
            return redirect("backoffice:inventory:ledger", pk=product.pk)
    product.refresh_from_db()
    return _ledger(request, product, form, status=400)


def _counts(request, form, *, status=200):
    page = Paginator(selectors.stock_counts(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/inventory/counts.html", {"page": page, "form": form}, status=status)


@area_required("inventory")
def count_list(request):
    return _counts(request, CountStartForm())


@login_required
@permission_required("inventory.add_stockcount", raise_exception=True)
@require_POST
def count_start(request):
    form = CountStartForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            count = services.stock_count_start(
                scope=data["scope"],
                category=data.get("category"),
                product_ids=data.get("product_ids"),
                note=data.get("note", ""),
                by=request.user,
            )
        except services.CountError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Count %(label)s started.") % {"label": count.label})
            return redirect(count)
    return _counts(request, form, status=400)


def _count(pk) -> StockCount:
    return get_object_or_404(StockCount.objects.select_related("category", "started_by"), pk=pk)


def _sheet(request, count, *, errors=None, status=200):
    form = SearchForm(request.GET)
    query = form.cleaned_data["cari"] if form.is_valid() else ""
    lines = selectors.count_lines(count=count, query=query)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "count": count,
        "page": page,
        "query": query,
        "summary": selectors.count_summary(count=count),
        "is_open": count.status == CountStatus.OPEN,
        "can_count": request.user.has_perm("inventory.change_stockcount"),
        "can_approve": request.user.has_perm("inventory.approve_stockcount"),
        "sees_cost": _sees_cost(request.user),
        "errors": errors or {},
        "single": query and page.paginator.count == 1,
    }
    return render(request, "backoffice/inventory/count.html", context, status=status)


@area_required("inventory")
def count_sheet(request, pk):
    return _sheet(request, _count(pk))


@area_required("inventory")
def count_print(request, pk):
    count = _count(pk)
    lines = selectors.count_lines(count=count)
    return render(request, "backoffice/inventory/count_print.html", {"count": count, "lines": lines})


@login_required
@permission_required("inventory.change_stockcount", raise_exception=True)
@require_POST
def count_line_record(request, pk, line):
    count = _count(pk)
    row = get_object_or_404(StockCountLine.objects.select_related("product"), pk=line, count=count)
    form = CountLineForm(request.POST)
    back = reverse("backoffice:inventory:count", args=[count.pk])
    if form.is_valid():
        try:
            services.stock_count_line_record(line=row, counted=form.cleaned_data["counted"], by=request.user)
        except services.CountError as refused:
            messages.error(request, str(refused))
            return redirect(back)
        messages.success(
            request,
            _("%(name)s: %(counted)d counted.")
            % {"name": row.product.name, "counted": form.cleaned_data["counted"]},
        )
        return redirect(back)
    errors = {row.pk: form.errors["counted"][0]}
    return _sheet(request, count, errors=errors, status=400)


def _count_step(request, pk, step, done_message):
    count = _count(pk)
    try:
        step(count=count, by=request.user)
    except (services.CountError, services.StockError) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done_message % {"label": count.label})
    return redirect(count)


@login_required
@permission_required("inventory.change_stockcount", raise_exception=True)
@require_POST
def count_submit(request, pk):
    return _count_step(request, pk, services.stock_count_submit, _("Count %(label)s submitted for approval."))


@login_required
@permission_required("inventory.approve_stockcount", raise_exception=True)
@require_POST
def count_approve(request, pk):
    return _count_step(
        request, pk, services.stock_count_approve, _("Count %(label)s approved: the differences are posted.")
    )


@login_required
@permission_required("inventory.change_stockcount", raise_exception=True)
@require_POST
def count_cancel(request, pk):
    """Counters cancel an open count; once submitted, only whoever may approve it may cancel it."""
    if _count(pk).status == CountStatus.SUBMITTED and not request.user.has_perm(
        "inventory.approve_stockcount"
    ):
        messages.error(request, _("Only the Owner may cancel a submitted count."))
        return redirect("backoffice:inventory:count", pk=pk)
    return _count_step(request, pk, services.stock_count_cancel, _("Count %(label)s cancelled."))
