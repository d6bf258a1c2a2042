"""The birthday discount and vouchers: what an order may get, and taking/giving back their use.

Reads decide the offer (`birthday_offer`, `voucher_offer`, `order_discounts`); `discounts_redeem` runs inside
order_place()'s transaction and holds the limits with the database (a unique row per member and birthday year,
a locked voucher row with a CHECK on its use count); orders writes its own discount rows from the same offers.
`discounts_release` gives the uses back when an order is cancelled or expires.
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.accounts.models import User
from pasarmurah.core.cache import member_values, member_values_changed
from pasarmurah.core.money import format_rupiah
from pasarmurah.promotions.birthday import Window, percent_discount, window_containing
from pasarmurah.promotions.models import (
    BirthdayGreeting,
    BirthdayProgramme,
    BirthdayRedemption,
    Voucher,
    VoucherRedemption,
)
from pasarmurah.promotions.selectors import birthday_programme

BIRTHDAY, VOUCHER = "birthday", "voucher"


class DiscountError(Exception):
    """A discount cannot be used; the message says why, for the member."""


@dataclass(frozen=True)
class DiscountOffer:
    kind: str
    label: str
    amount: int
    voucher: Voucher | None = None
    year: int | None = None


def _window_rules(programme: BirthdayProgramme) -> dict:
    return {
        "mode": programme.window_mode,
        "days_before": programme.days_before,
        "days_after": programme.days_after,
    }


def birthday_window(
    member, *, today: datetime.date | None = None, programme=None, redeemed_years=None
) -> Window | None:
    """The birthday window the member is in today and still entitled to (ignoring the cart), else None.

    `redeemed_years()` may give the years of the member's birthday discounts (the banner passes its cached
    copy, see birthday_redeemed_years); otherwise the database is asked."""
    programme = programme or birthday_programme()
    if not programme.is_active or member.is_staff or not member.birth_date:
        return None
    today = today or timezone.localdate()
    window = window_containing(today, member.birth_date, **_window_rules(programme))
    if window is None:
        return None
    joined = timezone.localdate(member.date_joined)
    if joined > window.starts - datetime.timedelta(days=programme.min_membership_days):
        return None  # too young an account when the window opened: no "birthday today" sign-ups
    if redeemed_years is not None:
        if window.year in redeemed_years():
            return None
    elif BirthdayRedemption.objects.filter(member=member, year=window.year).exists():
        return None
    return window


def birthday_redeemed_years(*, member) -> frozenset[int]:
    """The years in which the member's birthday discount is taken (by an order not cancelled)."""
    return frozenset(BirthdayRedemption.objects.filter(member=member).values_list("year", flat=True))


def birthday_redeemed_years_cached(request) -> Callable[[], frozenset[int]]:
    """The signed-in member's birthday_redeemed_years from its cached values (core.cache.member_values,
    renewed when a redemption is taken or given back, and after its commit), asked only when needed: what
    pages pass as `redeemed_years`. Placing an order never uses it (the unique row decides there)."""
    member = request.user

    def years() -> frozenset[int]:
        return member_values(request).get("birthday_years", lambda: birthday_redeemed_years(member=member))

    return years


def birthday_offer(
    member, *, subtotal: int, today=None, programme=None, redeemed_years=None
) -> DiscountOffer | None:
    programme = programme or birthday_programme()
    window = birthday_window(member, today=today, programme=programme, redeemed_years=redeemed_years)
    if window is None or subtotal < programme.min_purchase:
        return None
    amount = percent_discount(subtotal, percent=programme.percent, cap=programme.max_discount)
    if amount <= 0:
        return None
    label = _("Birthday discount %(percent)d%%") % {"percent": programme.percent}
    return DiscountOffer(BIRTHDAY, label, amount, year=window.year)


