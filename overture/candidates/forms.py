from django import forms

from overture.candidates.models import Candidate
from overture.lib.money import currency_choices, is_currency
from overture.lib.timezones import time_zone_choices


class CandidateProfileForm(forms.ModelForm):
    name = forms.CharField(label="Name", max_length=150)
    time_zone = forms.ChoiceField(label="Time zone", choices=time_zone_choices)
    skills_input = forms.CharField(
        label="Skills", required=False, max_length=1000, help_text="Separate skills with commas."
    )
    desired_salary_currency = forms.ChoiceField(label="Currency", choices=currency_choices)

    class Meta:
        model = Candidate
        fields = (
            "headline",
            "location",
            "years_experience",
            "desired_salary_currency",
            "desired_salary_amount",
            "open_to_remote",
            "is_paused",
        )
        labels = {
            "headline": "Headline",
            "location": "Location",
            "years_experience": "Years of experience",
            "desired_salary_amount": "Desired annual salary",
            "open_to_remote": "Open to remote work",
            "is_paused": "Not looking right now",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["name"].initial = self.instance.user.name
        self.fields["time_zone"].initial = self.instance.user.time_zone
        self.fields["skills_input"].initial = ", ".join(self.instance.skills)
        self.order_fields(["name", "headline", "location", "time_zone", "skills_input"])

    def clean_desired_salary_currency(self) -> str:
        code: str = self.cleaned_data["desired_salary_currency"]
        if not is_currency(code):
            raise forms.ValidationError("Choose a currency from the list.")
        return code

    def clean_skills_input(self) -> list[str]:
        skills = [s.strip() for s in self.cleaned_data["skills_input"].split(",") if s.strip()]
        if len(skills) > 40:
            raise forms.ValidationError("List at most 40 skills.")
        return skills

    def save(self, commit: bool = True) -> Candidate:
        candidate: Candidate = super().save(commit=False)
        candidate.skills = self.cleaned_data["skills_input"]
        user = candidate.user
        user.name = self.cleaned_data["name"]
        user.time_zone = self.cleaned_data["time_zone"]
        if commit:
            user.save(update_fields=["name", "time_zone"])
            candidate.save()
        return candidate


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label="Search candidates", required=False, max_length=200)
    remote = forms.BooleanField(label="Open to remote only", required=False)


class CompanySearchForm(forms.Form):
    q = forms.CharField(label="Company name", required=False, max_length=200)
