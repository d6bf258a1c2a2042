"""RFM rules: scores 1–5 from a buyer's recency, frequency and money, and the named group of an R × FM cell.

Pure functions over plain values, so the rules are tested on their own (Hypothesis) and the service only
feeds them one SQL aggregate per member. Two ways to score:

- **fixed thresholds** (fewer buyers than `SegmentSettings.quintile_min_buyers`, default 100): each list of
  four thresholds is the upper bound of a score; a small shop's few dozen buyers get meaningful scores;
- **quintiles** (from that many buyers on): a buyer's score is 1 + ⌊5 × (buyers strictly worse) / buyers⌋,
  so equal values always share a score (ties never split) and each score holds about a fifth of the buyers.

The group comes from R and FM = ⌈(F + M) / 2⌉ on this grid (rows R 5 → 1, columns FM 1 → 5):

    R 5: Pelanggan Baru  Calon Setia     Calon Setia  Juara             Juara
    R 4: Menjanjikan     Calon Setia     Calon Setia  Pelanggan Setia   Juara
    R 3: Hampir Tertidur Hampir Tertidur Perlu Perhatian Pelanggan Setia Pelanggan Setia
    R 2: Tertidur        Tertidur        Berisiko     Berisiko          Jangan Sampai Hilang
    R 1: Hilang          Hilang          Berisiko     Berisiko          Jangan Sampai Hilang

Members without a paid order are "Belum pernah beli" (scores 0).
"""

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.TextChoices):
    CHAMPIONS = "champions", _("Champions")
    LOYAL = "loyal", _("Loyal customers")
    POTENTIAL = "potential", _("Potential loyalists")
    NEW = "new", _("New customers")
    PROMISING = "promising", _("Promising")
    NEED_ATTENTION = "need_attention", _("Need attention")
    ABOUT_TO_SLEEP = "about_to_sleep", _("About to sleep")
    AT_RISK = "at_risk", _("At risk")
    CANNOT_LOSE = "cannot_lose", _("Cannot lose them")
    HIBERNATING = "hibernating", _("Hibernating")
    LOST = "lost", _("Lost")
    NEVER = "never", _("Never bought")


MEANING = {
    Group.CHAMPIONS: _("Bought recently, often and for a lot: reward them, ask for reviews."),
    Group.LOYAL: _("Buy regularly and spend well: offer new arrivals and loyalty perks."),
    Group.POTENTIAL: _("Recent buyers with a few orders: a second or third purchase makes them loyal."),
    Group.NEW: _("First order very recently: welcome them and help with the product."),
    Group.PROMISING: _("Bought recently but little: show what goes with their purchase."),
    Group.NEED_ATTENTION: _("Average on everything and slowing down: a timely offer keeps them."),
    Group.ABOUT_TO_SLEEP: _("Bought a little a while ago: remind them before they forget the shop."),
    Group.AT_RISK: _("Spent well before but not for a long time: win them back personally."),
    Group.CANNOT_LOSE: _("Once the best customers, gone quiet for long: contact them now."),
    Group.HIBERNATING: _("Little and long ago: include them in general promotions only."),
    Group.LOST: _("Lowest scores, last order long ago: a win-back offer at most."),
    Group.NEVER: _("Member without a paid order yet: a first-purchase offer."),
}

# From best to worst, for "moved up / down" between two runs.
RANK = {
    group: position
    for position, group in enumerate(
        [
            Group.CHAMPIONS,
            Group.LOYAL,
            Group.POTENTIAL,
            Group.NEW,
            Group.PROMISING,
            Group.NEED_ATTENTION,
            Group.CANNOT_LOSE,
            Group.AT_RISK,
            Group.ABOUT_TO_SLEEP,
            Group.HIBERNATING,
            Group.LOST,
            Group.NEVER,
        ]
    )
}
# Groups of buyers who have not bought for long (R 1–2); leaving them for a recent group is "came back".
DORMANT = frozenset({Group.AT_RISK, Group.CANNOT_LOSE, Group.HIBERNATING, Group.LOST})

