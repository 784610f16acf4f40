"""audit.merkle against RFC 6962 §2.1 written out literally (recursive MTH and PATH), and
against the RFC's own reference roots for its test vectors."""

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes as cryptography_hashes

from audit import algorithms, merkle


def mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1, word for word."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = merkle.split_point(len(leaves))
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def path(m: int, leaves: list[bytes]) -> list[bytes]:
    """RFC 6962 §2.1.1, word for word."""
    n = len(leaves)
    if n == 1:
        return []
    k = merkle.split_point(n)
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def stored(leaves: list[bytes]) -> dict[tuple[int, int], bytes]:
    nodes: dict[tuple[int, int], bytes] = {}
    for index, leaf in enumerate(leaves):
        for level, position, value in merkle.appended_nodes(
            index, leaf, lambda lv, ix: nodes[(lv, ix)]
        ):
            nodes[(level, position)] = value
    return nodes


LEAVES = [hashlib.sha256(str(i).encode()).digest() for i in range(70)]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 64, 70])
def test_roots_match_the_rfc(size):
    leaves = LEAVES[:size]
    nodes = stored(leaves)
    expected = mth(leaves)
    assert merkle.root(size, lambda lv, ix: nodes[(lv, ix)]) == expected
    assert merkle.root_of(leaves) == expected


def test_every_inclusion_path_matches_the_rfc_and_verifies():
    nodes = stored(LEAVES)
    read = lambda lv, ix: nodes[(lv, ix)]  # noqa: E731
    for size in range(1, 71):
        root = mth(LEAVES[:size])
        for index in range(size):
            proof = merkle.inclusion_path(index, size, read)
            assert proof == path(index, LEAVES[:size]), (index, size)
            assert merkle.root_from_path(index, size, LEAVES[index], proof) == root


def test_the_rfc_test_vector_root():
    # RFC 6962's reference test vector (certificate-transparency: merkle_tree_test.cc): the
    # eight leaves below give this root.
    leaves = [
        bytes.fromhex(h)
        for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                  "606162636465666768696a6b6c6d6e6f"]
    ]  # fmt: skip
    assert merkle.root_of(leaves).hex() == (
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    )


def test_a_wrong_leaf_path_or_size_does_not_lead_to_the_root():
    nodes = stored(LEAVES[:10])
    read = lambda lv, ix: nodes[(lv, ix)]  # noqa: E731
    root = mth(LEAVES[:10])
    proof = merkle.inclusion_path(3, 10, read)
    assert merkle.root_from_path(3, 10, LEAVES[4], proof) != root
    assert merkle.root_from_path(4, 10, LEAVES[3], proof) != root
    with pytest.raises(ValueError):
        merkle.root_from_path(3, 10, LEAVES[3], proof[:-1])
    with pytest.raises(ValueError):
        merkle.root_from_path(3, 10, LEAVES[3], [*proof, proof[0]])
    with pytest.raises(ValueError):
        merkle.root_from_path(10, 10, LEAVES[3], proof)
    with pytest.raises(ValueError):
        merkle.inclusion_path(10, 10, read)


# --- frontiers of spans joined (audit_verify's workers) ------------------------------------------


def frontier_of(leaves: list[bytes]) -> merkle.Frontier:
    frontier = merkle.Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    return frontier


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_spans_frontiers_joined_give_every_root_of_the_whole(level):
    """Each span of 2**level leaves is verified apart; joining its frontier, and its frontier
    at any size inside it, to the spans before gives the RFC's root at every size."""
    width = 1 << level
    for size in range(0, 71):
        whole = merkle.Frontier()
        spans = [LEAVES[start : min(start + width, size)] for start in range(0, size, width)]
        for span in spans:
            inside = merkle.Frontier()
            for count, leaf in enumerate(span, start=1):
                inside.append(leaf)
                at = whole.size + count
                assert whole.joined(inside.entries()).root() == mth(LEAVES[:at])
            whole.absorb(inside.entries())
        assert (whole.size, whole.root()) == (size, mth(LEAVES[:size]))
        assert whole.entries() == frontier_of(LEAVES[:size]).entries()


