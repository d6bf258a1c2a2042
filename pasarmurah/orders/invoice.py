"""The invoice (nota) of an order: the facts it shows, and its PDF.

The HTML page and the PDF read the same `invoice_facts()`, so they can never disagree. fpdf2 draws the PDF in
pure Python (no system libraries), with the core Helvetica font: text is reduced to Latin-1.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from pasarmurah.core.money import format_rupiah
from pasarmurah.core.phones import format_phone_national
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.store.selectors import store_profile

PAGE_SIZES_MM = {"A4": (210, 297), "A5": (148, 210)}
PAID_STATES = {OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.COMPLETED}


@dataclass(frozen=True)
class InvoiceFacts:
    order: Order
    is_paid: bool
    payment_state: str


def invoice_facts(order: Order) -> InvoiceFacts:
    is_paid = order.status in PAID_STATES
    if is_paid:
        state = _("Paid in full")
    elif order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
        state = order.get_status_display()
    else:
        state = _("Not paid yet")
    return InvoiceFacts(order=order, is_paid=is_paid, payment_state=state)


def _latin1(text: str) -> str:
    return str(text).replace("–", "-").replace("—", "-").encode("latin-1", "replace").decode("latin-1")


class _InvoicePDF(FPDF):
    def cell_text(self, w, h, text, **kwargs):
        self.cell(w, h, _latin1(text), **kwargs)

    def multi_text(self, w, h, text, **kwargs):
        self.multi_cell(w, h, _latin1(text), **kwargs)


def invoice_pdf(order: Order, *, page_format: str = "A4") -> bytes:
    """The nota as a PDF (A4 or A5), with a LUNAS stamp once paid."""
    facts = invoice_facts(order)
    store = store_profile()
    pdf = _InvoicePDF(format=PAGE_SIZES_MM[page_format])
    pdf.set_title(_latin1(f"Nota {order.number}"))
    pdf.set_author(_latin1(store.name))
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell_text(width, 8, store.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    contact = " · ".join(
        p
        for p in [store.phone_display, f"WA {store.whatsapp_display}" if store.whatsapp else "", store.email]
        if p
    )
    pdf.multi_text(width, 4.5, f"{store.address}, {store.city}\n{contact}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell_text(width, 7, f"{_('Invoice')} {order.number}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    placed = timezone.localtime(order.created_at)
    pdf.cell_text(
        width,
        5,
        f"{_('Date')}: {placed:%d-%m-%Y %H:%M} WIB · {_('Status')}: {order.get_status_display()}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    member = order.member
    pdf.multi_text(
        width,
        4.5,
        f"{_('Member')}: {member.full_name} <{member.email}>\n"
        f"{_('Ship to')}: {order.recipient_name}, {format_phone_national(order.phone)}\n"
        f"{order.street}, {order.city}, "
        f"{order.get_province_display()} {order.postal_code}\n{_('Courier')}: {order.courier_name}"
        + (f" · {_('Tracking number')}: {order.tracking_number}" if order.tracking_number else ""),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    columns = [
        (width * 0.52, _("Product"), "L"),
        (width * 0.1, _("Qty"), "R"),
        (width * 0.19, _("Price"), "R"),
        (width * 0.19, _("Amount"), "R"),
    ]
    pdf.set_font("Helvetica", "B", 9)
    for w, title, align in columns:
        pdf.cell_text(w, 6, title, border="B", align=align)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for line in order.lines.all():
        values = [
            f"{line.product_name} ({line.sku})",
            str(line.quantity),
            format_rupiah(line.unit_price),
            format_rupiah(line.line_total),
        ]
        for (w, _title, align), value in zip(columns, values, strict=True):
            pdf.cell_text(w, 6, value[:70], align=align)
        pdf.ln()
    pdf.ln(2)
    rows = [(_("Subtotal"), order.subtotal)]
    rows += [(discount.label, -discount.amount) for discount in order.discounts.all()]
    rows += [(_("Shipping"), order.shipping_cost), (_("Total"), order.total)]
    for label, amount in rows:
        bold = label == _("Total")
        pdf.set_font("Helvetica", "B" if bold else "", 10 if bold else 9)
        pdf.cell_text(width * 0.81, 6, label, align="R")
        pdf.cell_text(width * 0.19, 6, format_rupiah(amount), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell_text(width, 6, f"{_('Payment')}: {facts.payment_state}", new_x="LMARGIN", new_y="NEXT")
    if facts.is_paid:
        _stamp(pdf)
    return bytes(pdf.output())


def _stamp(pdf: FPDF) -> None:
    """A red LUNAS stamp, turned a little, as on the shop's paper nota."""
    x, y = pdf.w - pdf.r_margin - 62, 18
    with pdf.rotation(angle=12, x=x + 30, y=y + 11):
        pdf.set_draw_color(200, 30, 30)
        pdf.set_text_color(200, 30, 30)
        pdf.set_line_width(1.2)
        pdf.rect(x, y, 60, 22)
        pdf.set_font("Helvetica", "B", 26)
        pdf.set_xy(x, y + 2)
        pdf.cell(60, 18, "LUNAS", align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