def birthday_discount_note(*, member, summary, discounts, today=None, redeemed_years=None) -> str | None:
    """Why a member inside its birthday window gets no birthday discount on this cart, for the cart and
    checkout pages; None when the discount applies, or when it is not the member's birthday time.

    With `redeemed_years` (see birthday_redeemed_years_cached) the database is asked for the order that used
    the discount only when the year is among them."""
    if any(discount.kind == BIRTHDAY for discount in discounts):
        return None
    programme = birthday_programme()
    if not programme.is_active or member.is_staff or not member.birth_date:
        return None
    today = today or timezone.localdate()
    window = window_containing(today, member.birth_date, **_window_rules(programme))
    if window is None:
        return None
    used = None
    if redeemed_years is None or window.year in redeemed_years():
        used = BirthdayRedemption.objects.filter(member=member, year=window.year).select_related("order")
        used = used.first()
    if used is not None:
        return _("You already used this year's birthday discount on order %(number)s.") % {
            "number": used.order.number
        }
    joined = timezone.localdate(member.date_joined)
    if joined > window.starts - datetime.timedelta(days=programme.min_membership_days):
        return _(
            "The birthday discount needs a membership of at least %(days)d days when the birthday period "
            "starts; your account is too new this year."
        ) % {"days": programme.min_membership_days}
    if summary.subtotal < programme.min_purchase:
        return _(
            "Your birthday discount of %(percent)d%% applies from a purchase of %(minimum)s: "
            "add %(missing)s more to get it."
        ) % {
            "percent": programme.percent,
            "minimum": format_rupiah(programme.min_purchase),
            "missing": format_rupiah(programme.min_purchase - summary.subtotal),
        }
    if any(discount.kind == VOUCHER for discount in discounts) and not programme.combine_with_voucher:
        return _(
            "Your voucher gives a larger discount than your birthday discount, and the two do not combine: "
            "the voucher applies."
        )
    return None


def _eligible_subtotal(voucher: Voucher, lines) -> int:
    category_ids = set(voucher.categories.values_list("pk", flat=True))
    if not category_ids:
        return sum(line.line_total for line in lines)
    return sum(
        line.line_total
        for line in lines
        if line.product.category_id in category_ids or line.product.category.parent_id in category_ids
    )


def voucher_offer(*, code: str, member, lines, at=None, lock: bool = False) -> DiscountOffer:
    """The discount a voucher code gives these cart lines, or DiscountError saying exactly why not."""
    code = (code or "").strip().upper()[:30]
    vouchers = Voucher.objects.select_for_update() if lock else Voucher.objects
    voucher = vouchers.filter(code=code, is_active=True).first() if code else None
    if voucher is None:
        raise DiscountError(_("Voucher code %(code)s is unknown.") % {"code": code or "—"})
    if voucher.member_id is not None and voucher.member_id != getattr(member, "pk", None):
        raise DiscountError(
            _("Voucher %(code)s is a personal code: sign in with the account it was sent to.")
            % {"code": voucher.code}
        )
    at = at or timezone.now()
    if at < voucher.starts_at:
        raise DiscountError(
            _("Voucher %(code)s is valid from %(date)s.")
            % {"code": voucher.code, "date": timezone.localtime(voucher.starts_at).strftime("%d-%m-%Y %H:%M")}
        )
    if at >= voucher.ends_at:
        raise DiscountError(_("Voucher %(code)s has expired.") % {"code": voucher.code})
    if voucher.total_limit is not None and voucher.used_count >= voucher.total_limit:
        raise DiscountError(_("Voucher %(code)s has been used up.") % {"code": voucher.code})
    used = VoucherRedemption.objects.filter(voucher=voucher, member=member).count()
    if used >= voucher.per_member_limit:
        raise DiscountError(_("You have already used voucher %(code)s.") % {"code": voucher.code})
    eligible = _eligible_subtotal(voucher, lines)
    if eligible <= 0:
        raise DiscountError(_("Voucher %(code)s is not valid for these products.") % {"code": voucher.code})
    if eligible < voucher.min_purchase:
        raise DiscountError(
            _("Voucher %(code)s needs a purchase of at least %(amount)s.")
            % {"code": voucher.code, "amount": format_rupiah(voucher.min_purchase)}
        )
    if voucher.kind == "percent":
        amount = percent_discount(eligible, percent=voucher.value, cap=voucher.max_discount)
    else:
        amount = min(voucher.value, eligible, voucher.max_discount or voucher.value)
    return DiscountOffer(VOUCHER, _("Voucher %(code)s") % {"code": voucher.code}, amount, voucher=voucher)


def order_discounts(
    *, member, summary, voucher_code: str = "", lock: bool = False, today=None, redeemed_years=None
) -> list[DiscountOffer]:
    """The discounts an order gets: the birthday discount, a voucher, or both when the owner allows it
    (otherwise the larger one). Their sum never exceeds the subtotal. Raises DiscountError for a bad code.
    `redeemed_years` as birthday_window() takes it (pages); placing leaves it out (the database decides)."""
    programme = birthday_programme()
    birthday = birthday_offer(
        member, subtotal=summary.subtotal, today=today, programme=programme, redeemed_years=redeemed_years
    )
    voucher = (
        voucher_offer(code=voucher_code, member=member, lines=summary.lines, lock=lock)
        if voucher_code
        else None
    )
    offers = [offer for offer in (birthday, voucher) if offer]
    if len(offers) == 2 and not programme.combine_with_voucher:
        offers = [max(offers, key=lambda offer: (offer.amount, offer.kind == BIRTHDAY))]
    room, fitted = summary.subtotal, []
    for offer in offers:
        amount = min(offer.amount, room)
        if amount > 0:
            fitted.append(DiscountOffer(offer.kind, offer.label, amount, offer.voucher, offer.year))
            room -= amount
    return fitted


