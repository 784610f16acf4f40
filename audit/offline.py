"""Verify a case file (案卷) with no database and no network (product.md §13).

Run it from the root of a checkout of this repository (where ``audit/`` is), or with that
directory on ``PYTHONPATH``; it needs Python 3.11 and the ``cryptography``, ``orjson`` and
``tongsuopy`` (SM2) packages, not Django::

    python -m audit.offline FILE.zip [--trusted-key BASE64 ...] [--trusted-keys FILE]

Exit 0 only when every check passes *and* a key the auditor holds signed the file; 1 when a
check fails, saying which member failed and why; 2 when every check passes but only the key
inside the file vouches for it (anyone can make a key and re-sign a forged file: pin the
agency's published keys):

1. the ZIP is sound (every member's CRC, the central directory agrees with the local headers),
   no member name is repeated and none is unexpected;
2. every member is listed in ``manifest.json`` with its SHA-256, and nothing else is in the ZIP;
3. ``manifest.sig`` is a valid signature of the manifest, ``checkpoint.json`` a valid
   signature of its tree head, both by keys the auditor holds, neither rotated out before it
   signed (the keys' ``retired_at`` in the saved ``/api/v1/audit/public-keys/``); Ed25519 or
   SM2 as the file's ``sig_alg`` says (issue 49; an SM2 signature is r || s, 64 bytes);
4. each event's hash is the SHA-256 of the fields it lists, its snapshot matches the hashed
   ``snapshot_sha256``, and its inclusion proof leads to the signed root in the checkpoint's
   ``hash_alg`` (SHA-256 or SM3): a proof that only a tree mixing the two leads to is refused,
   saying so;
5. each attachment's and each document's SHA-256 is the one its event recorded;
6. the facts in ``application.json`` are those of the latest hashed snapshot (the facts the
   last decision or submission saw), unless the application is open for revision since.

The keys the auditor holds: ``--trusted-key`` (each key as ``/api/v1/audit/public-keys/``
publishes it), ``--trusted-keys FILE`` (that endpoint's JSON saved, or one base64 key a line) and
the keys embedded at release in ``audit/audit_published_keys.txt``. Imports no Django: only the
standard library, ``cryptography``, ``tongsuopy`` (SM2) and ``audit.merkle`` /
``audit.canonical`` / ``audit.algorithms`` / ``core.masking``.
"""

import argparse
import base64
import binascii
import hashlib
import json
import re
import sys
import zipfile
import zlib
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from audit import algorithms, merkle
from audit.canonical import canonical_json, sha256_hex
from core.masking import facts_masked

MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
# The members a case file holds (documents.casefile): these five and the attachments and documents.
FIXED_MEMBERS = frozenset(
    {"application.json", "checkpoint.json", "events.json", MANIFEST, SIGNATURE}
)
FILE_MEMBER = re.compile(r"(attachments/[^/\\\x00-\x1f]+|documents/[^/\\\x00-\x1f]+\.pdf)")
# The published keys embedded at release (one base64 key a line; # starts a comment).
EMBEDDED_KEYS = Path(__file__).with_name("audit_published_keys.txt")
EXIT_OK, EXIT_REFUSED, EXIT_UNVOUCHED = 0, 1, 2
# What the timeline prints for the trail's codes: ``audit.labels`` in Chinese, written at
# release by ``manage.py audit_labels`` (this module imports no Django). An unknown code prints
# as it is.
LABELS_FILE = Path(__file__).with_name("audit_labels.json")
# The site's zone (Asia/Shanghai keeps no daylight saving): the trail hashes times in UTC, the
# timeline prints them as the bureau's clocks showed them.
BEIJING = timezone(timedelta(hours=8), "北京时间")
# What a damaged ZIP raises while it is read: a bad CRC or a local header that contradicts the
# central directory (BadZipFile), a broken deflate stream, a truncated file, an encrypted or
# unknown compression method.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)


class Refused(Exception):
    """The case file fails a check; the message says which and why."""


# What a hashed snapshot holds that moves on after the decision that hashed it, with no one
# editing the application: its state (bound by the events' ``to_status`` instead) and the
# screening (refreshed when the map's layers change). Every other fact, and the files' hashes,
# change only while the application is open for revision (EDITABLE), and a submission hashes
# them again.
NOT_BOUND = frozenset({"status", "screening"})
EDITABLE = frozenset({"draft", "returned"})


