"""In development every email is printed and kept for the mailbox page."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.http import Http404
from django.test import RequestFactory

from overture.notifications import views
from overture.notifications.mailbox import DevMailboxBackend


@pytest.fixture
def mailbox_dir(settings, tmp_path):
    settings.DEV_MAILBOX_DIR = tmp_path
    settings.DEBUG = True
    return tmp_path


def test_the_development_backend_keeps_each_message_and_the_mailbox_shows_it(
    mailbox_dir, capsys, db
):
    message = EmailMultiAlternatives(
        subject="Acme would like to interview you",
        body="Plain text part",
        to=["dana@example.com"],
        headers={"Message-ID": "<notice-1@overture.localhost>"},
    )
    message.attach_alternative("<p>HTML part</p>", "text/html")
    assert DevMailboxBackend(alias="default").send_messages([message]) == 1
    assert "to dana@example.com: Acme would like to interview you" in capsys.readouterr().out
    [kept] = list(mailbox_dir.glob("*.eml"))

    listing = views.mailbox(RequestFactory().get("/dev/mailbox/")).content.decode()
    assert "Acme would like to interview you" in listing and "dana@example.com" in listing
    page = views.mailbox_message(RequestFactory().get("/"), kept.stem).content.decode()
    assert "Plain text part" in page
    assert "&lt;p&gt;HTML part&lt;/p&gt;" in page  # shown in a sandboxed frame, never raw
    assert "notice-1@overture.localhost" in page


def test_the_mailbox_refuses_paths_outside_it(mailbox_dir):
    with pytest.raises(Http404):
        views.mailbox_message(RequestFactory().get("/"), "../../etc/passwd")


def test_the_mailbox_is_not_there_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(Http404):
        views.mailbox(RequestFactory().get("/dev/mailbox/"))


def test_tests_themselves_use_the_locmem_outbox():
    mail.send_mail("s", "b", None, ["x@example.com"])
    assert len(mail.outbox) == 1
