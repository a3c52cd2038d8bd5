"""The development mailbox: every email Overture sent, readable in the browser.

Mounted only when DEBUG is on and mail is not going out over SMTP."""

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from overture.lib.pages import paginate


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


def mailbox(request: HttpRequest) -> HttpResponse:
    page = paginate(request, _messages(), per_page=50)
    rows = [(path.stem, _headers(_parse(path))) for path in page.object_list]
    return render(request, "notifications/mailbox.html", {"page": page, "rows": rows})


def mailbox_message(request: HttpRequest, name: str) -> HttpResponse:
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