def test_a_span_that_does_not_start_on_its_boundary_is_refused():
    whole = frontier_of(LEAVES[:3])
    with pytest.raises(ValueError, match="level 1 cannot follow 3 leaves"):
        whole.absorb(frontier_of(LEAVES[3:5]).entries())
    assert whole.entries() == frontier_of(LEAVES[:3]).entries()  # nothing absorbed


def subproof(m: int, leaves: list[bytes], whole: bool) -> list[bytes]:
    """RFC 6962 §2.1.2 SUBPROOF, word for word."""
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = merkle.split_point(n)
    if m <= k:
        return subproof(m, leaves[:k], whole) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def test_consistency_proofs_match_the_rfc_and_verify():
    """Issue 26 item 22: PROOF(m, D[n]) for every m <= n <= 40, built from the stored
    subtrees; each verifies, and neither another old root nor a shortened proof does."""
    nodes = stored(LEAVES[:40])
    read = lambda level, index: nodes[(level, index)]  # noqa: E731
    for n in range(1, 41):
        for m in range(1, n + 1):
            proof = merkle.consistency_path(m, n, read)
            assert proof == subproof(m, LEAVES[:n], True), (m, n)
            old, new = mth(LEAVES[:m]), mth(LEAVES[:n])
            assert merkle.consistency_valid(m, n, old, new, proof), (m, n)
            if m < n:
                other = mth(LEAVES[1 : m + 1])
                assert not merkle.consistency_valid(m, n, other, new, proof), (m, n)
                assert not merkle.consistency_valid(m, n, old, new, proof[:-1]), (m, n)
    with pytest.raises(ValueError):
        merkle.consistency_path(5, 4, read)


# --- the same tree with SM3 (issue 49 item 2) ---------------------------------------------------


def sm3(data: bytes) -> bytes:
    digest = cryptography_hashes.Hash(cryptography_hashes.SM3())
    digest.update(data)
    return digest.finalize()


def mth_sm3(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1 word for word, with SM3 for SHA-256 (GB/T 32905)."""
    if not leaves:
        return sm3(b"")
    if len(leaves) == 1:
        return sm3(b"\x00" + leaves[0])
    k = merkle.split_point(len(leaves))
    return sm3(b"\x01" + mth_sm3(leaves[:k]) + mth_sm3(leaves[k:]))


def test_an_sm3_tree_is_rfc_6962_with_sm3():
    digest = algorithms.digest_of("sm3")
    nodes: dict[tuple[int, int], bytes] = {}
    for index, leaf in enumerate(LEAVES[:40]):
        for level, position, value in merkle.appended_nodes(
            index, leaf, lambda lv, ix: nodes[(lv, ix)], digest
        ):
            nodes[(level, position)] = value
    read = lambda lv, ix: nodes[(lv, ix)]  # noqa: E731
    for size in (0, 1, 2, 3, 7, 8, 13, 40):
        expected = mth_sm3(LEAVES[:size])
        assert merkle.root(size, read, digest) == expected
        assert merkle.root_of(LEAVES[:size], digest) == expected
        assert expected != mth(LEAVES[:size])
    for index in range(13):
        proof = merkle.inclusion_path(index, 13, read, digest)
        assert merkle.root_from_path(index, 13, LEAVES[index], proof, digest) == mth_sm3(
            LEAVES[:13]
        )
        # The same path checked as SHA-256 does not lead there.
        assert merkle.root_from_path(index, 13, LEAVES[index], proof) != mth_sm3(LEAVES[:13])
    proof = merkle.consistency_path(5, 13, read, digest)
    old, new = mth_sm3(LEAVES[:5]), mth_sm3(LEAVES[:13])
    assert merkle.consistency_valid(5, 13, old, new, proof, digest)
    assert not merkle.consistency_valid(5, 13, old, new, proof)
