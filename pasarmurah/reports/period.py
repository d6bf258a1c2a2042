"""The period of a report: a range of WIB days, its preset, the previous period to compare with, and its
buckets by day, week or month."""

import calendar
import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Preset:
    TODAY = "hari-ini"
    WEEK = "7-hari"
    THIS_MONTH = "bulan-ini"
    LAST_MONTH = "bulan-lalu"
    THIS_YEAR = "tahun-ini"
    CUSTOM = "kustom"
    CHOICES = [
        (TODAY, _("Today")),
        (WEEK, _("Last 7 days")),
        (THIS_MONTH, _("This month")),
        (LAST_MONTH, _("Last month")),
        (THIS_YEAR, _("This year")),
        (CUSTOM, _("Custom")),
    ]


class Grain:
    DAY = "hari"
    WEEK = "minggu"
    MONTH = "bulan"
    CHOICES = [(DAY, _("Per day")), (WEEK, _("Per week")), (MONTH, _("Per month"))]


MAX_DAYS = 3 * 366  # a longer custom range is refused (the day table would be unreadable anyway)


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _shift_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months away, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Bucket:
    start: datetime.date
    end: datetime.date
    label: str


@dataclass(frozen=True)
class ReportPeriod:
    """An inclusive range of WIB days, named by its preset (or `kustom`)."""

    start: datetime.date
    end: datetime.date
    preset: str = Preset.CUSTOM

    @classmethod
    def from_preset(cls, preset: str, *, today: datetime.date | None = None) -> "ReportPeriod":
        today = today or timezone.localdate()
        if preset == Preset.TODAY:
            return cls(today, today, preset)
        if preset == Preset.WEEK:
            return cls(today - datetime.timedelta(days=6), today, preset)
        if preset == Preset.LAST_MONTH:
            end = _month_start(today) - datetime.timedelta(days=1)
            return cls(_month_start(end), end, preset)
        if preset == Preset.THIS_YEAR:
            return cls(today.replace(month=1, day=1), today, preset)
        return cls(_month_start(today), today, Preset.THIS_MONTH)

    @classmethod
    def month(cls, year: int, month: int) -> "ReportPeriod":
        start = datetime.date(year, month, 1)
        return cls(start, _month_end(start), Preset.CUSTOM)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "ReportPeriod":
        """The period to compare with: the months before for a month or year preset (the same days of them),
        else the same number of days just before."""
        if self.preset in (Preset.THIS_MONTH, Preset.LAST_MONTH):
            start = _shift_months(self.start, -1)
            end = _month_end(start) if self.preset == Preset.LAST_MONTH else _shift_months(self.end, -1)
            return ReportPeriod(start, end, Preset.CUSTOM)
        if self.preset == Preset.THIS_YEAR:
            return ReportPeriod(_shift_months(self.start, -12), _shift_months(self.end, -12), Preset.CUSTOM)
        length = datetime.timedelta(days=self.days)
        return ReportPeriod(self.start - length, self.end - length, Preset.CUSTOM)

    def buckets(self, grain: str) -> list[Bucket]:
        """The period cut into days, ISO weeks (Monday first) or calendar months, clipped to the period."""
        buckets = []
        cursor = self.start
        while cursor <= self.end:
            if grain == Grain.MONTH:
                end = min(_month_end(cursor), self.end)
                label = f"{cursor:%m/%Y}"
            elif grain == Grain.WEEK:
                end = min(cursor + datetime.timedelta(days=6 - cursor.weekday()), self.end)
                label = f"{cursor:%d/%m}–{end:%d/%m/%Y}"
            else:
                end = cursor
                label = f"{cursor:%d/%m/%Y}"
            buckets.append(Bucket(cursor, end, label))
            cursor = end + datetime.timedelta(days=1)
        return buckets

    def bucket_start(self, day: datetime.date, grain: str) -> datetime.date:
        """The first day of the bucket a day falls in."""
        if grain == Grain.MONTH:
            return max(_month_start(day), self.start)
        if grain == Grain.WEEK:
            return max(day - datetime.timedelta(days=day.weekday()), self.start)
        return day

    @property
    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start:%d/%m/%Y}"
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def as_query(self) -> dict[str, str]:
        if self.preset != Preset.CUSTOM:
            return {"periode": self.preset}
        return {"periode": Preset.CUSTOM, "dari": self.start.isoformat(), "sampai": self.end.isoformat()}


class PeriodForm(forms.Form):
    """The GET form every report shares: the period (preset or from/to) and the grain of the time tables.
    A report adds its own filters by subclassing it. Bad input falls back to the defaults, with a message."""

    periode = forms.ChoiceField(label=_("Period"), choices=Preset.CHOICES, required=False)
    dari = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sampai = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    per = forms.ChoiceField(label=_("Group by"), choices=Grain.CHOICES, required=False)

    def clean(self):
        data = super().clean()
        if data.get("periode") == Preset.CUSTOM:
            start, end = data.get("dari"), data.get("sampai")
            if not start or not end:
                raise forms.ValidationError(_("Choose both dates of a custom period."))
            if start > end:
                raise forms.ValidationError(_("The start date is after the end date."))
            if (end - start).days + 1 > MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of at most three years."))
        return data

    def period(self, *, today: datetime.date | None = None) -> ReportPeriod:
        data = self.cleaned_data if self.is_valid() else {}
        preset = data.get("periode") or Preset.THIS_MONTH
        if preset == Preset.CUSTOM:
            return ReportPeriod(data["dari"], data["sampai"], Preset.CUSTOM)
        return ReportPeriod.from_preset(preset, today=today)

    def grain(self, period: ReportPeriod) -> str:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("per"):
            return data["per"]
        if period.days > 92:
            return Grain.MONTH
        return Grain.DAY

    def filters(self) -> dict:
        """The report's own filters (the fields beyond the period's), cleaned; empty when the form is bad."""
        if not self.is_valid():
            return {}
        own = set(PeriodForm.base_fields)
        return {name: value for name, value in self.cleaned_data.items() if name not in own and value}