def discounts_redeem(*, order, member, offers: list[DiscountOffer]) -> None:
    """Take the discounts' uses for this order (inside order_place's transaction, which writes the order's
    own discount rows from the same offers)."""
    for offer in offers:
        if offer.kind == BIRTHDAY:
            try:
                with transaction.atomic():
                    BirthdayRedemption.objects.create(
                        member=member, year=offer.year, order=order, amount=offer.amount
                    )
                member_values_changed(member.pk)  # the birthday banner
            except IntegrityError as taken:
                raise DiscountError(
                    _("Your birthday discount for this year has already been used.")
                ) from taken
        else:
            voucher = Voucher.objects.select_for_update().get(pk=offer.voucher.pk)
            if voucher.total_limit is not None and voucher.used_count >= voucher.total_limit:
                raise DiscountError(_("Voucher %(code)s has been used up.") % {"code": voucher.code})
            if (
                VoucherRedemption.objects.filter(voucher=voucher, member=member).count()
                >= voucher.per_member_limit
            ):
                raise DiscountError(_("You have already used voucher %(code)s.") % {"code": voucher.code})
            VoucherRedemption.objects.create(voucher=voucher, member=member, order=order, amount=offer.amount)
            Voucher.objects.filter(pk=voucher.pk).update(used_count=F("used_count") + 1)


def discounts_release(*, order) -> None:
    """A cancelled or expired order gives its birthday discount and voucher use back."""
    if BirthdayRedemption.objects.filter(order=order).delete()[0]:
        member_values_changed(order.member_id)
    for redemption in VoucherRedemption.objects.filter(order=order):
        Voucher.objects.filter(pk=redemption.voucher_id).update(used_count=F("used_count") - 1)
        redemption.delete()


def _birthdays_with_window_on(today: datetime.date, programme: BirthdayProgramme) -> set[tuple[int, int]]:
    """The (month, day) birthdays whose window contains `today` (29 February counted as the 28th)."""
    if programme.window_mode == "month":
        return {(today.month, day) for day in range(1, 32)}
    days = set()
    for offset in range(-programme.days_before, programme.days_after + 1):
        birthday = today - datetime.timedelta(days=offset)
        days.add((birthday.month, birthday.day))
        if (birthday.month, birthday.day) == (2, 28) and not calendar.isleap(birthday.year):
            days.add((2, 29))
    return days


def birthday_greetings_send(*, today: datetime.date | None = None) -> int:
    """Greet every member inside its birthday window that has not been greeted for that birthday yet.

    A service message about the member's account (so sent whatever its promotion preference), once per member
    and year: a unique row per (member, year) and the outbox's dedupe key hold even if the job runs twice or
    on two servers at once. Members who missed a day (the job did not run) are greeted the next run.
    """
    from pasarmurah.mail.outbox import email_queue

    programme = BirthdayProgramme.load()
    if not programme.is_active:
        return 0
    today = today or timezone.localdate()
    match = Q()
    for month, day in _birthdays_with_window_on(today, programme):
        match |= Q(birth_date__month=month, birth_date__day=day)
    candidates = User.objects.filter(match, is_active=True, is_staff=False, birth_date__isnull=False)
    greeted = 0
    for member in candidates.iterator(chunk_size=2000):
        window = window_containing(today, member.birth_date, **_window_rules(programme))
        if window is None:
            continue
        joined = timezone.localdate(member.date_joined)
        if joined > window.starts - datetime.timedelta(days=programme.min_membership_days):
            continue
        try:
            with transaction.atomic(durable=True):  # the job commits each greeting with its mail
                BirthdayGreeting.objects.create(member=member, year=window.year, window_ends=window.ends)
                email_queue(
                    to=member.email,
                    kind="birthday_greeting",
                    template="promotions/email/birthday_greeting",
                    context={"member": member, "programme": programme, "window": window},
                    user=member,
                    dedupe_key=f"birthday-greeting:{member.pk}:{window.year}",
                )
        except IntegrityError:
            continue  # greeted already (another run or server got there first)
        greeted += 1
    return greeted


def member_erase_promotions_data(*, user: User) -> None:
    """Privacy erasure step (accounts.services.member_delete): the birthday greetings go (they tell when the
    member's birthday is); birthday and voucher redemptions stay, as their orders' discounts are the books.
    The member's personal codes it never used go too; a used one stays with its redemption."""
    BirthdayGreeting.objects.filter(member=user).delete()
    Voucher.objects.filter(member=user, redemptions__isnull=True).delete()
