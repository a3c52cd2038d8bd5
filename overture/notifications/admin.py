from django.contrib import admin

from overture.notifications.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "created_at", "deliver_after", "sent_at", "skipped_at")
    list_filter = ("kind",)
    search_fields = ("recipient__email", "message_id")
    list_select_related = ("recipient",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Notice._meta.fields]

    def has_add_permission(self, request):
        return False
