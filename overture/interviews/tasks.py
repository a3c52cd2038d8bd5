"""Thin tasks over the interview workflow: safe to run twice, and at once."""

from django.tasks import task

from overture.interviews.sweep import sweep as run_sweep


@task(queue_name="default")
def sweep() -> dict[str, int]:
    """Expire overdue requests, send reminders and nudges (every minute)."""
    report = run_sweep()
    return {"expired": report.expired, "reminders": report.reminders, "nudges": report.nudges}
