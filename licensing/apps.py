from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    """The permit's own life after the grant under the Administrative Licensing Law (product.md
    §18): the holder heard before a revocation or a withdrawal, and the acts that follow."""

    name = "licensing"
    verbose_name = _("The permit's life")

    def ready(self) -> None:
        from permits.choices import Step
        from workflows.services import STEP_DECIDERS
        from workflows.tick import job_register

        from .lapses import permits_lapse
        from .requests import permit_request_decide, renewals_deem, requests_orphaned_close
        from .windows import introduction_windows_close

        STEP_DECIDERS[Step.REQUEST_ACCEPTANCE] = permit_request_decide
        STEP_DECIDERS[Step.REQUEST_REVIEW] = permit_request_decide
        # Before the permits' ends: a renewal the agency left undecided is granted by the law
        # the day after the last day (art. 50(2)), and the permit does not end.
        job_register("renewals granted by law", renewals_deem, before="expired or use ended")
        # After them: a request left open on a permit that ended by its period is closed.
        job_register("permit requests closed", requests_orphaned_close, before="obligations due")
        # Before the documents of the tick are rendered: its 注销 notices go out the same tick.
        job_register("permits lapsed and cancelled", permits_lapse)
        # An introduction's window closes (§18 B6): recorded once, the holder told.
        job_register("introduction windows closed", introduction_windows_close)
