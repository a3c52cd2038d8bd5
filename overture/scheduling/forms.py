from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from overture.scheduling.hours import WEEKDAYS, DayHours, HoursError, format_hours, parse_hours
from overture.scheduling.models import Calendar, Medium, setting

HOURS_HELP = "For example 09:00–12:00, 13:00–17:00. Leave empty for no interviews that day."
BUFFER_CHOICES = [(m, f"{m} minutes") for m in (0, 5, 10, 15, 20, 30, 45, 60)]


def duration_choices() -> list[tuple[int, str]]:
    return [(m, f"{m} minutes") for m in setting("DURATIONS")]


class AvailabilityForm(forms.Form):
    daily_cap = forms.IntegerField(
        label="Most interviews a day",
        min_value=1,
        max_value=12,
        help_text="Counted in your own time zone's day.",
    )
    buffer_minutes = forms.TypedChoiceField(
        label="Free time between interviews",
        choices=BUFFER_CHOICES,
        coerce=int,
        help_text="Kept clear before and after every interview.",
    )

    def __init__(self, *args: Any, calendar: Calendar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        week = calendar.day_hours()
        for index, name in enumerate(WEEKDAYS):
            self.fields[name.lower()] = forms.CharField(
                label=name,
                required=False,
                max_length=200,
                help_text="" if index else HOURS_HELP,
                initial=format_hours(week[index]),
            )
        self.fields["daily_cap"].initial = calendar.daily_cap
        self.fields["buffer_minutes"].initial = calendar.buffer_minutes
        self.order_fields([d.lower() for d in WEEKDAYS] + ["daily_cap", "buffer_minutes"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in WEEKDAYS:
            key = name.lower()
            if key in cleaned:
                try:
                    cleaned[key] = parse_hours(cleaned[key])
                except HoursError as error:
                    self.add_error(key, str(error))
        return cleaned

    def weekly(self) -> tuple[DayHours, ...]:
        return tuple(self.cleaned_data[d.lower()] for d in WEEKDAYS)


class OverrideForm(forms.Form):
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    day_off = forms.BooleanField(label="Day off", required=False)
    hours = forms.CharField(
        label="Hours that day",
        required=False,
        max_length=200,
        help_text="For example 13:00–18:00. Leave empty for a day off.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("hours", "")
        if cleaned.get("day_off") and text:
            self.add_error("hours", "A day off has no hours: untick “Day off” or clear the hours.")
            return cleaned
        try:
            cleaned["parsed"] = parse_hours(text)
        except HoursError as error:
            self.add_error("hours", str(error))
        return cleaned


def parse_start(raw: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if value.tzinfo is None:
        return None
    return value.astimezone(UTC)


class StartField(forms.CharField):
    """An instant, as the slot buttons send it (ISO 8601 with an offset)."""

    def to_python(self, value: Any) -> datetime | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        start = parse_start(text)
        if start is None:
            raise forms.ValidationError("Choose one of the times offered.")
        return start


class BookingForm(forms.Form):
    minutes = forms.TypedChoiceField(
        label="Length",
        choices=duration_choices,
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Choose a length of 15, 30, 45 or 60 minutes."},
    )
    medium = forms.ChoiceField(
        label="Kind of interview",
        choices=Medium.choices,
        widget=forms.RadioSelect,
        initial=Medium.VIDEO,
    )
    location = forms.CharField(
        label="Link or place",
        required=False,
        max_length=500,
        help_text="The video call link, the address for on-site, or a phone number to call.",
    )
    note = forms.CharField(
        label="Note for the candidate",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    start = StartField(
        label="Time",
        required=True,
        widget=forms.HiddenInput,
        error_messages={"required": "Choose a time: press one of the times below."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        medium = cleaned.get("medium")
        location = (cleaned.get("location") or "").strip()
        if medium == Medium.VIDEO and not location.startswith(("https://", "http://")):
            self.add_error("location", "Give the video call link (starting with https://).")
        if medium == Medium.ONSITE and not location:
            self.add_error("location", "Give the address of the on-site interview.")
        return cleaned


class RescheduleForm(forms.Form):
    message = forms.CharField(
        label="Message (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    start = StartField(
        label="New time",
        widget=forms.HiddenInput,
        error_messages={"required": "Choose a new time: press one of the times below."},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Message (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Both sides are told; say why if you like.",
    )


class ImportUrlForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, required=False, help_text="For you, such as “Work calendar”."
    )
    url = forms.CharField(
        label="Calendar address (iCalendar URL)",
        max_length=2000,
        help_text="The secret .ics address your calendar app offers (https:// or webcal://).",
    )


class ImportFileForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, required=False)
    file = forms.FileField(
        label="Calendar file (.ics)",
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )

    def clean_file(self) -> str:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = int(setting("IMPORT_MAX_BYTES"))
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                f"That file is larger than {limit // 1_000_000} MB; Overture reads smaller ones."
            )
        raw = upload.read(limit + 1)
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "That isn't an iCalendar file: it isn't text. Export your calendar as .ics."
            ) from None
