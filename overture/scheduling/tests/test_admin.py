import pytest
from django.test import Client

from overture.scheduling.models import Booking
from overture.scheduling.tests.conftest import utc

pytestmark = pytest.mark.django_db


def test_staff_read_bookings_in_the_console_but_cannot_edit_them(clock, process, book_at, staff):
    booking = book_at(process, utc(2026, 3, 3, 8))
    staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    for url in (
        "/admin/scheduling/booking/",
        f"/admin/scheduling/booking/{booking.pk}/change/",
        "/admin/scheduling/calendar/",
        "/admin/scheduling/importedcalendar/",
    ):
        assert client.get(url).status_code == 200, url
    client.post(f"/admin/scheduling/booking/{booking.pk}/delete/", {"post": "yes"})
    assert Booking.objects.filter(pk=booking.pk).exists()
