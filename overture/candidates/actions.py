"""What candidates change about who can reach them (SPEC §3)."""

from django.db import IntegrityError, transaction

from overture.accounts.models import User
from overture.candidates.models import Block, Candidate
from overture.companies.models import Company
from overture.lib.errors import Reason, Refused


def _own_candidate(by: User) -> Candidate:
    candidate = getattr(by, "candidate", None)
    if candidate is None:
        raise Refused("Only candidates can do this.", Reason.FORBIDDEN)
    return candidate


@transaction.atomic
def block_company(company: Company, *, by: User) -> Block:
    """Hide from a company: it can no longer find the candidate nor send them
    requests. Requests it already sent stay as they are."""
    candidate = _own_candidate(by)
    try:
        with transaction.atomic():
            return Block.objects.create(candidate=candidate, company=company)
    except IntegrityError:
        return Block.objects.get(candidate=candidate, company=company)


@transaction.atomic
def unblock_company(company: Company, *, by: User) -> bool:
    candidate = _own_candidate(by)
    deleted, _ = Block.objects.filter(candidate=candidate, company=company).delete()
    return bool(deleted)
