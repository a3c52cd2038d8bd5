from django.tasks import task

from overture.notifications.delivery import deliver


@task(queue_name="default")
def deliver_notice(notice_id: int) -> str:
    return deliver(notice_id)
