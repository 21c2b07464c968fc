"""The names of the standard workbook kinds, importable without openpyxl (CLI help)."""

from __future__ import annotations

KINDS = ("evaluation", "register", "aging", "contacts", "survey")
