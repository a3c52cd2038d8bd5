from django.contrib import admin

from overture.companies.models import Company, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "size", "website", "created_at")
    search_fields = ("name",)
    inlines = (MembershipInline,)
