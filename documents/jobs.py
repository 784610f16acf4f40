"""The documents' time-driven work, run by ``workflows.tick`` (``permits_tick``): what a lost
task or a late key left undone. Each is idempotent, under the document's row lock."""

from datetime import datetime

from .licences import licences_assign_pending
from .pdf_files import documents_render_pending
from .sealing import seals_pending
from .signing import certificates_sign_pending


def documents_render(now: datetime) -> int:
    """Documents whose PDF is not rendered yet (a lost task, a worker down): rendered, audited
    and (approvals) signed now, each under its row lock, so overlapping ticks render once."""
    return documents_render_pending()


def documents_sign(now: datetime) -> int:
    """Approval documents still unsigned (a lost task, a key installed late): signed now, each
    under its row lock, so overlapping ticks sign each once."""
    return certificates_sign_pending()


def documents_seal(now: datetime) -> int:
    """Documents the e-seal platform has not sealed yet (down, slow: issue 49) whose backoff
    has run out: asked again now, each stored under its row lock if its file is unchanged."""
    return seals_pending(now)


def licences_assign(now: datetime) -> int:
    """Approvals without their electronic licence identifier (issued before their type code or
    their agency's credit code was entered, before issue 49 among them): assigned now."""
    return licences_assign_pending()
