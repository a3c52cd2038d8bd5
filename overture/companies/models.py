from typing import ClassVar

from django.conf import settings
from django.db import models


class CompanySize(models.TextChoices):
    TINY = "1-10", "1–10 employees"
    SMALL = "11-50", "11–50 employees"
    MEDIUM = "51-200", "51–200 employees"
    LARGE = "201-1000", "201–1,000 employees"
    XLARGE = "1001-5000", "1,001–5,000 employees"
    HUGE = "5000+", "5,000+ employees"


class Company(models.Model):
    name = models.CharField(max_length=200)
    size = models.CharField(max_length=16, choices=CompanySize.choices)
    locations = models.JSONField(default=list, blank=True, help_text="City names.")
    tech_stack = models.JSONField(default=list, blank=True, help_text="Technology tags.")
    culture = models.TextField(blank=True, max_length=5000)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    RECRUITER = "recruiter", "Recruiter"


class Membership(models.Model):
    """A user's place in one company. Every member sees all of its requests."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.RECRUITER)
    joined_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.role} at {self.company})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN
