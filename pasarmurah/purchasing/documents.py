"""The papers of purchasing: price-list request and purchase order (PDF and e-mail), the journal PDF."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.core.money import format_rupiah
from pasarmurah.core.pdf import FONT, ShopPDF
from pasarmurah.mail.outbox import email_queue
from pasarmurah.purchasing.models import PriceListRequest, PurchaseOrder, PurchaseOrderLine
from pasarmurah.purchasing.selectors import purchase_journal
from pasarmurah.store.selectors import store_profile


def _header(pdf: ShopPDF, title: str, number: str, supplier, when) -> None:
    store = store_profile()
    width = pdf.epw
    pdf.set_font(FONT, "B", 15)
    pdf.cell(width, 8, store.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    contact = " · ".join(part for part in [store.phone_display, store.email] if part)
    pdf.multi_cell(width, 4.5, f"{store.address}, {store.city}\n{contact}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(width, 7, f"{title} {number}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    date_label = _("Date")
    to_label = _("To")
    pdf.cell(width, 5, f"{date_label}: {timezone.localtime(when):%d-%m-%Y}", new_x="LMARGIN", new_y="NEXT")
    lines = [supplier.name, supplier.contact_person, supplier.address, supplier.phone, supplier.email]
    pdf.multi_cell(
        width, 4.5, f"{to_label}: " + "\n".join(part for part in lines if part), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(3)


def _row(pdf: ShopPDF, cells: list[tuple[str, float, str]], *, bold: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", 9)
    for text, share, align in cells:
        pdf.cell(pdf.epw * share, 6, text, border="B", align=align)
    pdf.ln(6)


def price_request_pdf(request: PriceListRequest) -> bytes:
    """Surat permintaan daftar harga: the products and an empty price column for the supplier to fill."""
    pdf = ShopPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    _header(pdf, _("Price-list request"), request.number, request.supplier, request.created_at)
    pdf.multi_cell(
        pdf.epw,
        4.5,
        _("Please send us your current prices for these products."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    _row(pdf, [(_("SKU"), 0.2, "L"), (_("Product"), 0.55, "L"), (_("Price (Rp)"), 0.25, "R")], bold=True)
    for line in request.lines.select_related("product"):
        price = format_rupiah(line.quoted_price) if line.quoted_price else ""
        _row(pdf, [(line.product.sku, 0.2, "L"), (line.product.name, 0.55, "L"), (price, 0.25, "R")])
    if request.note:
        pdf.ln(2)
        pdf.multi_cell(pdf.epw, 4.5, request.note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def purchase_order_lines(order: PurchaseOrder) -> list[PurchaseOrderLine]:
    return list(order.lines.select_related("product"))


def purchase_order_pdf(order: PurchaseOrder) -> bytes:
    """Surat order pembelian: lines with quantity, unit cost, expected date, and the total."""
    pdf = ShopPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    _header(pdf, _("Purchase order"), order.number, order.supplier, order.sent_at or order.created_at)
    heads = [
        (_("SKU"), 0.15, "L"),
        (_("Product"), 0.33, "L"),
        (_("Qty"), 0.08, "R"),
        (_("Unit cost"), 0.16, "R"),
        (_("Expected"), 0.12, "R"),
        (_("Total"), 0.16, "R"),
    ]
    _row(pdf, heads, bold=True)
    total = 0
    for line in purchase_order_lines(order):
        total += line.line_total
        expected = f"{line.expected_date:%d-%m-%Y}" if line.expected_date else ""
        _row(
            pdf,
            [
                (line.product.sku, 0.15, "L"),
                (line.product.name, 0.33, "L"),
                (str(line.quantity), 0.08, "R"),
                (format_rupiah(line.unit_cost), 0.16, "R"),
                (expected, 0.12, "R"),
                (format_rupiah(line.line_total), 0.16, "R"),
            ],
        )
    _row(pdf, [(_("Total"), 0.84, "R"), (format_rupiah(total), 0.16, "R")], bold=True)
    if order.supplier.payment_terms_days:
        pdf.ln(2)
        pdf.cell(
            pdf.epw,
            5,
            _("Payment terms: %(days)d days") % {"days": order.supplier.payment_terms_days},
            new_x="LMARGIN",
            new_y="NEXT",
        )
    if order.note:
        pdf.ln(2)
        pdf.multi_cell(pdf.epw, 4.5, order.note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def price_request_mail(request: PriceListRequest) -> None:
    """Queue the request to the supplier (the outbox sends it after commit)."""
    lines = list(request.lines.select_related("product"))
    email_queue(
        to=request.supplier.email,
        kind="purchasing_price_request",
        template="purchasing/email/price_request",
        context={"request": request, "lines": lines},
        dedupe_key=f"price-request:{request.pk}:{request.sent_at:%Y%m%d%H%M%S}",
    )


def purchase_order_mail(order: PurchaseOrder) -> None:
    """Queue the purchase order to the supplier, once."""
    lines = purchase_order_lines(order)
    email_queue(
        to=order.supplier.email,
        kind="purchasing_purchase_order",
        template="purchasing/email/purchase_order",
        context={"order": order, "lines": lines, "total": sum(line.line_total for line in lines)},
        dedupe_key=f"purchase-order:{order.pk}:sent",
    )


def purchase_journal_pdf(*, month: datetime.date) -> bytes:
    """Jurnal pembelian of one month, the form finance hands the owner: every receipt, totals, signatures."""
    journal = purchase_journal(year=month.year, month=month.month)
    store = store_profile()
    pdf = ShopPDF(format="A4", orientation="landscape")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.cell(pdf.epw, 8, store.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    title = _("Purchase journal")
    pdf.cell(pdf.epw, 7, f"{title} · {month:%m-%Y}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    shares = [0.1, 0.14, 0.22, 0.12, 0.14, 0.14, 0.14]
    heads = [_("Nota date"), _("Nota"), _("Supplier"), _("Purchase order"), _("Amount"), _("Paid"), _("Owed")]
    aligns = ["L", "L", "L", "L", "R", "R", "R"]
    _row(pdf, list(zip(heads, shares, aligns, strict=True)), bold=True)
    for receipt in journal["receipts"]:
        cells = [
            f"{receipt.nota_date:%d-%m-%Y}",
            receipt.nota_number,
            receipt.order.supplier.name,
            receipt.order.number,
            format_rupiah(receipt.total),
            format_rupiah(receipt.paid),
            format_rupiah(receipt.outstanding),
        ]
        _row(pdf, list(zip(cells, shares, aligns, strict=True)))
    if not journal["receipts"]:
        pdf.set_font(FONT, "", 9)
        pdf.cell(pdf.epw, 6, _("No goods received this month."), new_x="LMARGIN", new_y="NEXT")
    totals = [format_rupiah(journal[key]) for key in ("total", "paid", "owed")]
    _row(pdf, [(_("Total"), 0.58, "R")] + [(total, 0.14, "R") for total in totals], bold=True)
    pdf.ln(16)
    pdf.set_font(FONT, "", 9)
    half = pdf.epw / 2
    pdf.cell(half, 5, _("Prepared by (finance)"), align="C")
    pdf.cell(half, 5, _("Acknowledged by (owner)"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    pdf.cell(half, 5, "(____________________)", align="C")
    pdf.cell(half, 5, "(____________________)", align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
