"""Dunning cases shaped like the receivables core's, for letter tests."""

from __future__ import annotations

import pytest
from letter_cases import Case, make_case

from creditbook.settings import Settings


@pytest.fixture
def cases() -> list[Case]:
    return [
        make_case("C001", "苏州恒通电子有限公司", 12),
        make_case("C002", "A&B <有限> {{x}} 公司", 45),
        make_case("C003", "无锡𠮷祥贸易有限公司 😀", 120),
        make_case("C004", "南京长兴建材有限公司", 200, "98000.00"),
    ]


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Default company settings with the letter counter kept in the test's folder."""
    return Settings(counter_file=str(tmp_path / "counter.json"))
