from typing import Any

from django.http import HttpRequest


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_candidate": False, "is_company_member": False}
    return {"is_candidate": user.is_candidate, "is_company_member": user.is_company_member}
