"""Read-only views for support staff: bookings change only through actions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from overture.scheduling.models import Booking, BookingChange, Calendar, ImportedCalendar


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ChangeInline(admin.TabularInline):
    model = BookingChange
    fields = ("sequence", "kind", "actor", "at", "starts_at", "ends_at", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnly):
    list_display = ("starts_at", "ends_at", "medium", "status", "sequence", "process")
    list_filter = ("status", "medium")
    search_fields = ("uid", "calendar__candidate__user__email", "process__request__company__name")
    list_select_related = ("process__request__company", "process__request__candidate__user")
    date_hierarchy = "starts_at"
    inlines = (ChangeInline,)


@admin.register(Calendar)
class CalendarAdmin(ReadOnly):
    list_display = ("candidate", "daily_cap", "buffer_minutes", "updated_at")
    search_fields = ("candidate__user__email", "candidate__user__name")
    list_select_related = ("candidate__user",)


@admin.register(ImportedCalendar)
class ImportedCalendarAdmin(ReadOnly):
    list_display = ("name", "calendar", "busy_count", "refreshed_at", "error_at")
    exclude = ("content",)
    list_select_related = ("calendar__candidate__user",)
