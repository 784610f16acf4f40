"""Personal data encrypted at rest (issue 49 item 3; GB/T 39786-2021 level 3, 重要数据存储机密性).

A column declared ``EncryptedTextField`` holds ``pii:v1:<cipher>:<key id>:<base64>`` where the
base64 is the 12-byte nonce, the ciphertext and the 16-byte tag of an AEAD: SM4-GCM (GB/T 32907
block cipher in GCM, RFC 8998) by default, AES-256-GCM with ``PERMITS_PII_CIPHER=aes-gcm``. The
header (and the column's model and name) are the associated data, so a value moved to another
column or with its header edited is refused, never served garbled. An empty value stays empty:
that a reporter left a contact is no secret (the audit says so), and the erasure tick and its
partial index read it.

The keys come from a provider (``PERMITS_PII_KEY_PROVIDER``): ``file`` reads the JSON key file
``PERMITS_PII_KEY_FILE`` (created under var/ only where ``PERMITS_PII_KEY_AUTOCREATE`` is on:
DEBUG); a dotted path names a class of the deployment's own (a KMS or 密码机 adapter) with the
``KeyProvider`` interface. Every key carries an id written into each value, so a new key can be
made active while the old ones still decrypt, and ``manage.py pii_rotate`` re-encrypts the rows.

A value is found by a keyed hash (``pii_index``: HMAC-SM3 under the file's active index key),
never by its clear text: the blind-index column beside it, which its model declares in
``pii_indexes``. The index key is rotated as the data keys are: a new index key made active beside
the old (``index_keys``, ``index_active``), ``manage.py pii_rotate --index`` recomputes every
index, and until it is done a lookup asks for the value's hash under each index key in the file.
"""

import base64
import binascii
import contextlib
import dataclasses
import json
import os
import secrets
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.module_loading import import_string

PREFIX = "pii:v1:"
CIPHERS = ("sm4", "aes-gcm")
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
# The id a key file's single ``index_key`` (written before index keys rotated) goes by.
LEGACY_INDEX_ID = "i1"

MSG_KEYS = (
    "The personal-data key file {path} is missing or unreadable ({reason}). Set "
    "PERMITS_PII_KEY_FILE to the JSON key file (docs/deployment.md, Personal data at rest), "
    "or `manage.py pii_key_create {path}` to make one."
)
MSG_UNDECRYPTABLE = (
    "A personal-data value in {column} does not decrypt under key {key_id!r} ({reason}): the "
    "key file is not the one it was written with. Nothing is served in its place."
)


class PiiKeyError(ImproperlyConfigured):
    """The keys are missing, malformed, or not those the data were written with."""


@dataclass(frozen=True)
class PiiKeys:
    """What a provider gives: the key that encrypts, every key that may still decrypt (each 32
    bytes, by id), and the key the blind indexes are computed with (``index_key``, of id
    ``index_id``), with the index keys it replaces that some indexes may still be under until
    ``pii_rotate --index`` has recomputed them (``index_previous``, by id)."""

    active: str
    keys: dict[str, bytes]
    index_key: bytes
    index_id: str = LEGACY_INDEX_ID
    index_previous: dict[str, bytes] = dataclasses.field(default_factory=dict)


class KeyProvider(Protocol):
    """The seam a KMS or 密码机 adapter fills: ``keys()`` answers the keys (it may cache them;
    it is asked once a process and again when ``pii_keys_reset`` is called). It raises
    ``PiiKeyError`` when it cannot answer. The data keys never leave the process otherwise."""

    def keys(self) -> PiiKeys: ...


def _hex_key(text: object, what: str) -> bytes:
    try:
        key = bytes.fromhex(str(text))
    except ValueError as error:
        raise ValueError(f"{what} is not hexadecimal") from error
    if len(key) != KEY_BYTES:
        raise ValueError(f"{what} is not {KEY_BYTES} bytes")
    return key


def _keys_by_id(raw: object, what: str, active: object) -> dict[str, bytes]:
    if not isinstance(raw, dict) or not raw:
        raise ValueError(f"no {what}")
    keys = {str(kid): _hex_key(value, f"{what[:-1]} {kid!r}") for kid, value in raw.items()}
    if any(not kid or ":" in kid for kid in keys):
        raise ValueError(f"an id of the {what} is empty or holds ':'")
    if active not in keys:
        raise ValueError(f"the active {what[:-1]} {active!r} is not among the {what}")
    return keys


def _index_keys(document: dict[str, Any]) -> tuple[str, dict[str, bytes]]:
    """The index keys by id and the active one's id: ``index_keys`` with ``index_active``, or
    the single ``index_key`` of a file made before index keys rotated (id ``i1``)."""
    if "index_keys" not in document:
        return LEGACY_INDEX_ID, {LEGACY_INDEX_ID: _hex_key(document.get("index_key"), "index_key")}
    if "index_key" in document:
        raise ValueError("both index_key and index_keys: keep index_keys only")
    active = document.get("index_active")
    return str(active), _keys_by_id(document["index_keys"], "index keys", active)


