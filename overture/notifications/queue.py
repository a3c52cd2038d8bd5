"""Putting work on the task queue so that it commits with the change behind it.

The database queue (django-ox) is transactional: a task enqueued inside
``transaction.atomic()`` appears when the transaction commits and vanishes on
rollback. RQ is not, so there the enqueue waits for the commit; a crash in
between is what the redeliver-notices job is for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.tasks import Task
from django_ox.backend import OxBackend
from django_ox.bulk import enqueue_many as ox_enqueue_many

Call = tuple[Sequence[Any], Mapping[str, Any]]


def batches(ids: Sequence[int], size: int) -> list[Call]:
    """Calls of a task that takes a list of ids, ``size`` ids each."""
    return [((list(ids[start : start + size]),), {}) for start in range(0, len(ids), size)]


def is_transactional(task: Task[..., Any]) -> bool:
    return isinstance(task.get_backend(), OxBackend)


def enqueue(task: Task[..., Any], *args: Any, **kwargs: Any) -> None:
    if is_transactional(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def enqueue_many(task: Task[..., Any], calls: Sequence[Call]) -> None:
    """Many calls of one task: one INSERT on the database queue."""
    if not calls:
        return
    if is_transactional(task):
        ox_enqueue_many(task, calls)
        return

    def _enqueue_all() -> None:
        for args, kwargs in calls:
            task.enqueue(*args, **kwargs)

    transaction.on_commit(_enqueue_all)
