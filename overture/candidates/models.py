from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from overture.companies.models import Company


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def visible_to(self, company: Company) -> "CandidateQuerySet":
        """Candidates a company may find and contact: not paused, not blocking it."""
        return self.filter(is_paused=False).exclude(blocks__company=company)

    def search(self, text: str) -> "CandidateQuerySet":
        text = text.strip()
        if not text:
            return self
        query = Q()
        for word in text.split()[:8]:
            query &= (
                Q(user__name__icontains=word)
                | Q(headline__icontains=word)
                | Q(location__icontains=word)
                | Q(skills_text__icontains=word)
            )
        return self.filter(query)


class Candidate(models.Model):
    """A person looking for a job; the profile companies see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate"
    )
    headline = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    skills = models.JSONField(default=list, blank=True)
    # A lower-cased copy of the skills for search on every database.
    skills_text = models.TextField(blank=True, editable=False)
    years_experience = models.PositiveSmallIntegerField(default=0)
    desired_salary_currency = models.CharField(max_length=3, default="USD")
    desired_salary_amount = models.PositiveIntegerField(null=True, blank=True)
    open_to_remote = models.BooleanField(default=True)
    is_paused = models.BooleanField(
        "Not looking right now",
        default=False,
        help_text="Hidden from search; no new interview requests.",
    )

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["user__name", "pk"]

    def __str__(self) -> str:
        return self.user.name or self.user.email

    def save(self, *args: object, **kwargs: object) -> None:
        self.skills_text = " ".join(str(s) for s in self.skills).lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def time_zone(self) -> str:
        return self.user.time_zone


class Block(models.Model):
    """A candidate hides from a company (a current employer, say)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="blocks")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["candidate", "company"], name="block_once"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} blocks {self.company}"
