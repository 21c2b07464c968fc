"""Exceptions of the credit core; the adapters turn them into Excel errors or messages."""

from __future__ import annotations


class CreditbookError(Exception):
    """Base of every error creditbook raises on purpose."""


class MissingValue(CreditbookError):
    """A required input is blank (Excel: #N/A)."""


class InvalidValue(CreditbookError):
    """An input is not of the kind needed, e.g. text where a number is (Excel: #VALUE!)."""


class ZeroDenominator(CreditbookError):
    """A ratio's denominator is zero (Excel: #DIV/0!)."""


class ImpossibleValue(CreditbookError):
    """A value that cannot occur, e.g. negative total assets (Excel: #NUM!)."""


class PolicyError(CreditbookError):
    """A credit policy is invalid; ``problems`` lists each one with the field it concerns."""

    def __init__(self, problems: list[str], source: str = "policy") -> None:
        self.problems = problems
        self.source = source
        super().__init__(f"{source}: " + "; ".join(problems))
