"""Fetch-and-authorize in one call. Anything a person may not see is a 404,
so nobody learns that an id exists by guessing it."""

from django.http import Http404

from overture.accounts.models import User
from overture.interviews.models import InterviewProcess, InterviewRequest, RequestQuerySet


def requests_visible_to(user: User) -> RequestQuerySet:
    if not user.is_authenticated:
        return InterviewRequest.objects.none()
    candidate = getattr(user, "candidate", None)
    if candidate is not None:
        return InterviewRequest.objects.filter(candidate=candidate)
    membership = getattr(user, "membership", None)
    if membership is not None:
        return InterviewRequest.objects.filter(company_id=membership.company_id)
    return InterviewRequest.objects.none()


def get_request_for(user: User, request_id: int) -> InterviewRequest:
    request = (
        requests_visible_to(user)
        .select_related("company", "sender", "candidate__user", "process", "process__ended_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise Http404("No such interview request.")
    return request


def get_company_request_for(user: User, request_id: int) -> InterviewRequest:
    """Only for company members (edit, withdraw)."""
    if getattr(user, "membership", None) is None:
        raise Http404("No such interview request.")
    return get_request_for(user, request_id)


def get_candidate_request_for(user: User, request_id: int) -> InterviewRequest:
    """Only for the candidate it was sent to (accept, decline)."""
    if getattr(user, "candidate", None) is None:
        raise Http404("No such interview request.")
    return get_request_for(user, request_id)


def get_process_for(user: User, request_id: int) -> InterviewProcess:
    request = get_request_for(user, request_id)
    try:
        return request.process
    except InterviewProcess.DoesNotExist:
        raise Http404("This request has no interview process.") from None
