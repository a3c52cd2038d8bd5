from typing import Any

from django import forms
from django.conf import settings

from overture.interviews.actions import RequestDetails
from overture.interviews.models import DeclineReason, InterviewRequest, WorkArrangement
from overture.lib.money import currency_choices, is_currency

ACCEPT_NOTE_MAX = settings.OVERTURE["ACCEPT_NOTE_MAX_LENGTH"]
NOTE_MAX = settings.OVERTURE["NOTE_MAX_LENGTH"]


class RequestForm(forms.Form):
    role_title = forms.CharField(label="Role title", max_length=200)
    role_description = forms.CharField(
        label="Role description", max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    work_arrangement = forms.ChoiceField(
        label="Work arrangement", choices=WorkArrangement.choices, widget=forms.RadioSelect
    )
    work_location = forms.CharField(
        label="Location",
        max_length=200,
        required=False,
        help_text="City or region; leave empty for fully remote roles.",
    )
    salary_currency = forms.ChoiceField(label="Currency", choices=currency_choices)
    salary_min = forms.IntegerField(
        label="Annual salary",
        min_value=1,
        max_value=100_000_000,
        help_text="The whole amount, or the bottom of a range.",
    )
    salary_max = forms.IntegerField(
        label="Up to (optional)",
        min_value=1,
        max_value=100_000_000,
        required=False,
        help_text="Fill in to offer a range.",
    )
    perks = forms.CharField(
        label="Perks (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line.",
    )
    personal_note = forms.CharField(
        label="Personal note",
        min_length=1,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Why this candidate? Up to {NOTE_MAX:,} characters.",
    )

    def clean_salary_currency(self) -> str:
        code: str = self.cleaned_data["salary_currency"].upper()
        if not is_currency(code):
            raise forms.ValidationError("Choose a currency from the list (ISO 4217).")
        return code

    def clean_perks(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["perks"].splitlines()]
        perks = [line for line in lines if line]
        if len(perks) > 20:
            raise forms.ValidationError("List at most 20 perks.")
        if any(len(p) > 100 for p in perks):
            raise forms.ValidationError("Keep each perk under 100 characters.")
        return perks

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and high < low:
            self.add_error("salary_max", "The top of the range must not be below the minimum.")
        if data.get("work_arrangement") in ("onsite", "hybrid") and not data.get("work_location"):
            self.add_error("work_location", "Say where on-site or hybrid work happens.")
        return data

    def details(self) -> RequestDetails:
        d = self.cleaned_data
        return RequestDetails(
            role_title=d["role_title"],
            role_description=d["role_description"],
            work_arrangement=d["work_arrangement"],
            work_location=d["work_location"],
            salary_currency=d["salary_currency"],
            salary_min=d["salary_min"],
            salary_max=d["salary_max"],
            perks=d["perks"],
            personal_note=d["personal_note"],
        )

    @classmethod
    def initial_from(cls, request: InterviewRequest) -> dict[str, Any]:
        return {
            "role_title": request.role_title,
            "role_description": request.role_description,
            "work_arrangement": request.work_arrangement,
            "work_location": request.work_location,
            "salary_currency": request.salary_currency,
            "salary_min": request.salary_min,
            "salary_max": request.salary_max,
            "perks": "\n".join(request.perks),
            "personal_note": request.personal_note,
        }


class AcceptForm(forms.Form):
    note = forms.CharField(
        label="Note to the interviewer (optional)",
        required=False,
        max_length=ACCEPT_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {ACCEPT_NOTE_MAX:,} characters.",
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason (optional)",
        required=False,
        choices=[("", "Prefer not to say"), *DeclineReason.choices],
        help_text="The company sees the reason. Declining never lowers your standing.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=ACCEPT_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pause_profile = forms.BooleanField(
        label="Also pause my profile (Not looking right now)",
        required=False,
        help_text="Hides you from search and stops new requests until you switch it back.",
    )


class EndProcessForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The other side is told that the process ended, with this reason.",
    )


class FollowUpForm(forms.Form):
    message = forms.CharField(
        label="Message to the company",
        max_length=settings.OVERTURE["FOLLOW_UP_MAX_LENGTH"],
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=(
            "Hello! I accepted your interview request a couple of days ago and I'm still "
            "keen. Could you book a first interview on my calendar, or let me know if "
            "plans have changed?"
        ),
        help_text="They get it by email. Keep it short and friendly.",
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Logistics, questions, the offer: the other side gets it by email.",
    )
