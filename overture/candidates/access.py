from django.http import Http404

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.companies.models import Company


def get_candidate_for(user: User, candidate_id: int) -> Candidate:
    """A candidate profile as a company member may see it: never a paused
    candidate, nor one who blocks the member's company."""
    membership = getattr(user, "membership", None)
    if membership is None:
        raise Http404("No such candidate.")
    candidate = (
        Candidate.objects.visible_to(membership.company)
        .select_related("user")
        .filter(pk=candidate_id)
        .first()
    )
    if candidate is None:
        raise Http404("No such candidate.")
    return candidate


def get_company_to_block(user: User, company_id: int) -> Company:
    """Any company, for a candidate to block or unblock: company names are public."""
    if getattr(user, "candidate", None) is None:
        raise Http404("No such company.")
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        raise Http404("No such company.")
    return company


def get_own_candidate(user: User) -> Candidate:
    """The signed-in person's own candidate profile, for their own pages."""
    candidate = getattr(user, "candidate", None)
    if candidate is None:
        raise Http404("Only candidates have this page.")
    return candidate
