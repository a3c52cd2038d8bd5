"""Volume test data, inserted in bulk rather than through actions."""

from datetime import datetime, timedelta

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.companies.models import Company
from overture.interviews.models import InterviewRequest


def seed_overdue(now: datetime, *, side: int) -> None:
    """side companies x side candidates, one pending request per pair, all a
    day past their deadline; built with bulk inserts, for volume tests."""
    users = User.objects.bulk_create(
        [User(email=f"sender{i}@example.com", name=f"Sender {i}") for i in range(side)]
        + [User(email=f"cand{i}@example.com", name=f"Candidate {i}") for i in range(side)]
    )
    senders, candidate_users = users[:side], users[side:]
    companies = Company.objects.bulk_create(
        [Company(name=f"Company {i}", size="11-50") for i in range(side)]
    )
    candidates = Candidate.objects.bulk_create([Candidate(user=u) for u in candidate_users])
    sent = now - timedelta(days=15)
    InterviewRequest.objects.bulk_create(
        [
            InterviewRequest(
                company=company,
                sender=sender,
                candidate=candidate,
                role_title="Engineer",
                role_description="Build things.",
                work_arrangement="remote",
                salary_currency="EUR",
                salary_min=50000,
                personal_note="Hello",
                sent_at=sent,
                expires_at=sent + timedelta(days=14),
            )
            for company, sender in zip(companies, senders, strict=True)
            for candidate in candidates
        ],
        batch_size=2000,
    )
