from typing import Any

from django import forms
from django.utils import timezone

from overture.accounts.models import User
from overture.interviews.access import requests_visible_to
from overture.interviews.models import InterviewRequest
from overture.support.actions import FEEDBACK_MAX_LENGTH
from overture.support.models import Category


class HelpSearchForm(forms.Form):
    q = forms.CharField(label="Search the help center", max_length=200, required=False)


class VoteForm(forms.Form):
    helpful = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])

    @property
    def is_helpful(self) -> bool:
        return self.cleaned_data["helpful"] == "yes"


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label="Send feedback",
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What were you looking for, or what was unclear? Support reads every note.",
        error_messages={"required": "Write a few words about what was missing."},
    )


class InterviewChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, viewer_is_candidate: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer_is_candidate = viewer_is_candidate
        self.now = timezone.now()

    def label_from_instance(self, obj: InterviewRequest) -> str:
        other = obj.company.name if self.viewer_is_candidate else obj.candidate.name
        joiner = "at" if self.viewer_is_candidate else "for"
        return f"{obj.role_title} {joiner} {other} ({obj.status_label(self.now)})"


class TicketForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=200)
    category = forms.ChoiceField(label="Category", choices=[("", "Choose one"), *Category.choices])
    description = forms.CharField(
        label="Description",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What happened, and what you expected. Up to 5,000 characters.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only interviews this person can see are offered, or accepted.
        self.fields["interview"] = InterviewChoiceField(
            label="Related interview (optional)",
            queryset=requests_visible_to(user)
            .select_related("company", "candidate__user", "process")
            .order_by("-sent_at", "-pk"),
            required=False,
            empty_label="None",
            viewer_is_candidate=hasattr(user, "candidate"),
            error_messages={
                "invalid_choice": "Choose one of your own interviews from the list, or none."
            },
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") == Category.REOPEN and not data.get("interview"):
            self.add_error("interview", "Choose the interview you would like re-opened.")
        return data


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReopenRequestForm(forms.Form):
    message = forms.CharField(
        label="Message to support (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why would you like it re-opened? For example: you declined by mistake.",
    )
