"""Demo data for development: run by ``make run``; does nothing the second time."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.companies.models import Company, CompanySize, Membership, Role
from overture.interviews.actions import (
    RequestDetails,
    accept_request,
    decline_request,
    end_process,
    post_message,
    send_request,
    withdraw_request,
)
from overture.interviews.models import Event, InterviewProcess, InterviewRequest
from overture.scheduling.actions import Details, book
from overture.scheduling.models import Medium
from overture.scheduling.queries import free_slots_for
from overture.support.actions import open_ticket
from overture.support.models import Category

PASSWORD = "overture-demo"  # noqa: S105 - demo data only, never in production

COMPANIES = [
    (
        "Acme Robotics",
        CompanySize.MEDIUM,
        ["Berlin", "Remote (EU)"],
        ["Python", "Django", "PostgreSQL", "ROS"],
        "Small teams that own what they build. We ship weekly and write things down.",
        "https://acme-robotics.example.com",
    ),
    (
        "Northwind Labs",
        CompanySize.SMALL,
        ["Amsterdam"],
        ["Go", "Kubernetes", "React"],
        "Calm, async-first, four-day focus weeks.",
        "https://northwind.example.com",
    ),
    (
        "Globex Health",
        CompanySize.LARGE,
        ["New York", "Boston"],
        ["Java", "Kotlin", "AWS"],
        "Healthcare software that clinicians like to use.",
        "https://globex.example.com",
    ),
    (
        "Initech Finance",
        CompanySize.XLARGE,
        ["London"],
        ["C#", ".NET", "SQL Server"],
        "Steady growth, good mentoring, clear career levels.",
        "https://initech.example.com",
    ),
    (
        "Umbrella Data",
        CompanySize.HUGE,
        ["Toronto", "Remote (Americas)"],
        ["Python", "Spark", "Airflow"],
        "Data at a very large scale.",
        "https://umbrella.example.com",
    ),
    (
        "Hooli Cloud",
        CompanySize.HUGE,
        ["San Francisco"],
        ["Rust", "C++", "gRPC"],
        "Infrastructure that millions depend on.",
        "https://hooli.example.com",
    ),
    (
        "Stark Mobility",
        CompanySize.TINY,
        ["Lisbon"],
        ["TypeScript", "Node.js", "Postgres"],
        "Five people, one mission: better city transport.",
        "https://stark.example.com",
    ),
]

CANDIDATES = [
    (
        "Priya Raman",
        "Senior data engineer",
        "Toronto",
        "America/Toronto",
        ["Python", "Spark", "dbt"],
        9,
    ),
    (
        "Lucas Moreau",
        "Frontend engineer",
        "Lyon",
        "Europe/Paris",
        ["TypeScript", "React", "CSS"],
        4,
    ),
    (
        "Amara Okafor",
        "Engineering manager",
        "Lagos",
        "Africa/Lagos",
        ["Leadership", "Go", "Hiring"],
        12,
    ),
    (
        "Kenji Watanabe",
        "Site reliability engineer",
        "Tokyo",
        "Asia/Tokyo",
        ["Kubernetes", "Terraform", "Go"],
        7,
    ),
    (
        "Sofia Lindqvist",
        "Mobile developer",
        "Stockholm",
        "Europe/Stockholm",
        ["Kotlin", "Swift"],
        5,
    ),
    (
        "Mateo García",
        "Backend engineer",
        "Madrid",
        "Europe/Madrid",
        ["Java", "Spring", "PostgreSQL"],
        6,
    ),
    (
        "Hannah Schmidt",
        "Machine learning engineer",
        "Munich",
        "Europe/Berlin",
        ["Python", "PyTorch"],
        3,
    ),
    (
        "Omar Haddad",
        "Security engineer",
        "Dubai",
        "Asia/Dubai",
        ["AppSec", "Rust", "Pentesting"],
        8,
    ),
    ("Grace Liu", "Product designer", "Vancouver", "America/Vancouver", ["Figma", "Research"], 6),
    ("Noah Fischer", "Junior Python developer", "Zurich", "Europe/Zurich", ["Python", "Django"], 1),
    (
        "Isabel Costa",
        "QA automation engineer",
        "Porto",
        "Europe/Lisbon",
        ["Playwright", "Python"],
        4,
    ),
]


def details(
    title: str,
    note: str,
    low: int,
    high: int | None = None,
    arrangement: str = "hybrid",
    location: str = "Berlin",
) -> RequestDetails:
    return RequestDetails(
        role_title=title,
        role_description=(
            f"As our {title} you will work with a small team on the product's core, "
            "pair with colleagues and help decide what we build next."
        ),
        work_arrangement=arrangement,
        work_location="" if arrangement == "remote" else location,
        salary_currency="EUR",
        salary_min=low,
        salary_max=high,
        perks=["30 days of paid leave", "Learning budget", "Home-office setup"],
        personal_note=note,
    )


def backdate(request: InterviewRequest, delta: timedelta) -> None:
    """Move a request's history into the past, as if it happened earlier."""
    InterviewRequest.objects.filter(pk=request.pk).update(
        sent_at=request.sent_at - delta, expires_at=request.expires_at - delta
    )
    request.refresh_from_db()
    if request.responded_at:
        InterviewRequest.objects.filter(pk=request.pk).update(
            responded_at=request.responded_at - delta
        )
    for event in Event.objects.filter(request=request):
        Event.objects.filter(pk=event.pk).update(at=event.at - delta)
    process = InterviewProcess.objects.filter(request=request).first()
    if process:
        InterviewProcess.objects.filter(pk=process.pk).update(
            opened_at=process.opened_at - delta,
            ended_at=process.ended_at - delta if process.ended_at else None,
        )


