"""RFC 6962 (Certificate Transparency) Merkle trees over the audit events' hashes (product.md §13).

Pure functions, no database: the audit code feeds them stored nodes, ``audit.offline``
feeds them a case file. Leaves are the events' hashes (32 bytes); a leaf hashes as
``H(0x00 || leaf)``, an interior node as ``H(0x01 || left || right)``, where ``H`` is the tree's
hash (``digest``: SHA-256 by default as RFC 6962 has it, or SM3 where the installation chose it,
issue 49; ``audit.algorithms``). One tree has one ``H`` throughout. The tree of
``n`` leaves splits at ``k``, the largest power of two smaller than ``n`` (RFC 6962 §2.1).

The stored form is the set of *perfect* subtrees: the node at ``(level, index)`` covers leaves
``[index * 2**level, (index + 1) * 2**level)``. Appending a leaf adds at most ``log2 n`` of them,
and any root or inclusion proof is built from ``O(log n)`` of them.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence

_sha256 = hashlib.sha256
# A tree's hash function: bytes in, digest out.
Digest = Callable[[bytes], bytes]


def sha256_digest(data: bytes) -> bytes:
    return _sha256(data).digest()


LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"

# Reads the stored perfect subtree (level, index); raises KeyError when it is absent.
NodeReader = Callable[[int, int], bytes]


def leaf_hash(leaf: bytes, digest: Digest = sha256_digest) -> bytes:
    return digest(LEAF_PREFIX + leaf)


def node_hash(left: bytes, right: bytes, digest: Digest = sha256_digest) -> bytes:
    return digest(NODE_PREFIX + left + right)


EMPTY_ROOT = hashlib.sha256(b"").digest()


def empty_root(digest: Digest = sha256_digest) -> bytes:
    return digest(b"")


def split_point(size: int) -> int:
    """The largest power of two smaller than ``size`` (size >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def appended_nodes(
    index: int, leaf: bytes, read: NodeReader, digest: Digest = sha256_digest
) -> list[tuple[int, int, bytes]]:
    """The perfect subtrees that appending leaf number ``index`` (0-based) completes: the leaf's
    own node, then each parent whose right child it closes, as ``(level, index, hash)``."""
    current = leaf_hash(leaf, digest)
    level, position = 0, index
    nodes = [(0, index, current)]
    while position % 2 == 1:
        current = node_hash(read(level, position - 1), current, digest)
        level, position = level + 1, position // 2
        nodes.append((level, position, current))
    return nodes


def siblings_of(index: int) -> list[tuple[int, int]]:
    """The stored subtrees ``appended_nodes(index, …)`` reads, lowest first: one per level
    whose right child leaf ``index`` closes."""
    siblings, level, position = [], 0, index
    while position % 2 == 1:
        siblings.append((level, position - 1))
        level, position = level + 1, position // 2
    return siblings


def frontier_of(size: int) -> list[tuple[int, int]]:
    """The perfect subtrees ``root(size, …)`` reads: one per bit of ``size``, largest first."""
    return [
        (level, (size >> level) - 1)
        for level in reversed(range(size.bit_length()))
        if size >> level & 1
    ]


def subtree_hash(start: int, end: int, read: NodeReader, digest: Digest = sha256_digest) -> bytes:
    """MTH of leaves ``[start, end)``; ``start`` is aligned to the subtree's split (as every range
    of RFC 6962's recursion is)."""
    size = end - start
    if size == 0:
        return empty_root(digest)
    if size & (size - 1) == 0 and start % size == 0:
        return read(size.bit_length() - 1, start // size)
    k = split_point(size)
    return node_hash(
        subtree_hash(start, start + k, read, digest),
        subtree_hash(start + k, end, read, digest),
        digest,
    )


def root(size: int, read: NodeReader, digest: Digest = sha256_digest) -> bytes:
    return subtree_hash(0, size, read, digest)


def inclusion_path(
    index: int, size: int, read: NodeReader, digest: Digest = sha256_digest
) -> list[bytes]:
    """RFC 6962 §2.1.1 PATH(index, D[0:size]): the audit path, leaf side first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append(subtree_hash(start + k, end, read, digest))
            end = start + k
        else:
            path.append(subtree_hash(start, start + k, read, digest))
            start = start + k
    path.reverse()
    return path


def root_from_path(
    index: int,
    size: int,
    leaf: bytes,
    path: Sequence[bytes],
    digest: Digest = sha256_digest,
    leaf_digest: Digest | None = None,
) -> bytes:
    """The root an inclusion proof leads to (RFC 9162 §2.1.3.2); ValueError for a path of the
    wrong length. Compare it with a signed root. ``leaf_digest`` (the leaf's hash, when not
    the tree's) lets the verifier name a tree that mixes algorithms."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    fn, sn, current = index, size - 1, leaf_hash(leaf, leaf_digest or digest)
    for sibling in path:
        if sn == 0:
            raise ValueError("the audit path is too long")
        if fn % 2 == 1 or fn == sn:
            current = node_hash(sibling, current, digest)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            current = node_hash(current, sibling, digest)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ValueError("the audit path is too short")
    return current


class Frontier:
    """The right edge of a growing tree: the roots of its perfect subtrees, largest first.
    Streams a root over any number of leaves in ``O(log n)`` memory (``audit_verify``), and
    joins the frontier of the next aligned span of leaves (``absorb``)."""

    def __init__(self, digest: Digest = sha256_digest) -> None:
        self.size = 0
        self.digest = digest
        self._stack: list[tuple[int, bytes]] = []  # (level, hash)

    def append(self, leaf: bytes) -> None:
        # Merges as the binary size counts: one per trailing 1 bit (hashlib inlined for
        # SHA-256: the verifier calls this for every event).
        digest = self.digest
        if digest is sha256_digest:
            current = _sha256(LEAF_PREFIX + leaf).digest()
            stack, level, carry = self._stack, 0, self.size
            while carry & 1:
                current = _sha256(NODE_PREFIX + stack.pop()[1] + current).digest()
                level, carry = level + 1, carry >> 1
            stack.append((level, current))
            self.size += 1
            return
        current = digest(LEAF_PREFIX + leaf)
        stack, level, carry = self._stack, 0, self.size
        while carry & 1:
            current = digest(NODE_PREFIX + stack.pop()[1] + current)
            level, carry = level + 1, carry >> 1
        stack.append((level, current))
        self.size += 1

    def entries(self) -> list[tuple[int, bytes]]:
        """The perfect subtrees as ``(level, hash)``, largest first (a copy)."""
        return list(self._stack)

    def absorb(self, entries: Iterable[tuple[int, bytes]]) -> None:
        """Append the leaves of another frontier's ``entries``, which must start where this
        tree ends, on a multiple of their largest subtree (a span of ``2**level`` leaves)."""
        for level, subtree in entries:
            if self.size & ((1 << level) - 1):
                raise ValueError(f"a subtree of level {level} cannot follow {self.size} leaves")
            current, carry, top = subtree, self.size >> level, level
            while carry & 1:
                current = node_hash(self._stack.pop()[1], current, self.digest)
                top, carry = top + 1, carry >> 1
            self._stack.append((top, current))
            self.size += 1 << level

    def joined(self, entries: Iterable[tuple[int, bytes]]) -> "Frontier":
        """A new frontier: this one, then ``entries`` absorbed."""
        joined = Frontier(self.digest)
        joined.size, joined._stack = self.size, list(self._stack)
        joined.absorb(entries)
        return joined

    def root(self) -> bytes:
        if not self._stack:
            return empty_root(self.digest)
        current = self._stack[-1][1]
        for _level, left in reversed(self._stack[:-1]):
            current = node_hash(left, current, self.digest)
        return current


def root_of(leaves: Iterable[bytes], digest: Digest = sha256_digest) -> bytes:
    frontier = Frontier(digest)
    for leaf in leaves:
        frontier.append(leaf)
    return frontier.root()


def consistency_path(
    first: int, second: int, read: NodeReader, digest: Digest = sha256_digest
) -> list[bytes]:
    """RFC 6962 §2.1.2 PROOF(first, D[0:second]): the nodes that prove the tree of ``first``
    leaves is a prefix of the tree of ``second``; empty when they are equal."""
    if not 0 < first <= second:
        raise ValueError(f"no consistency proof from {first} to {second} leaves")
    proof: list[bytes] = []
    start, end, whole = 0, second, True  # SUBPROOF(m, D[start:end], b)
    m = first
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append(subtree_hash(start + k, end, read, digest))
            end = start + k
        else:
            proof.append(subtree_hash(start, start + k, read, digest))
            start, m, whole = start + k, m - k, False
    if not whole:
        proof.append(subtree_hash(start, end, read, digest))
    proof.reverse()
    return proof


def consistency_valid(
    first: int,
    second: int,
    first_root: bytes,
    second_root: bytes,
    proof: Sequence[bytes],
    digest: Digest = sha256_digest,
) -> bool:
    """RFC 9162 §2.1.4.2: whether ``proof`` shows the tree of ``first`` leaves with root
    ``first_root`` is a prefix of the tree of ``second`` leaves with root ``second_root``."""
    if not 0 < first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, first_root)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(node, fr, digest), node_hash(node, sr, digest)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, node, digest)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root
