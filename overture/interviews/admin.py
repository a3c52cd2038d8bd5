"""Staff console for interviews. Nothing here deletes or edits history: the
only change staff make is re-opening, through the same action as everywhere."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from overture.accounts.models import User
from overture.interviews.actions import reopen
from overture.interviews.models import Event, InterviewProcess, InterviewRequest, Message
from overture.lib.errors import Refused


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "from_state", "to_state", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Whoever may see a request sees its timeline.
        return request.user.has_perm("interviews.view_interviewrequest")


@admin.register(InterviewRequest)
class InterviewRequestAdmin(admin.ModelAdmin):
    list_display = ("role_title", "company", "candidate", "status", "sent_at", "expires_at")
    list_filter = ("status", "work_arrangement")
    search_fields = (
        "role_title",
        "company__name",
        "candidate__user__name",
        "candidate__user__email",
    )
    list_select_related = ("company", "candidate__user")
    date_hierarchy = "sent_at"
    inlines = (EventInline,)
    actions = ("reopen_selected",)

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [f.name for f in InterviewRequest._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Re-open selected interviews")
    def reopen_selected(self, request: HttpRequest, queryset: QuerySet[InterviewRequest]) -> None:
        staff = request.user
        assert isinstance(staff, User)  # the admin site lets only signed-in staff in
        done = 0
        for interview in queryset:
            try:
                reopen(interview, by=staff, note="Re-opened from the staff console.")
            except Refused as refused:
                self.message_user(request, f"{interview}: {refused.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"Re-opened {done} interview(s); both sides were told.")


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    can_delete = False
    fields = ("sent_at", "author", "body")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("interviews.view_interviewprocess")


@admin.register(InterviewProcess)
class InterviewProcessAdmin(admin.ModelAdmin):
    inlines = (MessageInline,)
    list_display = ("request", "status", "opened_at", "ended_at", "ended_by")
    list_filter = ("status",)
    list_select_related = ("request__company", "request__candidate__user", "ended_by")

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [f.name for f in InterviewProcess._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
