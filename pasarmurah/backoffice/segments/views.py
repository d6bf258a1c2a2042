"""The segments area: RFM groups with their movement, each group's members, and buying behaviour."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pasarmurah.backoffice.navigation import area_required
from pasarmurah.core.paging import page_of
from pasarmurah.crm import rfm
from pasarmurah.crm.selectors import (
    purchase_behaviour,
    segment_group_members,
    segment_run_before,
    segment_run_latest,
    segment_settings,
    segments_overview,
)
from pasarmurah.crm.services import segments_recompute

MOVE_LABELS = {
    "up": gettext_lazy("Moved up"),
    "down": gettext_lazy("Moved down"),
    "back": gettext_lazy("Came back"),
    "lost": gettext_lazy("Were lost"),
    "new": gettext_lazy("New here"),
}


def _chart(kind: str, labels: list, datasets: list[dict], **options) -> dict:
    """The data a chart needs, handed to static/backoffice/charts.js through json_script."""
    return {"type": kind, "labels": [str(label) for label in labels], "datasets": datasets, **options}


@area_required("segments")
def overview(request):
    run = segment_run_latest()
    context = {
        "run": run,
        "rules": segment_settings(),
        "may_recompute": request.user.has_perm("crm.recompute_segments"),
        "may_configure": request.user.has_perm("crm.change_segmentsettings"),
    }
    if run:
        previous = segment_run_before(run=run)
        rows = segments_overview(run=run, previous=previous)
        moves = list(MOVE_LABELS)
        context |= {
            "rows": rows,
            "previous": previous,
            "move_labels": [str(MOVE_LABELS[kind]) for kind in moves],
            "chart_groups": _chart(
                "bar",
                [row.label for row in rows],
                [{"label": _("Members"), "data": [row.members for row in rows]}],
            ),
            "chart_moves": _chart(
                "bar",
                [row.label for row in rows],
                [
                    {"label": str(MOVE_LABELS[kind]), "data": [row.moves[kind] for row in rows]}
                    for kind in moves
                ],
                stacked=True,
            ),
        }
    return render(request, "backoffice/segments/overview.html", context)


@area_required("segments")
def group_members(request, group: str):
    if group not in rfm.Group.values:
        raise Http404
    run = segment_run_latest()
    if run is None:
        return redirect("backoffice:segments:overview")
    label = rfm.Group(group)
    page = page_of(segment_group_members(run=run, group=group), request.GET.get("page"), per_page=50)
    return render(
        request,
        "backoffice/segments/members.html",
        {
            "run": run,
            "group": group,
            "label": label.label,
            "meaning": rfm.MEANING[label],
            "page": page,
        },
    )


@require_POST
@area_required("segments")
def recompute(request):
    if not request.user.has_perm("crm.recompute_segments"):
        raise PermissionDenied
    run = segments_recompute(by=request.user)
    messages.success(
        request,
        _("Segments recomputed for %(members)d members (%(buyers)d buyers).")
        % {"members": run.members, "buyers": run.buyers},
    )
    return redirect("backoffice:segments:overview")


WEEKDAYS = tuple(
    gettext_lazy(day)
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
)


@area_required("segments")
def behaviour(request):
    facts = purchase_behaviour()
    context = {
        "facts": facts,
        "following": range(1, len(facts.cohorts[0]["retention"]) + 1) if facts.cohorts else [],
        "chart_intervals": _chart(
            "bar",
            [label for label, _count in facts.intervals],
            [{"label": _("Repeat orders"), "data": [count for _label, count in facts.intervals]}],
        ),
        "chart_first": _chart(
            "bar",
            [name for name, _count in facts.first_categories],
            [{"label": _("First orders"), "data": [count for _name, count in facts.first_categories]}],
            horizontal=True,
        ),
        "chart_hours": _chart(
            "bar", [f"{hour:02d}" for hour in range(24)], [{"label": _("Orders"), "data": facts.by_hour}]
        ),
        "chart_weekdays": _chart("bar", list(WEEKDAYS), [{"label": _("Orders"), "data": facts.by_weekday}]),
    }
    return render(request, "backoffice/segments/behaviour.html", context)
