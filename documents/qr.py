"""The QR code of a document's verification address: the symbol ``segno.make(data, error="m")``
makes, in a third of its time.

segno spends ~5 of the ~6 ms a code costs choosing the data mask: it applies each of the eight
masks and scores the result (ISO/IEC 18004:2015 §7.8.3) module by module in Python. Here segno
encodes the data once with mask 0; the eight masked matrices are scored at once with numpy by
segno's own rules, its quirks included (``segno.encoder.mask_scores``: the format area still
empty, the order of its N3 search); and the winner gets its format information from segno. The
symbol is the one segno makes: ``tests/documents/test_pdf_layout.py`` compares them on
hundreds of addresses, so a segno release that changes its rules or its helpers fails there.
Micro QR codes (only for data far shorter than an address) are left to segno.
"""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt
import segno
from segno import encoder

__all__ = ["qr_matrix"]

ERROR_LEVEL = "m"
_N3_PATTERN = (1, 0, 1, 1, 1, 0, 1)  # dark, light, dark × 3, light, dark (1:1:3:1:1)

Modules = npt.NDArray[np.uint8]
Scores = npt.NDArray[np.int64]


def qr_matrix(data: str) -> Modules:
    """The modules of ``segno.make(data, error="m")``, 1 dark, 0 light, without quiet zone:
    the same symbol (version, level, mask and all)."""
    trial = segno.make(data, error=ERROR_LEVEL, mask=0)
    if trial.is_micro:
        return np.array(segno.make(data, error=ERROR_LEVEL).matrix, dtype=np.uint8)
    masked = np.array(trial.matrix, dtype=np.uint8)
    function, region = _function_patterns(len(masked))
    masks = _masks(len(masked))
    unmasked = masked ^ (masks[0] & region)
    # As segno scores them: data modules masked, function patterns as they are, the format and
    # version areas still empty (they are written after the choice).
    mask = _best_mask(np.where(region, unmasked ^ masks, function))
    if mask == 0:
        return masked
    symbol = tuple(
        bytearray(row.tobytes()) for row in np.where(region, unmasked ^ masks[mask], masked)
    )
    level = encoder.normalize_errorlevel(trial.error)
    encoder.add_format_info(symbol, trial.version, level, mask)  # the version info is the same
    return np.array(symbol, dtype=np.uint8)


def _best_mask(candidates: Modules) -> int:
    """segno's choice among the eight masked matrices: the lowest penalty, the first of equals."""
    lines = np.concatenate((candidates, candidates.transpose(0, 2, 1)), axis=1)
    scores = _n1(lines) + _n2(candidates) + _n3(lines) + _n4(candidates)
    return int(np.argmin(scores))


@functools.cache  # one entry per symbol size, 40 at most
def _function_patterns(size: int) -> tuple[Modules, npt.NDArray[np.bool_]]:
    """segno's matrix before the data is placed, and where the data modules are (value 2)."""
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    function = np.array(matrix, dtype=np.uint8)
    return function, function > 1


@functools.cache
def _masks(size: int) -> Modules:
    """The eight data mask patterns (ISO/IEC 18004 table 10) over the whole matrix, 1 = invert."""
    i, j = np.indices((size, size))
    patterns = [
        (i + j) % 2 == 0,
        i % 2 == 0,
        j % 3 == 0,
        (i + j) % 3 == 0,
        (i // 2 + j // 3) % 2 == 0,
        (i * j) % 2 + (i * j) % 3 == 0,
        ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    ]
    return np.array(patterns, dtype=np.uint8)


# The penalties of the candidates as ``segno.encoder.mask_scores`` computes them, all eight at
# once: ``lines`` holds each candidate's rows then its columns, shape (8, 2 × size, size).


def _n1(lines: Modules) -> Scores:
    """Runs of five or more modules of one colour in a row or column: 3 + (length - 5) each.

    A run of length L ≥ 5 holds L - 4 stretches of five equal modules, and L - 2 = (L - 4) + 2:
    the score is the number of such stretches plus two for each that starts a run."""
    same = lines[:, :, 1:] == lines[:, :, :-1]  # a module like the one before it
    five = same[:, :, :-3] & same[:, :, 1:-2] & same[:, :, 2:-1] & same[:, :, 3:]
    starts = five.copy()
    starts[:, :, 1:] &= ~same[:, :, :-4]
    # numpy types a count along axes as Any: its arrays of int64 (intp) here.
    scores: Scores = np.count_nonzero(five, axis=(1, 2)) + 2 * np.count_nonzero(starts, axis=(1, 2))
    return scores


def _n2(candidates: Modules) -> Scores:
    """2 × 2 blocks of one colour: 3 each."""
    corner = candidates[:, :-1, :-1]
    same = (
        (corner == candidates[:, 1:, :-1])
        & (corner == candidates[:, :-1, 1:])
        & (corner == candidates[:, 1:, 1:])
    )
    scores: Scores = 3 * np.count_nonzero(same, axis=(1, 2)).astype(np.int64)
    return scores


def _n3(lines: Modules) -> Scores:
    """1:1:3:1:1 finder-like patterns with light modules beside them: 40 each, found the way
    segno finds them: a hit resumes the search after it, a miss four modules in."""
    count, per, size = lines.shape
    width = size - 6
    pattern = lines[:, :, :width] == _N3_PATTERN[0]
    for offset, module in enumerate(_N3_PATTERN[1:], start=1):
        pattern &= lines[:, :, offset : offset + width] == module
    candidate, line, index = np.nonzero(pattern)
    # Dark modules before each position of a line, to count them in any stretch at once.
    dark = np.zeros((count, per, size + 1), dtype=np.int16)
    np.cumsum(lines != 0, axis=2, out=dark[:, :, 1:])
    ahead = dark[candidate, line]
    rows = np.arange(len(index))
    light_before = ahead[rows, index] == ahead[rows, np.maximum(index - 4, 0)]
    light_after = ahead[rows, np.minimum(index + 11, size)] == ahead[rows, index + 7]
    hits = (index == 0) | (index == size - 7) | light_before | light_after
    scores = [0] * count
    resume: dict[tuple[int, int], int] = {}
    for c, n, i, hit in zip(
        candidate.tolist(), line.tolist(), index.tolist(), hits.tolist(), strict=True
    ):
        if i < resume.get((c, n), 0):
            continue  # segno's search had already moved past it
        if hit:
            scores[c] += 40
        resume[(c, n)] = i + (7 if hit else 4)
    return np.array(scores, dtype=np.int64)


def _n4(candidates: Modules) -> Scores:
    """How far the share of dark modules is from half: 10 per 5 % step."""
    size = candidates.shape[1]
    share = np.sum(candidates, axis=(1, 2), dtype=np.int64) / size**2
    # As segno: the same float64 operations in the same order, then truncated.
    steps: Scores = (np.abs(share * 100 - 50) / 5).astype(np.int64)
    return 10 * steps
