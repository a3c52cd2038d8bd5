from typing import Any

from django import forms
from django.contrib.auth import password_validation

from overture.accounts.models import User
from overture.companies.models import CompanySize
from overture.lib.timezones import time_zone_choices


class SignUpForm(forms.Form):
    ROLE_CHOICES = [
        ("candidate", "I'm looking for a job"),
        ("company", "I'm hiring for a company"),
    ]
    role = forms.ChoiceField(
        label="I am joining as", choices=ROLE_CHOICES, widget=forms.RadioSelect
    )
    name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="Email")
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=time_zone_choices, initial="UTC")
    company_name = forms.CharField(
        label="Company name",
        max_length=200,
        required=False,
        help_text="Only when hiring: you become the company's admin.",
    )
    company_size = forms.ChoiceField(
        label="Company size", choices=[("", "—"), *CompanySize.choices], required=False
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Sign in, or reset your password."
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == "company":
            if not data.get("company_name"):
                self.add_error("company_name", "Name the company you are hiring for.")
            if not data.get("company_size"):
                self.add_error("company_size", "Choose the company's size.")
        password = data.get("password")
        if password:
            probe = User(email=data.get("email", ""), name=data.get("name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data