def keys_parse(document: dict[str, Any]) -> PiiKeys:
    """The key file's JSON: ``{"active": id, "keys": {id: 64 hex digits}, "index_active": id,
    "index_keys": {id: 64 hex digits}}`` (or, as first made, one ``"index_key": 64 hex
    digits``); ValueError saying what is wrong."""
    active = document.get("active")
    keys = _keys_by_id(document.get("keys"), "keys", active)
    index_id, index_keys = _index_keys(document)
    index_key = index_keys.pop(index_id)
    return PiiKeys(str(active), keys, index_key, index_id, index_keys)


def key_file_create(path: Path) -> None:
    """A new key file (one key, ``k1``, and an index key): readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "active": "k1",
        "keys": {"k1": secrets.token_hex(KEY_BYTES)},
        "index_key": secrets.token_hex(KEY_BYTES),
    }
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(document, file, indent=2)


def key_file_add(path: Path, key_id: str) -> None:
    """A new key added to the file and made active (the old ones kept: they still decrypt)."""
    document = json.loads(path.read_text())
    if key_id in document.get("keys", {}):
        raise ValueError(f"key {key_id!r} is already in {path}")
    document["keys"][key_id] = secrets.token_hex(KEY_BYTES)
    document["active"] = key_id
    _key_file_write(path, document)


def key_file_add_index(path: Path, index_id: str) -> None:
    """A new index key added to the file and made active; the old ones kept (lookups still try
    them) until ``pii_rotate --index`` has recomputed every index. A file's single
    ``index_key`` becomes ``index_keys`` ``{"i1": …}``."""
    document = json.loads(path.read_text())
    if "index_keys" not in document:
        document["index_keys"] = {LEGACY_INDEX_ID: document.pop("index_key", None)}
    if index_id in document["index_keys"]:
        raise ValueError(f"index key {index_id!r} is already in {path}")
    document["index_keys"][index_id] = secrets.token_hex(KEY_BYTES)
    document["index_active"] = index_id
    _key_file_write(path, document)


def _key_file_write(path: Path, document: dict[str, Any]) -> None:
    """``document`` checked, then put in place of the file at once (owner-only)."""
    keys_parse(document)
    temporary = path.with_suffix(".new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(document, file, indent=2)
    temporary.replace(path)


class FileKeyProvider:
    """The keys in ``PERMITS_PII_KEY_FILE``; created first where ``PERMITS_PII_KEY_AUTOCREATE``
    (development, the tests)."""

    def keys(self) -> PiiKeys:
        path = Path(settings.PERMITS_PII_KEY_FILE)
        if not path.exists() and settings.PERMITS_PII_KEY_AUTOCREATE:
            with contextlib.suppress(FileExistsError):  # another process made it first
                key_file_create(path)
        try:
            return keys_parse(json.loads(path.read_text()))
        except (OSError, ValueError, TypeError, AttributeError) as error:
            raise PiiKeyError(MSG_KEYS.format(path=path, reason=error)) from error


@lru_cache(maxsize=1)
def _provider_keys() -> PiiKeys:
    name = settings.PERMITS_PII_KEY_PROVIDER
    provider: KeyProvider = FileKeyProvider() if name == "file" else import_string(name)()
    return provider.keys()


def pii_keys() -> PiiKeys:
    """The keys, asked of the provider once a process."""
    return _provider_keys()


def pii_keys_reset() -> None:
    """Forget the keys read (a rotation's new file, the tests' own keys)."""
    _provider_keys.cache_clear()
    _aead.cache_clear()


# --- The cipher -------------------------------------------------------------------------------


def _derived(key: bytes, cipher: str) -> bytes:
    """The cipher's own key from the 32-byte master (HMAC-SM3 as the derivation): SM4 takes 16
    bytes, AES-256 32, and one master never keys two algorithms alike."""
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(f"permits-pii/v1/{cipher}".encode())
    digest = mac.finalize()
    return digest[:16] if cipher == "sm4" else digest


class _Aead(Protocol):
    def encrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes: ...
    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes: ...


class Sm4Gcm:
    """SM4 in GCM (RFC 8998) through ``cryptography``'s OpenSSL, with AESGCM's interface."""

    def __init__(self, key: bytes) -> None:
        self._algorithm = algorithms.SM4(key)

    def encrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes:
        encryptor = Cipher(self._algorithm, modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(associated_data or b"")
        return encryptor.update(data) + encryptor.finalize() + encryptor.tag

    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes:
        body, tag = data[:-TAG_BYTES], data[-TAG_BYTES:]
        decryptor = Cipher(self._algorithm, modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(associated_data or b"")
        return decryptor.update(body) + decryptor.finalize()


@lru_cache(maxsize=16)
def _aead(cipher: str, key_id: str) -> _Aead:
    master = pii_keys().keys.get(key_id)
    if master is None:
        raise PiiKeyError(f"no personal-data key {key_id!r} in the key file")
    derived = _derived(master, cipher)
    return Sm4Gcm(derived) if cipher == "sm4" else AESGCM(derived)


def _associated(cipher: str, key_id: str, column: str) -> bytes:
    return f"{PREFIX}{cipher}:{key_id}|{column}".encode()


def pii_encrypt(text: str, column: str) -> str:
    """``text`` as stored in ``column`` (``app.Model.field``) under the active key and the
    configured cipher."""
    cipher, key_id = settings.PERMITS_PII_CIPHER, pii_keys().active
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = _aead(cipher, key_id).encrypt(
        nonce, text.encode(), _associated(cipher, key_id, column)
    )
    return f"{PREFIX}{cipher}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def pii_header(stored: str) -> tuple[str, str] | None:
    """The cipher and key id a stored value names; None for a value not (yet) encrypted."""
    if not stored.startswith(PREFIX):
        return None
    cipher, key_id, _body = stored[len(PREFIX) :].split(":", 2)
    return cipher, key_id


def pii_decrypt(stored: str, column: str) -> str:
    """The clear text of a stored value; PiiKeyError when it does not decrypt (a wrong key, an
    edited value). A value without the prefix is one written before the column was encrypted
    (the migration encrypts them all): it is answered as it is."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        cipher, key_id, body = stored[len(PREFIX) :].split(":", 2)
        raw = base64.b64decode(body, validate=True)
        if cipher not in CIPHERS or len(raw) < NONCE_BYTES + TAG_BYTES:
            raise ValueError("malformed value")
        clear = _aead(cipher, key_id).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated(cipher, key_id, column)
        )
        return clear.decode()
    except (ValueError, binascii.Error, InvalidTag, UnicodeDecodeError) as error:
        reason = "authentication failed" if isinstance(error, InvalidTag) else str(error)
        named = "".join(stored[len(PREFIX) :].split(":")[1:2])
        raise PiiKeyError(
            MSG_UNDECRYPTABLE.format(column=column, key_id=named, reason=reason)
        ) from error


