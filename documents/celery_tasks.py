"""Celery tasks of the documents (run by the worker when ``CELERY_BROKER_URL`` is set)."""

from celery import shared_task

from . import eseal, pdf_files, signing


@shared_task(name=pdf_files.RENDER_TASK)
def document_render(certificate_id: int) -> bool:
    return pdf_files.document_render_and_sign(certificate_id)


@shared_task(name=signing.SIGN_TASK)
def certificate_sign(certificate_id: int) -> bool:
    return signing.certificate_sign(certificate_id)


# The e-seal platform down or slow (issue 49): retried with an exponential backoff (30 s,
# doubling, ten minutes at most, jittered) for about two hours; past that, permits_tick tries
# each document again after its own recorded backoff (eseal.certificates_eseal_pending).
@shared_task(
    name=eseal.SEAL_TASK,
    autoretry_for=(eseal.SealingUnavailable,),
    retry_backoff=eseal.FIRST_RETRY_SECONDS,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=15,
)
def certificate_eseal(certificate_id: int) -> bool:
    return eseal.certificate_eseal(certificate_id, raise_unavailable=True)
