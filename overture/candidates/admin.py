from django.contrib import admin

from overture.candidates.models import Block, Candidate


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "headline", "location", "is_paused")
    list_filter = ("is_paused", "open_to_remote")
    search_fields = ("user__name", "user__email", "headline")
    raw_id_fields = ("user",)
    list_select_related = ("user",)


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("candidate", "company", "created_at")
    raw_id_fields = ("candidate", "company")