class Command(BaseCommand):
    help = "Create demo users, companies and interview requests (once)."

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Demo data is never created in production.")
        if User.objects.filter(email="candidate@example.com").exists():
            self.stdout.write("Demo data is already there.")
        else:
            with transaction.atomic():
                self.seed()
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self.stdout.write(
            "\nDemo sign-ins (password for all: overture-demo)\n"
            "  candidate:  candidate@example.com\n"
            "  recruiter:  recruiter@example.com\n"
            "  staff:      support@example.com  (staff console at /admin/)\n"
            "Open http://127.0.0.1:8000/ and sign in. Sent emails: /dev/mailbox/\n"
        )

    def user(self, email: str, name: str, tz: str, **extra: Any) -> User:
        return User.objects.create_user(
            email=email, name=name, password=PASSWORD, time_zone=tz, **extra
        )

    def seed(self) -> None:
        self.user(
            "support@example.com", "Sam Support", "Europe/London", is_staff=True, is_superuser=True
        )
        companies = {}
        recruiters = {}
        for index, (name, size, locations, stack, culture, website) in enumerate(COMPANIES):
            company = Company.objects.create(
                name=name,
                size=size,
                locations=locations,
                tech_stack=stack,
                culture=culture,
                website=website,
            )
            email = "recruiter@example.com" if index == 0 else f"hiring{index}@example.com"
            person = "Riley Recruiter" if index == 0 else f"{name.split()[0]} Hiring"
            recruiter = self.user(email, person, "Europe/Berlin")
            Membership.objects.create(
                user=recruiter, company=company, role=Role.ADMIN if index else Role.RECRUITER
            )
            companies[name], recruiters[name] = company, recruiter
        admin = self.user("acme-admin@example.com", "Ada Admin", "Europe/Berlin")
        Membership.objects.create(user=admin, company=companies["Acme Robotics"], role=Role.ADMIN)

        dana_user = self.user("candidate@example.com", "Dana Candidate", "Europe/Berlin")
        dana = Candidate.objects.create(
            user=dana_user,
            headline="Full-stack developer (Python, TypeScript)",
            location="Berlin",
            skills=["Python", "Django", "TypeScript", "PostgreSQL"],
            years_experience=6,
            desired_salary_currency="EUR",
            desired_salary_amount=80000,
        )
        others = []
        for index, (name, headline, location, tz, skills, years) in enumerate(CANDIDATES):
            user = self.user(f"candidate{index + 2}@example.com", name, tz)
            others.append(
                Candidate.objects.create(
                    user=user,
                    headline=headline,
                    location=location,
                    skills=skills,
                    years_experience=years,
                    desired_salary_currency="EUR",
                    desired_salary_amount=50000 + years * 5000,
                )
            )

        def send(
            company: str,
            candidate: Candidate,
            title: str,
            note: str,
            low: int,
            high: int | None = None,
        ) -> InterviewRequest:
            return send_request(
                by=recruiters[company], candidate=candidate, details=details(title, note, low, high)
            )

        # Dana has a request in every state.
        acme = send(
            "Acme Robotics",
            dana,
            "Senior Python Engineer",
            "Hi Dana, your Django work stood out. We'd love to talk about our "
            "robot-fleet platform.",
            75000,
            90000,
        )
        backdate(acme, timedelta(days=2, hours=3))
        northwind = send(
            "Northwind Labs",
            dana,
            "Full-stack Developer",
            "We like your mix of Python and TypeScript.",
            70000,
        )
        backdate(northwind, timedelta(days=12, hours=6))

        globex = send("Globex Health", dana, "Backend Engineer", "Let's talk!", 85000, 95000)
        accept_request(globex, by=dana_user, note="Happy to talk; mornings suit me best.")
        backdate(globex, timedelta(days=1))

        initech = send("Initech Finance", dana, "Software Engineer", "Great profile.", 65000)
        decline_request(
            initech,
            by=dana_user,
            reason="tech_stack",
            note="Thanks, but I'd rather stay with Python.",
        )
        backdate(initech, timedelta(days=5))

        umbrella = send("Umbrella Data", dana, "Data Platform Engineer", "Interested?", 90000)
        backdate(umbrella, timedelta(days=20))

        hooli = send("Hooli Cloud", dana, "Infrastructure Engineer", "Hello Dana!", 110000)
        withdraw_request(hooli, by=recruiters["Hooli Cloud"])
        backdate(hooli, timedelta(days=8))

        stark = send("Stark Mobility", dana, "Founding Engineer", "Join us early.", 70000)
        process = accept_request(stark, by=dana_user)
        end_process(
            process,
            by=recruiters["Stark Mobility"],
            reason="We hired someone internally. Thank you for your time!",
        )
        backdate(stark, timedelta(days=10))

        # The recruiter's own desk: sent requests in several states.
        for index, candidate in enumerate(others[:4]):
            request = send(
                "Acme Robotics",
                candidate,
                "Robotics Software Engineer",
                f"Hi {candidate.name.split()[0]}, we'd love to talk.",
                70000,
                85000,
            )
            if index == 1:
                accept_request(request, by=candidate.user, note="Sounds great.")
            backdate(request, timedelta(days=index + 1))

        # Globex booked a first video interview in Dana's next free slot.
        globex.refresh_from_db()
        now = timezone.now()
        first_free = free_slots_for(
            dana, minutes=45, now=now, start=now, end=now + timedelta(days=14)
        )[0]
        book(
            globex.process,
            by=recruiters["Globex Health"],
            starts_at=first_free,
            minutes=45,
            details=Details(
                medium=Medium.VIDEO,
                location="https://meet.example.com/globex-dana",
                note="A first chat with the team lead, no preparation needed.",
            ),
        )

        post_message(
            globex.process,
            by=recruiters["Globex Health"],
            body="Thanks for accepting, Dana! Is a video call fine for the first chat?",
        )
        post_message(globex.process, by=dana_user, body="Video is perfect, thank you.")

        # Dana asked support to re-open the Stark Mobility process.
        open_ticket(
            by=dana_user,
            subject="Please re-open my Stark Mobility interview",
            description="They ended it by mistake; their founder wrote to me today.",
            category=Category.REOPEN,
            interview=stark,
        )

        # A second candidate's request about to be automatically declined.
        near = send(
            "Northwind Labs", others[5], "Backend Developer", "We'd like to meet you soon.", 60000
        )
        now = timezone.now()
        shift = near.expires_at - (now + timedelta(seconds=40))
        backdate(near, shift)
