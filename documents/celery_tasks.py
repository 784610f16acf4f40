"""Celery tasks of the documents (run by the worker when ``CELERY_BROKER_URL`` is set)."""

from celery import shared_task

from . import pdf_files, signing


@shared_task(name=pdf_files.RENDER_TASK)
def document_render(certificate_id: int) -> bool:
    return pdf_files.document_render_and_sign(certificate_id)


@shared_task(name=signing.SIGN_TASK)
def certificate_sign(certificate_id: int) -> bool:
    return signing.certificate_sign(certificate_id)