_G = Group
# GRID[r][fm], r and fm 1–5 (index 0 unused).
GRID = {
    5: {1: _G.NEW, 2: _G.POTENTIAL, 3: _G.POTENTIAL, 4: _G.CHAMPIONS, 5: _G.CHAMPIONS},
    4: {1: _G.PROMISING, 2: _G.POTENTIAL, 3: _G.POTENTIAL, 4: _G.LOYAL, 5: _G.CHAMPIONS},
    3: {1: _G.ABOUT_TO_SLEEP, 2: _G.ABOUT_TO_SLEEP, 3: _G.NEED_ATTENTION, 4: _G.LOYAL, 5: _G.LOYAL},
    2: {1: _G.HIBERNATING, 2: _G.HIBERNATING, 3: _G.AT_RISK, 4: _G.AT_RISK, 5: _G.CANNOT_LOSE},
    1: {1: _G.LOST, 2: _G.LOST, 3: _G.AT_RISK, 4: _G.AT_RISK, 5: _G.CANNOT_LOSE},
}


def group_for(r: int, f: int, m: int) -> Group:
    """The named group of a buyer's scores (all 1–5)."""
    return GRID[r][(f + m + 1) // 2]


@dataclass(frozen=True)
class Thresholds:
    recency_days: tuple[int, int, int, int]  # upper bounds of R 5, 4, 3, 2
    frequency: tuple[int, int, int, int]  # upper bounds of F 1, 2, 3, 4
    monetary: tuple[int, int, int, int]  # upper bounds of M 1, 2, 3, 4

    @classmethod
    def of(cls, settings) -> "Thresholds":
        """The thresholds held by a SegmentSettings row."""
        return cls(
            tuple(getattr(settings, f"recency_days_{i}") for i in range(1, 5)),
            tuple(getattr(settings, f"frequency_{i}") for i in range(1, 5)),
            tuple(getattr(settings, f"monetary_{i}") for i in range(1, 5)),
        )


def fixed_score(value: int, bounds: Sequence[int], *, lower_is_better: bool = False) -> int:
    """1–5 from four ascending upper bounds: up to bounds[0] is the first score, past bounds[3] the last."""
    position = bisect.bisect_left(bounds, value)  # how many bounds lie below the value
    return 5 - position if lower_is_better else position + 1


class QuintileScorer:
    """Scores of one run by quintile: 1 + ⌊5 × (values strictly worse) / n⌋, ties share a score."""

    def __init__(self, values: Sequence[int], *, lower_is_better: bool = False):
        self.sorted = sorted(values)
        self.n = len(self.sorted)
        self.lower_is_better = lower_is_better

    def score(self, value: int) -> int:
        if self.lower_is_better:
            worse = self.n - bisect.bisect_right(self.sorted, value)
        else:
            worse = bisect.bisect_left(self.sorted, value)
        return min(5, 1 + 5 * worse // self.n)


@dataclass(frozen=True)
class Buyer:
    member_id: int
    days_since: int
    orders: int
    spent: int


def score_buyers(
    buyers: Sequence[Buyer], *, thresholds: Thresholds, quintile_min_buyers: int
) -> tuple[str, list[tuple[int, int, int, Group]]]:
    """The method used ("fixed" or "quintile") and (r, f, m, group) of each buyer, in the given order."""
    if len(buyers) >= quintile_min_buyers and buyers:
        method = "quintile"
        recency = QuintileScorer([b.days_since for b in buyers], lower_is_better=True).score
        frequency = QuintileScorer([b.orders for b in buyers]).score
        monetary = QuintileScorer([b.spent for b in buyers]).score
    else:
        method = "fixed"

        def recency(value):
            return fixed_score(value, thresholds.recency_days, lower_is_better=True)

        def frequency(value):
            return fixed_score(value, thresholds.frequency)

        def monetary(value):
            return fixed_score(value, thresholds.monetary)

    scored = []
    for buyer in buyers:
        r, f, m = recency(buyer.days_since), frequency(buyer.orders), monetary(buyer.spent)
        scored.append((r, f, m, group_for(r, f, m)))
    return method, scored
