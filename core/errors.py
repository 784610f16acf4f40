"""Domain errors raised by services; the API and the web views translate them, nothing else."""

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Problem:
    """One entry of the API's ``errors`` list (api.md, Errors)."""

    field: str | None
    code: str
    message: "StrOrPromise"
    rule: str | None = None
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["message"] = str(self.message)
        data["source"] = None if self.source is None else str(self.source)
        return data


class Refused(ValueError):
    """Input refused as it is read, before any service sees it (a JSON body, a table, a
    geometry): the API's machine ``code`` and the message people read."""

    def __init__(self, code: str, message: "StrOrPromise") -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


class ServiceError(Exception):
    status_code = 400
    default_detail = _("The request could not be processed.")

    def __init__(
        self, detail: "StrOrPromise | None" = None, problems: list[Problem] | None = None
    ) -> None:
        self.detail = detail or self.default_detail
        self.problems = problems or []
        super().__init__(str(self.detail))


class InvalidInput(ServiceError):
    status_code = 400
    default_detail = _("Some values are not valid.")

    @classmethod
    def on(cls, field: str, code: str, message: object) -> "InvalidInput":
        """One field's refusal."""
        return cls(problems=[Problem(field, code, str(message))])


class RulesViolated(ServiceError):
    status_code = 400
    default_detail = _("The application does not satisfy the policy rules.")


class NotAllowed(ServiceError):
    status_code = 403
    default_detail = _("You are not allowed to do this.")


class NotVisible(ServiceError):
    status_code = 404
    default_detail = _("Not found.")


class StateConflict(ServiceError):
    status_code = 409
    default_detail = _("This action is not possible in the current state.")

    @classmethod
    def on(cls, code: str, message: "StrOrPromise") -> "StateConflict":
        """The refusal of an act in this state: ``message``, once as the detail and once as the
        problem ``code`` of no field."""
        return cls(message, [Problem(None, code, str(message))])


class UploadTooLarge(ServiceError):
    status_code = 413
    default_detail = _("The file is too large.")


class UploadTypeRefused(ServiceError):
    status_code = 415
    default_detail = _("This type of file is not accepted.")


class TooManyRequests(ServiceError):
    """The public doors' throttles (public.throttle): too many in too short a time."""

    status_code = 429
    default_detail = _("Too many requests from here in a short time: try again later.")
