import secrets

from django.db import transaction

from overture.accounts.models import User
from overture.companies.models import Company, Membership, Role
from overture.lib.errors import Reason, Refused


def _require_admin(company: Company, by: User) -> None:
    membership = getattr(by, "membership", None)
    if membership is None or membership.company_id != company.pk or not membership.is_admin:
        raise Refused("Only the company's admins can do this.", Reason.FORBIDDEN)


@transaction.atomic
def add_member(company: Company, *, by: User, name: str, email: str, role: str) -> User:
    """Create a colleague's account; they choose a password from the email link."""
    _require_admin(company, by)
    if User.objects.filter(email__iexact=email).exists():
        raise Refused("Someone already has an Overture account with that email.", Reason.INVALID)
    # A random password they never see: the emailed link lets them choose their own.
    user = User.objects.create_user(
        email=email, name=name, time_zone=by.time_zone, password=secrets.token_urlsafe(32)
    )
    Membership.objects.create(user=user, company=company, role=Role(role))
    return user


def update_company(company: Company, *, by: User) -> Company:
    """Save a company whose profile fields were changed (by CompanyForm)."""
    _require_admin(company, by)
    company.save()
    return company
