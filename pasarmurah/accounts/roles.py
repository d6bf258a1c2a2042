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
# app label -> the permission codenames (or ALL) each role holds in that app.
ROLE_PERMISSIONS: dict[str, dict[str, object]] = {
    CUSTOMER_SERVICE: {
        "catalog": ALL,
        "shipping": ALL,
        "crm": ALL,
        # The outbox's delivery record (recipient, subject, status, errors), never a mail's content.
        "mail": {"view_outboundemail"},
        "store": {"view_storeprofile", "view_bankaccount"},
        "accounts": {"view_user", "view_address", "correct_birth_date"},
        "orders": {
            "view_order",
            "change_order",
            "view_orderevent",
            "view_paymentproof",
            "change_paymentproof",
        },
        "promotions": {"view_voucher", "add_voucher", "change_voucher", "view_voucherredemption"},
        "checkout": {"view_cart"},
        # The stock ledger and counting; approving a count and cost prices are the Owner's.
        "inventory": {
            "view_stockmovement",
            "adjust_stock",
            "view_stockcount",
            "add_stockcount",
            "change_stockcount",
            "view_stockcountline",
            "change_stockcountline",
        },
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
        "inventory": ALL,  # includes approve_stockcount and view_cost_price
        "backoffice": ALL,
        "auth": {"view_group"},
    },
}


def permissions_for(role: str, *, permission_model=Permission):
    """The Permission rows a role should hold, given the models that exist now."""
    query = Q(pk__in=[])
    for app_label, codenames in ROLE_PERMISSIONS[role].items():
        if codenames == ALL:
            query |= Q(content_type__app_label=app_label)
        else:
            query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return permission_model.objects.filter(query)


def sync_roles(*, group_model=Group, permission_model=Permission) -> None:
    """Create the role groups and give each exactly its permissions (models may be a migration's)."""
    for role in ROLES:
        group, _created = group_model.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(role, permission_model=permission_model))
