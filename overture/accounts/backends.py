from typing import Any

from django.contrib.auth.backends import ModelBackend

from overture.accounts.models import User


class EmailBackend(ModelBackend):
    """Signs in by email (any case) and loads the user's role in the same query."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User.objects.select_related("candidate", "membership__company").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
