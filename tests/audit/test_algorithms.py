"""The audit trail's one cryptographic seam (issue 49 item 2, ``audit.algorithms``) against
vectors published in the standards, not against itself: GB/T 32905-2016 Annex A for SM3, the
SM2 signature example of GM/T 0003.5-2012 / GB/T 32918.5-2017 Annex A (the recommended curve,
user ID 1234567812345678, message "message digest"), and the form of a checkpoint's message."""

import pytest
from cryptography.hazmat.primitives import hashes

from audit import algorithms
from audit.algorithms import SM2, SM3, SignatureRefused

# GB/T 32905-2016 Annex A.1 and A.2.
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
SM3_ABCD_16 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"

# GM/T 0003.5-2012 (GB/T 32918.5-2017) Annex A: the SM2 signature example.
CURVE_A = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC"
CURVE_B = "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93"
CURVE_GX = "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"
CURVE_GY = "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0"
PUBLIC_X = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
PUBLIC_Y = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
MESSAGE = b"message digest"
USER_ID = b"1234567812345678"
DIGEST_E = "F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640"
SIGNATURE_R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
SIGNATURE_S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
PUBLIC = bytes.fromhex("04" + PUBLIC_X + PUBLIC_Y)
SIGNATURE = bytes.fromhex(SIGNATURE_R + SIGNATURE_S)


def test_sm3_gives_the_standards_vectors():
    assert algorithms.hash_hex(SM3, b"abc") == SM3_ABC
    assert algorithms.hash_hex(SM3, b"abcd" * 16) == SM3_ABCD_16  # 512 bits
    assert algorithms.digest_of(SM3)(b"abc") == bytes.fromhex(SM3_ABC)
    with pytest.raises(ValueError, match="unknown hash"):
        algorithms.digest_of("md5")


def sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def test_the_examples_z_value_and_digest_are_the_standards():
    """GB/T 32918.2 §5.5: Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA), e = SM3(Z || M).
    Written out here, independently of any SM2 library, it gives the example's e."""
    entl = (len(USER_ID) * 8).to_bytes(2, "big")
    curve = bytes.fromhex(CURVE_A + CURVE_B + CURVE_GX + CURVE_GY + PUBLIC_X + PUBLIC_Y)
    z = sm3(entl + USER_ID + curve)
    assert sm3(z + MESSAGE).hex().upper() == DIGEST_E


def test_the_sm2_example_signature_verifies_and_nothing_else_does():
    algorithms.verify(SM2, PUBLIC, SIGNATURE, MESSAGE)
    with pytest.raises(SignatureRefused, match="does not verify"):
        algorithms.verify(SM2, PUBLIC, SIGNATURE, b"message digesT")
    flipped = SIGNATURE[:-1] + bytes([SIGNATURE[-1] ^ 1])
    with pytest.raises(SignatureRefused, match="does not verify"):
        algorithms.verify(SM2, PUBLIC, flipped, MESSAGE)


def test_a_truncated_sm2_signature_is_refused_saying_so():
    with pytest.raises(SignatureRefused, match="this one 63: truncated"):
        algorithms.verify(SM2, PUBLIC, SIGNATURE[:-1], MESSAGE)
    with pytest.raises(SignatureRefused, match="this one 32: truncated"):
        algorithms.verify(SM2, PUBLIC, SIGNATURE[:32], MESSAGE)


@pytest.mark.parametrize("algorithm", algorithms.SIGNATURE_ALGORITHMS)
def test_a_new_key_signs_and_its_public_half_verifies(algorithm):
    key = algorithms.private_key_load(algorithms.private_key_generate(algorithm))
    assert key.algorithm == algorithm
    assert algorithms.algorithm_of_public(key.public_bytes) == algorithm
    signature = key.sign(b"tree head")
    assert len(signature) == 64
    algorithms.verify(algorithm, key.public_bytes, signature, b"tree head")
    with pytest.raises(SignatureRefused):
        algorithms.verify(algorithm, key.public_bytes, signature, b"another head")


def test_a_key_of_one_algorithm_is_not_taken_for_the_other():
    ed25519 = algorithms.private_key_load(algorithms.private_key_generate("ed25519"))
    signature = ed25519.sign(b"m")
    with pytest.raises(SignatureRefused, match="public key has 65 bytes"):
        algorithms.verify(SM2, ed25519.public_bytes, signature, b"m")
    with pytest.raises(SignatureRefused, match="unknown signature algorithm"):
        algorithms.verify("rsa", ed25519.public_bytes, signature, b"m")
    with pytest.raises(ValueError, match="not a private key"):
        algorithms.private_key_load(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")


def test_the_checkpoint_message_names_other_algorithms_and_keeps_v1():
    v1 = algorithms.checkpoint_message(7, "ab" * 32, "2026-11-28T10:00:00Z", "sha256", "ed25519")
    assert v1 == f"permits-audit-checkpoint/v1\n7\n{'ab' * 32}\n2026-11-28T10:00:00Z".encode()
    v2 = algorithms.checkpoint_message(7, "ab" * 32, "2026-11-28T10:00:00Z", "sm3", "sm2")
    assert v2 == (
        f"permits-audit-checkpoint/v2\nsm3\nsm2\n7\n{'ab' * 32}\n2026-11-28T10:00:00Z".encode()
    )