def pii_current(stored: str) -> bool:
    """Whether a stored value is under the active key and the configured cipher (or empty)."""
    if not stored:
        return True
    return pii_header(stored) == (settings.PERMITS_PII_CIPHER, pii_keys().active)


# --- The blind index --------------------------------------------------------------------------


def pii_normalised(text: str) -> str:
    """What two spellings of one contact share: NFKC (full-width digits), no spaces or dashes,
    lower case."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if not c.isspace() and c not in "-()（）")


def _index_mac(key: bytes, purpose: str, normalised: str) -> str:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(f"{purpose}\n{normalised}".encode())
    return mac.finalize().hex()


def pii_index(text: str, purpose: str) -> str:
    """The keyed hash (HMAC-SM3 under the active index key) a column is written with; empty for
    an empty value. ``purpose`` keeps two columns' hashes of one value apart."""
    normalised = pii_normalised(text)
    return _index_mac(pii_keys().index_key, purpose, normalised) if normalised else ""


def pii_index_candidates(text: str, purpose: str) -> list[str]:
    """The hashes a lookup of ``text`` asks for: under the active index key, then under each
    older one still in the key file (during an index rotation a row may be under either); none
    for an empty value."""
    normalised = pii_normalised(text)
    if not normalised:
        return []
    keys = pii_keys()
    return [
        _index_mac(key, purpose, normalised)
        for key in (keys.index_key, *keys.index_previous.values())
    ]


@dataclass(frozen=True)
class BlindIndex:
    """A keyed-hash column (``index``) beside the encrypted column it is computed from
    (``source``), with its ``purpose``: a model lists its own in ``pii_indexes``, which the index
    rotation and the start-up probe walk."""

    index: str
    source: str
    purpose: str


def blind_indexes() -> Iterator[tuple[type[models.Model], BlindIndex]]:
    """Every concrete model's blind-index columns."""
    for model in apps.get_models():
        if not model._meta.proxy:
            for declared in getattr(model, "pii_indexes", ()):
                yield model, declared


# --- The field --------------------------------------------------------------------------------


if TYPE_CHECKING:
    _TextField = models.TextField[Any, Any]
else:
    _TextField = models.TextField


class EncryptedTextField(_TextField):
    """A text column stored encrypted (module docstring). Lookups compare the stored text, so
    only ``=""`` means anything: search by the blind index beside it. ``max_length`` bounds the
    clear text (forms, serializers); the column is ``text``."""

    column_label = ""

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only)
        self.column_label = f"{cls._meta.app_label}.{cls.__name__}.{name}"

    def from_db_value(
        self, value: str | None, expression: object, connection: object
    ) -> str | None:
        if not value:
            return value
        return pii_decrypt(value, self.column_label)

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        value = super().get_db_prep_save(value, connection)
        if isinstance(value, str) and value:
            return pii_encrypt(value, self.column_label)
        return value

    def formfield(self, **kwargs: Any) -> Any:
        # A one-line input with the clear text's limit, as the CharField it replaced.
        return models.Field.formfield(
            self, **{"form_class": forms.CharField, "max_length": self.max_length, **kwargs}
        )


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    """Every concrete model's encrypted columns (the rotation's, the checks')."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field
