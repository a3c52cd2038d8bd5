"""The one domain error: an action refused, with a message fit for the user."""

from enum import StrEnum


class Reason(StrEnum):
    INVALID = "invalid"  # the input breaks a rule: 400 / form error
    FORBIDDEN = "forbidden"  # this actor may not do this: 403
    CONFLICT = "conflict"  # the state has moved on (expired, answered, taken): 409


class Refused(Exception):
    def __init__(self, message: str, reason: Reason = Reason.CONFLICT) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason

    @property
    def http_status(self) -> int:
        return {Reason.INVALID: 400, Reason.FORBIDDEN: 403, Reason.CONFLICT: 409}[self.reason]
