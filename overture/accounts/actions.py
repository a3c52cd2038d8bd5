from django.db import transaction

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.companies.models import Company, Membership, Role


@transaction.atomic
def sign_up_candidate(*, email: str, name: str, password: str, time_zone: str) -> User:
    user = User.objects.create_user(email=email, name=name, password=password, time_zone=time_zone)
    Candidate.objects.create(user=user)
    return user


@transaction.atomic
def sign_up_company(
    *, email: str, name: str, password: str, time_zone: str, company_name: str, company_size: str
) -> User:
    user = User.objects.create_user(email=email, name=name, password=password, time_zone=time_zone)
    company = Company.objects.create(name=company_name, size=company_size)
    Membership.objects.create(user=user, company=company, role=Role.ADMIN)
    return user
