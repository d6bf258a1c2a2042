"""A stock count expects on the shelf the stock plus the units of online orders placed and not yet shipped."""

import pytest

from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.inventory.selectors import count_summary
from pasarmurah.inventory.services import stock_count_line_record, stock_count_start
from pasarmurah.orders.models import OrderStatus
from pasarmurah.orders.services import order_cancel

pytestmark = pytest.mark.django_db


def _count_line(order, staff):
    product_id = order.lines.get().product_id
    count = stock_count_start(scope="selection", product_ids=[product_id], by=staff)
    return count, count.lines.get()


def test_units_of_an_unshipped_order_are_expected_on_the_shelf(order):
    staff = StaffFactory()
    count, line = _count_line(order, staff)
    # 5 in the shop, the order took 1 from the stock but it is still on the shelf: 5 counted is no difference
    line = stock_count_line_record(line=line, counted=5, by=staff)
    assert (line.stock_at_count, line.held_at_count, line.difference) == (4, 1, 0)
    line = stock_count_line_record(line=line, counted=4, by=staff)
    assert line.difference == -1
    assert count_summary(count=count)["units"] == -1


def test_a_cancelled_order_gives_its_units_back_to_the_stock_not_twice_to_the_shelf(order):
    staff = StaffFactory()
    order_cancel(order=order, by=staff, reason="test")
    count, line = _count_line(order, staff)
    line = stock_count_line_record(line=line, counted=5, by=staff)
    assert (line.stock_at_count, line.held_at_count, line.difference) == (5, 0, 0)


def test_a_shipped_order_has_left_the_shelf(order):
    staff = StaffFactory()
    order.status = OrderStatus.SHIPPED
    order.save(update_fields=["status"])
    count, line = _count_line(order, staff)
    line = stock_count_line_record(line=line, counted=4, by=staff)
    assert (line.stock_at_count, line.held_at_count, line.difference) == (4, 0, 0)