# An empty value of a fact the snapshot does not name: a field added to the record since the
# event hashed it (the occupation's forest category, product.md §16 L6), which the applicant
# never stated. A value, or a fact the snapshot names, is compared.
EMPTY_FACTS = ("", None)


def facts_differing(record: dict[str, Any], snapshot: dict[str, Any]) -> list[str]:
    """The facts (JSON values) in which the application's record and a hashed snapshot differ.
    Shared with ``manage.py audit_verify`` (``permits.integrity.facts_unbound``)."""
    names = (set(record) | set(snapshot)) - NOT_BOUND
    added_since = {n for n in set(record) - set(snapshot) if record[n] in EMPTY_FACTS}
    # Personal facts compared masked: a snapshot hashed before they were masked holds them in
    # clear, and masking is idempotent (``core.masking``).
    record, snapshot = facts_masked(record), facts_masked(snapshot)
    return sorted(name for name in names - added_since if record.get(name) != snapshot.get(name))


def _record_bound(archive: zipfile.ZipFile, events: list[dict[str, Any]]) -> str:
    """``application.json`` against the trail: its status is the one the latest event led to,
    and its facts are those of the latest hashed snapshot unless the application is open for
    revision since (then the difference is said, not refused). A note for the summary."""
    application = _json(archive, "application.json")
    if not isinstance(application, dict) or not isinstance(application.get("record"), dict):
        raise Refused("application.json: no record")
    status = application.get("status")
    reached = [e["hashed"]["to_status"] for e in events if e["hashed"].get("to_status")]
    if reached and status != reached[-1]:
        raise Refused(
            f"application.json: 状态与审计事件不符 its status {status!r} is not the "
            f"{reached[-1]!r} the latest event led to"
        )
    hashed = [e for e in events if isinstance(e.get("snapshot"), dict) and e["snapshot"]]
    if not hashed:
        return "no decision snapshot to compare application.json with"
    latest = hashed[-1]
    seq = latest["hashed"]["seq"]
    differing = facts_differing(application["record"], latest["snapshot"])
    if differing and status not in EDITABLE:
        raise Refused(
            f"application.json: 事实与第 {seq} 号事件所哈希的快照不符 its facts {differing} "
            f"are not those event #{seq} hashed (the last decision or submission saw them)"
        )
    if differing:
        return f"application.json revised since event #{seq} ({status}): {differing}"
    return f"application.json matches the snapshot of event #{seq}"


def _structure_check(archive: zipfile.ZipFile) -> None:
    """Refuse a repeated member name (a reader takes one copy, the manifest check the other)
    and any member a case file does not hold, then read every member once (its CRC and its
    local header)."""
    names = archive.namelist()
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise Refused(f"成员重复 members repeated: {repeated}")
    unexpected = [n for n in names if n not in FIXED_MEMBERS and not FILE_MEMBER.fullmatch(n)]
    if unexpected or any(".." in n.split("/") for n in names):
        raise Refused(f"意外的成员 unexpected members: {sorted(unexpected)}")
    try:
        bad = archive.testzip()
    except DAMAGED as error:
        raise Refused(f"ZIP 已损坏 damaged ZIP ({error})") from error
    if bad is not None:
        raise Refused(f"{bad}: ZIP 已损坏 damaged (its CRC-32 does not match)")


def _json(archive: zipfile.ZipFile, name: str) -> object:
    try:
        return json.loads(archive.read(name))
    except (KeyError, ValueError) as error:
        raise Refused(f"{name}: missing or not JSON ({error})") from error


def _verify_signature(
    public_b64: str,
    key_id: str,
    signature_b64: str,
    message: bytes,
    sig_alg: str = algorithms.DEFAULT_SIGNATURE,
) -> bytes:
    try:
        public = base64.b64decode(public_b64, validate=True)
        signature = base64.b64decode(signature_b64, validate=True)
    except (ValueError, TypeError) as error:
        raise Refused(f"signature by key {key_id}: not base64 ({error})") from error
    if hashlib.sha256(public).hexdigest()[:16] != key_id:
        raise Refused(f"key {key_id}: its public key does not match its id")
    try:
        algorithms.verify(sig_alg, public, signature, message)
    except algorithms.SignatureRefused as error:
        raise Refused(f"签名无效 signature by key {key_id} refused: {error}") from error
    return public


