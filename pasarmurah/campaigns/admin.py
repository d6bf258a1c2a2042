from django.contrib import admin

from pasarmurah.campaigns.models import Campaign, CampaignEvent, CampaignRecipient, MarketingConsent


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened: staff read it here, the services write it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CampaignEventInline(admin.TabularInline):
    model = CampaignEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "kind", "actor", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "source", "status", "recipients_total", "scheduled_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "subject"]
    inlines = [CampaignEventInline]


@admin.register(CampaignRecipient)
class CampaignRecipientAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "member", "occasion", "status", "skip_reason", "queued_at", "clicks"]
    list_filter = ["status"]
    list_select_related = ["campaign", "member"]
    search_fields = ["member__email", "campaign__name"]
    exclude = ["token", "claim_key"]


@admin.register(MarketingConsent)
class MarketingConsentAdmin(ReadOnlyAdmin):
    list_display = ["member", "given", "source", "at"]
    list_filter = ["given", "source"]
    list_select_related = ["member"]
    search_fields = ["member__email"]
