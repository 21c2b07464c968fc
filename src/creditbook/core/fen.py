"""Whole-fen int64 arrays: the vectorised twin of ``money.money`` for ledger tables."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from creditbook.core.money import money


def fen_from_floats(values: np.ndarray) -> np.ndarray:
    """Yuan as float64 → whole fen as int64, half away from zero like ``money.round_fen``.

    A float amount is first read to 6 decimals of a fen (so 1.005, stored as
    1.00499999…, becomes 100.5 fen, as Excel's 15-digit reading gives), then rounded half
    up. NaN becomes 0; callers mark blanks separately.
    """
    scaled = np.round(np.nan_to_num(values.astype(np.float64), nan=0.0) * 100.0, 6)
    return (np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)).astype(np.int64)


def fen_from_decimal(amount: Decimal) -> int:
    """A Decimal amount → whole fen (rounded once, by ``money``)."""
    return int(money(amount) * 100)


def decimal_from_fen(fen: int | np.integer) -> Decimal:
    """Whole fen → Decimal yuan with two places."""
    return Decimal(int(fen)).scaleb(-2)