def _algorithms_of(document: dict[str, Any]) -> tuple[str, str]:
    """A checkpoint's (hash_alg, sig_alg): SHA-256 and Ed25519 when it names none (every one
    made before issue 49); Refused for a name this verifier does not know."""
    hash_alg = str(document.get("hash_alg", algorithms.DEFAULT_HASH))
    sig_alg = str(document.get("sig_alg", algorithms.DEFAULT_SIGNATURE))
    if hash_alg not in algorithms.HASH_ALGORITHMS:
        raise Refused(f"checkpoint: unknown hash algorithm {hash_alg!r}")
    if sig_alg not in algorithms.SIGNATURE_ALGORITHMS:
        raise Refused(f"checkpoint: unknown signature algorithm {sig_alg!r}")
    return hash_alg, sig_alg


def _members(archive: zipfile.ZipFile) -> dict[str, str]:
    manifest = _json(archive, MANIFEST)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("members"), dict):
        raise Refused(f"{MANIFEST}: no member list")
    listed: dict[str, str] = manifest["members"]
    present = set(archive.namelist()) - {MANIFEST, SIGNATURE}
    if present != set(listed):
        extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
        raise Refused(f"{MANIFEST}: members differ (extra {extra}, missing {missing})")
    for name, digest in listed.items():
        if sha256_hex(archive.read(name)) != digest:
            raise Refused(f"{name}: its SHA-256 is not the manifest's")
    return listed


def _signed_keys(archive: zipfile.ZipFile) -> tuple[set[bytes], dict[str, Any]]:
    signature = _json(archive, SIGNATURE)
    checkpoint = _json(archive, "checkpoint.json")
    if not isinstance(signature, dict) or not isinstance(checkpoint, dict):
        raise Refused("manifest.sig or checkpoint.json is not an object")
    try:
        manifest_key = _verify_signature(
            signature["public_key"], signature["key_id"], signature["signature"],
            archive.read(MANIFEST), str(signature.get("sig_alg", algorithms.DEFAULT_SIGNATURE)),
        )  # fmt: skip
        checkpoint_key = _checkpoint_key(checkpoint)
    except KeyError as error:
        raise Refused(f"a signature lacks {error}") from error
    return {manifest_key, checkpoint_key}, checkpoint


def _checkpoint_key(checkpoint: dict[str, Any]) -> bytes:
    """The public key whose valid signature a checkpoint document carries; Refused or
    KeyError otherwise."""
    hash_alg, sig_alg = _algorithms_of(checkpoint)
    message = algorithms.checkpoint_message(
        checkpoint["tree_size"], checkpoint["root_hash"], checkpoint["at"], hash_alg, sig_alg
    )
    return _verify_signature(
        checkpoint["public_key"], checkpoint["key_id"], checkpoint["signature"], message, sig_alg
    )


def _not_rotated_out(checkpoint: dict[str, Any], retired: dict[bytes, str], key: bytes) -> None:
    """Refused when ``key`` had been rotated out (``retired``: the time each held key was
    retired, from the saved public keys) before the checkpoint was signed."""
    retired_at = retired.get(key)
    if retired_at and str(checkpoint["at"]) > retired_at:
        raise Refused(
            f"密钥已轮换停用 key {checkpoint['key_id']} was rotated out at {retired_at}, but "
            f"this checkpoint says it signed at {checkpoint['at']}"
        )


def _json_file(path: str) -> dict[str, Any]:
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Refused(f"{path}: 无法读取或不是 JSON unreadable or not JSON ({error})") from error
    if not isinstance(value, dict):
        raise Refused(f"{path}: not a JSON object")
    return value


