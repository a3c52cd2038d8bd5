from django.http import Http404

from overture.accounts.models import User
from overture.candidates.models import Candidate


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
