"""Background jobs: thin, idempotent, and safe to run twice."""

from django.tasks import task
from django.utils import timezone

from overture.scheduling import actions, queries
from overture.scheduling.models import ImportedCalendar


@task(queue_name="default")
def refresh_import(import_id: int) -> str:
    imported = ImportedCalendar.objects.filter(pk=import_id).first()
    if imported is None:
        return "removed"
    return "refreshed" if actions.refresh_import(imported) else "failed"


@task(queue_name="default")
def refresh_imports() -> int:
    """Every 15 minutes: queue a refresh of each URL import that is due, and
    re-expand uploaded files (the window of the next 30 days moves on)."""
    now = timezone.now()
    due = list(queries.imports_due(now).values_list("pk", flat=True))
    for import_id in due:
        refresh_import.enqueue(import_id)
    for imported in queries.file_imports().filter(refreshed_at__lt=now - actions.FILE_REEXPAND):
        actions.refresh_import(imported, now=now)
    return len(due)
