"""Staff roles as Django groups, and the permissions each one holds.

`sync_roles()` runs from a data migration and again after every `migrate` (post_migrate), so the
permissions of models added by later migrations reach the roles without a manual step.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CUSTOMER_SERVICE = "Customer Service"
OWNER = "Owner"
ROLES = (CUSTOMER_SERVICE, OWNER)
ROLE_BY_SLUG = {"cs": CUSTOMER_SERVICE, "owner": OWNER}

ALL = "*"


class AllExcept(frozenset):
    """Every permission of the app except these codenames."""


# app label -> the permission codenames (or ALL) each role holds in that app.
ROLE_PERMISSIONS: dict[str, dict[str, object]] = {
    CUSTOMER_SERVICE: {
        "catalog": ALL,
        "shipping": ALL,
        # The owner's CRM and RFM settings, the customer list's export and recomputing the segments are the
        # Owner's alone; Customer Service views the segments.
        "crm": AllExcept(
            {
                "view_crmsettings",
                "add_crmsettings",
                "change_crmsettings",
                "delete_crmsettings",
                "export_customer_list",
                "recompute_segments",
                "add_segmentsettings",
                "change_segmentsettings",
                "delete_segmentsettings",
                "view_segmentsettings",
                "add_segmentrun",
                "change_segmentrun",
                "delete_segmentrun",
                "add_segmentsnapshot",
                "change_segmentsnapshot",
                "delete_segmentsnapshot",
            }
        ),
        # The outbox's delivery record (recipient, subject, status, errors), never a mail's content.
        "mail": {"view_outboundemail"},
        "store": {"view_storeprofile", "view_bankaccount"},
        "accounts": {"view_user", "view_address", "correct_birth_date", "view_newslettersubscription"},
        "orders": {
            "view_order",
            "change_order",
            "view_orderevent",
            "view_paymentproof",
            "change_paymentproof",
            "run_counter_sale",  # cancelling a counter sale (cancel_counter_sale) is the Owner's
        },
        "promotions": {"view_voucher", "add_voucher", "change_voucher", "view_voucherredemption"},
        "checkout": {"view_cart"},
        # What the automations sent and brought; switching and tuning them is the Owner's.
        "automations": {"view_automationdelivery", "view_automationsettings"},
        # Suppliers' contact data and the purchase orders' quantities (to receive goods), never their prices.
        "purchasing": {
            "view_supplier",
            "add_supplier",
            "change_supplier",
            "view_supplierproduct",
            "view_purchaseorder",
            "view_purchaseorderline",
            "view_goodsreceipt",
            "add_goodsreceipt",
            "view_goodsreceiptline",
        },
        # The stock ledger and counting; approving a count and cost prices are the Owner's.
        # Customer Service drafts campaigns; sending, scheduling, cancelling (send_campaign) is the Owner's.
        "campaigns": {"view_campaign", "add_campaign", "change_campaign", "view_campaignrecipient"},
        "inventory": {
            "view_stockmovement",
            "adjust_stock",
            "view_stockcount",
            "add_stockcount",
            "change_stockcount",
            "view_stockcountline",
            "change_stockcountline",
        },
        # Operational reports (stock, low stock, care); money, margins and the report pack are the Owner's.
        "reports": {"view_stock_reports"},
    },
    OWNER: {
        "catalog": ALL,
        "shipping": ALL,
        "crm": ALL,
        "mail": ALL,  # includes view_email_body: only the Owner reads what a mail says
        "store": ALL,
        "accounts": ALL,
        "orders": ALL,
        "promotions": ALL,
        "checkout": ALL,
        "purchasing": ALL,  # purchase orders, price requests, supplier prices and cost prices
        "inventory": ALL,  # includes approve_stockcount and view_cost_price
        "automations": ALL,
        "ops": {"view_backuprun", "view_workerheartbeat"},  # backups and the job worker, read-only
        "backoffice": ALL,
        "campaigns": ALL,  # includes send_campaign
        "reports": ALL,
        "auth": {"view_group"},
        "audit": {"view_auditentry"},  # the audit log has no other permission: nobody changes it
        # A member of staff who lost both phone and recovery codes: the Owner removes its two-step login.
        "otp_totp": {"view_totpdevice", "delete_totpdevice"},
        "otp_static": {"view_staticdevice", "delete_staticdevice"},
    },
}


def permissions_for(role: str, *, permission_model=Permission):
    """The Permission rows a role should hold, given the models that exist now."""
    query = Q(pk__in=[])
    for app_label, codenames in ROLE_PERMISSIONS[role].items():
        if codenames == ALL:
            query |= Q(content_type__app_label=app_label)
        elif isinstance(codenames, AllExcept):
            query |= Q(content_type__app_label=app_label) & ~Q(codename__in=codenames)
        else:
            query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return permission_model.objects.filter(query)


def sync_roles(*, group_model=Group, permission_model=Permission) -> None:
    """Create the role groups and give each exactly its permissions (models may be a migration's)."""
    for role in ROLES:
        group, _created = group_model.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(role, permission_model=permission_model))
