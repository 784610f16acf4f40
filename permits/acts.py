"""An act is one value (issue 44): who acts, for which agency, in which role, from which
address, on which application and from which status, built once when the act begins and given
to the audit trail (``audit.trail.act_record`` reads it through its ``RecordedAct`` protocol),
to the documents (the agency in whose name they are issued, the signer's name) and to the
notifications. The system's acts (the tick, the law deciding) are acts of no one."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User

from audit.trail import act_record, display_name
from roles.models import Agency, Organisation, Role

from .models import Application

SYSTEM_ROLE = "system"


@dataclass(frozen=True)
class Act:
    """One act on ``application`` (or on no application: a layer import, a report)."""

    by: User | None
    agency: Agency | None
    role: str
    application: Application | None = None
    client_ip: str | None = None
    # The application's status when the act began; "" without an application.
    from_status: str = field(default="")

    @classmethod
    def on(
        cls,
        application: Application,
        by: User | None,
        *,
        agency: Agency | None,
        role: str,
        client_ip: str | None = None,
    ) -> "Act":
        """The act of ``by`` on ``application`` as it stands now (its status before the act)."""
        return cls(by, agency, role, application, client_ip, application.status)

    @classmethod
    def of_deciding_agency(
        cls, application: Application, by: User | None, client_ip: str | None = None
    ) -> "Act":
        """An act on a granted permit in the name of the agency that decided it (a change, a
        revocation, a lapse): the system's when ``by`` is None."""
        role = application.deciding_role if by is not None else SYSTEM_ROLE
        return cls.on(
            application, by, agency=application.deciding_agency, role=role, client_ip=client_ip
        )

    @property
    def status_now(self) -> str:
        return self.application.status if self.application is not None else ""

    @property
    def organisation(self) -> Organisation | None:
        """The organisation a holder acts for (the trail names it for a holder's act)."""
        if self.role != Role.APPLICANT or self.application is None:
            return None
        return self.application.organisation

    @property
    def signed_by_name(self) -> str:
        """The name a document issued by this act prints for its signer ("" for the system)."""
        return display_name(self.by) if self.by is not None else ""

    # This act's event: ``act.record(action, ...)`` is the trail's ``act_record(act, action, ...)``.
    record = act_record
