"""The invoice (nota) of an order: the facts it shows, and its PDF.

The HTML page and the PDF read the same `invoice_facts()`, so they can never disagree. fpdf2 draws the PDF in
pure Python (no system libraries) with the Unicode fonts the project ships (core.pdf), so any name prints.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.core.money import format_rupiah
from pasarmurah.core.pdf import FONT, ShopPDF
from pasarmurah.core.phones import format_phone_national
from pasarmurah.orders.models import Order, OrderChannel, OrderStatus
from pasarmurah.store.selectors import store_profile

PAGE_SIZES_MM = {"A4": (210, 297), "A5": (148, 210)}
PAID_STATES = {OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.COMPLETED}


@dataclass(frozen=True)
class InvoiceFacts:
    order: Order
    is_paid: bool
    payment_state: str
    is_counter: bool = False  # bought at the shop's counter: no delivery, paid on the spot
    payment_method: str = ""
    payment_reference: str = ""


def invoice_facts(order: Order) -> InvoiceFacts:
    is_paid = order.status in PAID_STATES
    if is_paid:
        state = _("Paid in full")
    elif order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
        state = order.get_status_display()
    else:
        state = _("Not paid yet")
    if order.channel != OrderChannel.COUNTER:
        return InvoiceFacts(order=order, is_paid=is_paid, payment_state=state)
    payment = getattr(order, "counter_payment", None)
    return InvoiceFacts(
        order=order,
        is_paid=is_paid,
        payment_state=state,
        is_counter=True,
        payment_method=payment.get_method_display() if payment else "",
        payment_reference=payment.reference if payment else "",
    )


def invoice_pdf(order: Order, *, page_format: str = "A4", copies: tuple[str, ...] = ("",)) -> bytes:
    """The nota as a PDF (A4 or A5), with a LUNAS stamp once paid; every word in the member's language.

    Each entry of `copies` is one copy on its own page, headed by its label ("Shop copy"; "" for none).
    """
    facts = invoice_facts(order)
    store = store_profile()
    pdf = ShopPDF(format=PAGE_SIZES_MM[page_format])
    pdf.set_title(f"{_('Invoice')} {order.number}")
    pdf.set_author(store.name)
    pdf.set_auto_page_break(auto=True, margin=12)
    for copy_label in copies:
        _invoice_page(pdf, facts, store, copy_label)
    return bytes(pdf.output())


def _invoice_page(pdf: ShopPDF, facts: InvoiceFacts, store, copy_label: str) -> None:
    order = facts.order
    pdf.add_page()
    width = pdf.epw
    if copy_label:
        pdf.set_font(FONT, "B", 8)
        pdf.cell(width, 4, copy_label.upper(), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 15)
    pdf.cell(width, 8, store.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    whatsapp = f"WA {store.whatsapp_display}" if store.whatsapp else ""
    contact = " · ".join(part for part in [store.phone_display, whatsapp, store.email] if part)
    pdf.multi_cell(width, 4.5, f"{store.address}, {store.city}\n{contact}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 12)
    invoice_label = _("Invoice")
    pdf.cell(width, 7, f"{invoice_label} {order.number}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    placed = timezone.localtime(order.created_at)
    # Labels are translated outside the f-strings: makemessages does not see _() inside an f-string.
    labels = {
        "date": _("Date"),
        "status": _("Status"),
        "member": _("Member"),
        "ship_to": _("Ship to"),
        "courier": _("Courier"),
        "resi": _("Tracking number"),
        "payment": _("Payment"),
        "counter": _("Bought at the shop"),
    }
    pdf.cell(
        width,
        5,
        f"{labels['date']}: {placed:%d-%m-%Y %H:%M} WIB · {labels['status']}: {order.get_status_display()}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    member = order.member
    buyer = f"{member.full_name} <{member.email}>" if member else _("Walk-in customer")
    if facts.is_counter:
        paid_with = facts.payment_method
        if facts.payment_reference:
            paid_with += f" · {facts.payment_reference}"
        where = f"{labels['counter']}: {paid_with}"
    else:
        delivery = f"{labels['courier']}: {order.courier_name}"
        if order.tracking_number:
            delivery += f" · {labels['resi']}: {order.tracking_number}"
        where = (
            f"{labels['ship_to']}: {order.recipient_name}, {format_phone_national(order.phone)}\n"
            f"{order.street}, {order.city}, "
            f"{order.get_province_display()} {order.postal_code}\n{delivery}"
        )
    pdf.multi_cell(width, 4.5, f"{labels['member']}: {buyer}\n{where}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    columns = [
        (width * 0.52, _("Product"), "L"),
        (width * 0.1, _("Qty"), "R"),
        (width * 0.19, _("Price"), "R"),
        (width * 0.19, _("Amount"), "R"),
    ]
    pdf.set_font(FONT, "B", 9)
    for w, title, align in columns:
        pdf.cell(w, 6, title, border="B", align=align)
    pdf.ln()
    pdf.set_font(FONT, "", 9)
    for line in order.lines.all():
        values = [
            f"{line.product_name} ({line.sku})",
            str(line.quantity),
            format_rupiah(line.unit_price),
            format_rupiah(line.line_total),
        ]
        for (w, _title, align), value in zip(columns, values, strict=True):
            pdf.cell(w, 6, value[:70], align=align)
        pdf.ln()
    pdf.ln(2)
    total_label = _("Total")
    rows = [(_("Subtotal"), order.subtotal, False)]
    rows += [(discount.label, -discount.amount, False) for discount in order.discounts.all()]
    if not facts.is_counter:
        rows.append((_("Shipping"), order.shipping_cost, False))
    rows.append((total_label, order.total, True))
    for label, amount, bold in rows:
        pdf.set_font(FONT, "B" if bold else "", 10 if bold else 9)
        pdf.cell(width * 0.81, 6, label, align="R")
        pdf.cell(width * 0.19, 6, format_rupiah(amount), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(width, 6, f"{labels['payment']}: {facts.payment_state}", new_x="LMARGIN", new_y="NEXT")
    if facts.is_paid:
        _stamp(pdf)


STAMP_W, STAMP_H = 60, 22


def _stamp(pdf: ShopPDF) -> None:
    """A red LUNAS stamp, turned a little, as on the shop's paper nota: below the payment line, at the right,
    where it covers no text."""
    if pdf.get_y() + STAMP_H + 12 > pdf.h - pdf.b_margin:
        pdf.add_page()
    x, y = pdf.w - pdf.r_margin - STAMP_W - 4, pdf.get_y() + 6
    with pdf.rotation(angle=12, x=x + STAMP_W / 2, y=y + STAMP_H / 2):
        pdf.set_draw_color(200, 30, 30)
        pdf.set_text_color(200, 30, 30)
        pdf.set_line_width(1.2)
        pdf.rect(x, y, STAMP_W, STAMP_H)
        pdf.set_font(FONT, "B", 26)
        pdf.set_xy(x, y + 2)
        pdf.cell(STAMP_W, 18, "LUNAS", align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
