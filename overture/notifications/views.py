"""The in-app notifications list, and the development mailbox: every email
Overture sent, readable in the browser (mounted only when DEBUG is on and
mail is not going out over SMTP)."""

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from overture.accounts.http import AuthedRequest
from overture.lib.pages import paginate
from overture.notifications import queries
from overture.notifications.access import get_notice_for
from overture.notifications.actions import mark_all_read, mark_read


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, queries.inbox(request.user, timezone.now()), per_page=30)
    return render(
        request,
        "notifications/list.html",
        {"page": page, "rows": queries.rows(list(page.object_list))},
    )


@login_required
@require_POST
def open_notification(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to what it is about."""
    notice = get_notice_for(request.user, pk)
    mark_read(notice, by=request.user)
    return redirect(queries.target_url(notice))


@login_required
@require_POST
def read_all(request: AuthedRequest) -> HttpResponse:
    count = mark_all_read(by=request.user)
    messages.success(request, f"Marked {count} notification{'' if count == 1 else 's'} as read.")
    return redirect("notifications:list")


def _messages() -> list[Path]:
    directory = Path(settings.DEV_MAILBOX_DIR)
    if not directory.exists():
        return []
    return sorted(directory.glob("*.eml"), reverse=True)


def _parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _headers(message: EmailMessage) -> dict[str, str]:
    return {
        "subject": str(message["Subject"] or ""),
        "from": str(message["From"] or ""),
        "to": str(message["To"] or ""),
        "date": str(message["Date"] or ""),
        "message_id": str(message["Message-ID"] or ""),
    }


def _require_development() -> None:
    if not (settings.DEBUG and settings.DEV_MAILBOX):
        raise Http404("The development mailbox exists only in development.")


def mailbox(request: HttpRequest) -> HttpResponse:
    _require_development()
    page = paginate(request, _messages(), per_page=50)
    rows = [(path.stem, _headers(_parse(path))) for path in page.object_list]
    return render(request, "notifications/mailbox.html", {"page": page, "rows": rows})


def mailbox_message(request: HttpRequest, name: str) -> HttpResponse:
    _require_development()
    path = Path(settings.DEV_MAILBOX_DIR) / f"{name}.eml"
    if "/" in name or not path.exists():
        raise Http404("No such message.")
    message = _parse(path)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return render(
        request,
        "notifications/mailbox_message.html",
        {
            "message": _headers(message),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
            "attachments": [part.get_filename() for part in message.iter_attachments()],
        },
    )
