from django import forms

from overture.companies.models import Company, Role


def _tags(raw: str, limit: int) -> list[str]:
    tags = [t.strip() for t in raw.split(",") if t.strip()]
    if len(tags) > limit:
        raise forms.ValidationError(f"List at most {limit}.")
    return tags


class CompanyForm(forms.ModelForm):
    locations_input = forms.CharField(
        label="Locations", required=False, max_length=1000, help_text="Separate with commas."
    )
    tech_stack_input = forms.CharField(
        label="Tech stack", required=False, max_length=1000, help_text="Separate with commas."
    )

    class Meta:
        model = Company
        fields = ("name", "size", "culture", "website")
        labels = {
            "name": "Company name",
            "size": "Size",
            "culture": "Culture",
            "website": "Website",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["locations_input"].initial = ", ".join(self.instance.locations)
        self.fields["tech_stack_input"].initial = ", ".join(self.instance.tech_stack)
        self.order_fields(["name", "size", "locations_input", "tech_stack_input"])

    def clean_locations_input(self) -> list[str]:
        return _tags(self.cleaned_data["locations_input"], 20)

    def clean_tech_stack_input(self) -> list[str]:
        return _tags(self.cleaned_data["tech_stack_input"], 40)

    def save(self, commit: bool = True) -> Company:
        company: Company = super().save(commit=False)
        company.locations = self.cleaned_data["locations_input"]
        company.tech_stack = self.cleaned_data["tech_stack_input"]
        if commit:
            company.save()
        return company


class AddMemberForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="Email")
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.RECRUITER)
