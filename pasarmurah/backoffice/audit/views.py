"""The Owner's audit log: every staff (and system) write, searched by person, object, kind and date."""

from django.shortcuts import render

from pasarmurah.audit.selectors import audit_entries
from pasarmurah.backoffice.audit.forms import AuditFilterForm
from pasarmurah.backoffice.navigation import area_required
from pasarmurah.core.paging import page_of

PAGE_SIZE = 50


@area_required("audit")
def log(request):
    form = AuditFilterForm(request.GET or None)
    page = page_of(
        audit_entries(**form.filters()) if form.is_bound else audit_entries(),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "filter_query": query.urlencode()}
    return render(request, "backoffice/audit/log.html", context, status=400 if form.errors else 200)