def consistency_verify(old: str, new: str, proof: str, trusted: Sequence[bytes] = ()) -> str:
    """That the checkpoint in file ``new`` extends the one in ``old`` (RFC 6962 §2.1.2):
    both signatures valid (by held keys when ``trusted``), and the consistency proof (the
    ``/api/v1/audit/consistency/?first=&second=`` answer saved in ``proof``) leads from the
    old root to the new. A one-line summary; Refused otherwise."""
    heads = [_json_file(old), _json_file(new)]
    answer = _json_file(proof)
    try:
        keys = {_checkpoint_key(head) for head in heads}
        tree_algs = {_algorithms_of(head)[0] for head in heads}
        if len(tree_algs) > 1:
            raise Refused("the two checkpoints name different hash algorithms: not one tree")
        digest = algorithms.digest_of(tree_algs.pop())
        first, second = (int(head["tree_size"]) for head in heads)
        roots = [bytes.fromhex(head["root_hash"]) for head in heads]
        if (int(answer["first"]), int(answer["second"])) != (first, second):
            raise Refused(f"{proof}: a proof from {answer['first']} to {answer['second']} events")
        nodes = [bytes.fromhex(h) for h in answer["proof"]]
    except (KeyError, TypeError, ValueError) as error:
        raise Refused(f"a checkpoint or the proof is malformed ({error})") from error
    if trusted and not keys <= set(trusted):
        raise Refused(
            "签名密钥不在所信任的密钥之中 signed with a key that is not among the trusted keys"
        )
    if not merkle.consistency_valid(first, second, roots[0], roots[1], nodes, digest):
        raise Refused(
            f"一致性证明不成立 the checkpoint of {second} events does not extend the one of "
            f"{first} events: the trail was rewritten between them, or the proof is not theirs"
        )
    return (
        f"ok: the checkpoint of {second} events ({heads[1]['at']}) extends the one of {first} "
        f"events ({heads[0]['at']})"
    )


def _events(archive: zipfile.ZipFile, checkpoint: dict[str, Any]) -> list[dict[str, Any]]:
    events = _json(archive, "events.json")
    if not isinstance(events, list) or not events:
        raise Refused("events.json: no events")
    size, root = int(checkpoint["tree_size"]), bytes.fromhex(checkpoint["root_hash"])
    hash_alg = _algorithms_of(checkpoint)[0]
    for entry in events:
        try:
            hashed, event_hash = entry["hashed"], entry["hash"]
            seq = int(hashed["seq"])
            if sha256_hex(canonical_json(hashed)) != event_hash:
                raise Refused(f"event #{seq}: its hash is not the hash of its fields")
            snapshot = entry.get("snapshot")
            if snapshot is not None and hashed["snapshot_sha256"] != sha256_hex(
                canonical_json(snapshot)
            ):
                raise Refused(f"event #{seq}: its snapshot is not the one hashed")
            path = [bytes.fromhex(h) for h in entry["audit_path"]]
            _included(seq, size, bytes.fromhex(event_hash), path, root, hash_alg)
        except (KeyError, TypeError, ValueError) as error:
            raise Refused(f"events.json: a malformed event ({error})") from error
    return events


def _included(
    seq: int, size: int, leaf: bytes, path: list[bytes], root: bytes, hash_alg: str
) -> None:
    """That the inclusion proof leads to the signed root in the checkpoint's hash; Refused
    otherwise, naming a mix of algorithms where the leaf or the whole tree hashed with the
    other one leads there."""
    digest = algorithms.digest_of(hash_alg)
    if merkle.root_from_path(seq - 1, size, leaf, path, digest) == root:
        return
    for other in algorithms.HASH_ALGORITHMS:
        if other == hash_alg:
            continue
        other_digest = algorithms.digest_of(other)
        mixed = merkle.root_from_path(seq - 1, size, leaf, path, digest, other_digest) == root
        if mixed or merkle.root_from_path(seq - 1, size, leaf, path, other_digest) == root:
            raise Refused(
                f"杂凑算法混用 event #{seq}: its leaf is hashed with {other.upper()} under a "
                f"{hash_alg.upper()} root (the checkpoint's hash_alg): a tree mixing algorithms "
                "is refused"
            )
    raise Refused(f"event #{seq}: its inclusion proof does not lead to the signed root")


def _files_bound(listed: dict[str, str], events: list[dict[str, Any]]) -> None:
    # An applicant's file is recorded by its attachment_added event; an agency's (a special
    # procedure's result, a site check's record and photos) by the event of the act it belongs
    # to, in its ``attachments`` list.
    attached = {
        e["hashed"]["details"].get("sha256")
        for e in events
        if e["hashed"]["action"] == "attachment_added"
    }
    for e in events:
        files = (e["hashed"]["details"] or {}).get("attachments")
        if isinstance(files, list):
            attached |= {f.get("sha256") for f in files if isinstance(f, dict)}
    issued: dict[str, str] = {}  # number -> the latest PDF hash an event recorded
    for e in events:
        details = e["hashed"]["details"] or {}
        if (
            e["hashed"]["action"]
            in (
                "certificate_issued",
                "certificate_signed",
                "revoke",
            )
            and details.get("number")
            and "pdf_sha256" in details
        ):
            # A revocation records the number only: its re-rendered file is recorded by the
            # certificate_issued event after it (documents are drawn after the commit).
            issued[details["number"]] = details["pdf_sha256"]
    for name, digest in listed.items():
        if name.startswith("attachments/") and digest not in attached:
            raise Refused(f"{name}: no event recorded this file")
        if name.startswith("documents/"):
            number = name.removeprefix("documents/").removesuffix(".pdf")
            if issued.get(number) != digest:
                raise Refused(f"{name}: not the document its event recorded")


def verify(
    path: str, trusted: Sequence[bytes] = (), retired: dict[bytes, str] | None = None
) -> str:
    """A one-line summary of a valid case file; Refused otherwise. ``trusted``: the raw public
    keys the auditor holds, one of which must have signed both the manifest and the checkpoint;
    empty, only the file's own keys are checked (``main`` then says so loudly)."""
    try:
        archive = zipfile.ZipFile(path)
    except DAMAGED as error:
        raise Refused(f"{path}: 不是可读的 ZIP not a readable ZIP ({error})") from error
    with archive:
        try:
            _structure_check(archive)
            listed = _members(archive)
            keys, checkpoint = _signed_keys(archive)
            if trusted and not keys <= set(trusted):
                raise Refused(
                    "签名密钥不在所信任的密钥之中 signed with a key that is not among the "
                    "trusted keys"
                )
            for key in keys:
                _not_rotated_out(checkpoint, retired or {}, key)
            events = _events(archive, checkpoint)
            _files_bound(listed, events)
            facts = _record_bound(archive, events)
        except DAMAGED as error:
            raise Refused(f"ZIP 已损坏 damaged ZIP ({error})") from error
    return (
        f"ok: {len(events)} events proven against checkpoint {checkpoint['tree_size']} "
        f"({checkpoint['at']}, key {checkpoint['key_id']}, "
        f"{'/'.join(_algorithms_of(checkpoint))}); {len(listed)} members intact; "
        f"{facts}"
    )


def labels_read() -> dict[str, dict[str, str]]:
    try:
        table = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def _beijing(at: object) -> str:
    try:
        return datetime.fromisoformat(str(at)).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        return str(at)


def timeline(path: str) -> list[str]:
    """The events of a verified case file as a person reads them, one line each: number,
    Beijing time, action, status change, actor and role, in Chinese (``labels_read``)."""
    labels = labels_read()

    def label(table: str, code: object) -> str:
        return labels.get(table, {}).get(str(code), str(code)) if code else ""

    with zipfile.ZipFile(path) as archive:
        events = _json(archive, "events.json")
    lines = ["事件 events（时间为北京时间 UTC+08:00）:"]
    for entry in events if isinstance(events, list) else []:
        hashed = entry.get("hashed", {}) if isinstance(entry, dict) else {}
        before = label("status", hashed.get("from_status"))
        after = label("status", hashed.get("to_status"))
        change = before if not after or after == before else after
        if before and after and after != before:
            change = f"{before} → {after}"
        actor = hashed.get("actor_display_name") or hashed.get("actor_username") or "系统"
        role = label("role", hashed.get("role"))
        lines.append(
            f"  #{hashed.get('seq')}  {_beijing(hashed.get('at'))}  "
            f"{label('action', hashed.get('action'))}  {change}  "
            f"{actor}{f'（{role}）' if role else ''}"
        )
    return lines


def _key_of(text: str, source: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    try:
        algorithms.algorithm_of_public(key)
    except ValueError:
        shown = repr(text.strip()[:60])
        raise ValueError(
            f"{source}: {shown} 不是 Ed25519 或 SM2 公钥 is not an Ed25519 or SM2 public key"
        ) from None
    return key


def retired_read(files: Sequence[str]) -> dict[bytes, str]:
    """When each key of the saved ``/api/v1/audit/public-keys/`` answers was rotated out
    (``retired_at``, as signed times are written); keys still active are absent."""
    retired: dict[bytes, str] = {}
    for name in files:
        try:
            published = json.loads(Path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a file of one key a line: no times (keys_read said what is wrong)
        if isinstance(published, list):
            for entry in published:
                if isinstance(entry, dict) and entry.get("retired_at"):
                    key = _key_of(str(entry["public_key"]), name)
                    retired[key] = str(entry["retired_at"])
    return retired


def keys_read(path: Path) -> list[bytes]:
    """The keys of a file: ``/api/v1/audit/public-keys/``'s JSON, or one base64 key a line
    (blank lines and ``#`` comments skipped). ValueError naming the file otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: 无法读取 unreadable ({error})") from error
    if text.lstrip().startswith("["):
        try:
            published = json.loads(text)
            return [_key_of(str(entry["public_key"]), str(path)) for entry in published]
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}: 不是公钥列表 not a list of public keys ({error})") from error
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [_key_of(line, str(path)) for line in lines if line]


def held_keys(given: Sequence[str], files: Sequence[str]) -> list[bytes]:
    """The keys the auditor holds: given, read from files, and embedded at release."""
    keys = [_key_of(text, "--trusted-key") for text in given]
    for name in files:
        keys += keys_read(Path(name))
    if EMBEDDED_KEYS.exists():
        keys += keys_read(EMBEDDED_KEYS)
    return keys


UNVOUCHED = (
    "警告 WARNING: 没有您持有的密钥为此案卷担保，只有案卷自带的密钥。任何人都能生成密钥并重新签名"
    "伪造的案卷。请用 --trusted-key 或 --trusted-keys 指定机关公布的公钥"
    "（/api/v1/audit/public-keys/）。\n"
    "No key you hold vouches for this file: only the key inside it does, and anyone can make a "
    "key and re-sign a forged file. Pin the agency's published keys with --trusted-key or "
    "--trusted-keys (/api/v1/audit/public-keys/)."
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m audit.offline",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("case_file", nargs="?", help="the case file (ZIP) to verify")
    parser.add_argument(
        "--consistency",
        nargs=3,
        metavar=("OLD", "NEW", "PROOF"),
        help="instead of a case file: prove that checkpoint file NEW extends checkpoint file OLD "
        "(checkpoint.json of a case file, or checkpoint-*.json copies) with PROOF, the answer of "
        "/api/v1/audit/consistency/?first=<OLD's size>&second=<NEW's size> saved as JSON",
    )
    parser.add_argument(
        "--trusted-key",
        action="append",
        default=[],
        metavar="BASE64",
        help="a public key the agency published (repeat for rotated keys)",
    )
    parser.add_argument(
        "--trusted-keys",
        action="append",
        default=[],
        metavar="FILE",
        help="/api/v1/audit/public-keys/ saved as JSON, or one base64 key a line",
    )
    arguments = parser.parse_args(argv)
    if (arguments.case_file is None) == (arguments.consistency is None):
        parser.error("give a case file, or --consistency OLD NEW PROOF")
    try:
        trusted = held_keys(arguments.trusted_key, arguments.trusted_keys)
        if arguments.consistency is not None:
            old, new, proof = arguments.consistency
            summary = consistency_verify(old, new, proof, trusted)
        else:
            retired = retired_read(arguments.trusted_keys)
            summary = verify(arguments.case_file, trusted, retired)
    except (Refused, ValueError) as error:
        print(f"拒绝 REFUSED: {error}", file=sys.stderr)
        return EXIT_REFUSED
    details = [] if arguments.case_file is None else timeline(arguments.case_file)
    if not trusted:
        print(f"{summary} (未经您持有的密钥证实 not vouched for by a key you hold)")
        print("\n".join(details))
        print(UNVOUCHED, file=sys.stderr)
        return EXIT_UNVOUCHED
    print(f"{summary}; 由您持有的密钥证实 vouched for by a key you hold")
    print("\n".join(details))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
