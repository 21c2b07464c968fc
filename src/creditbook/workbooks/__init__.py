"""Standard credit workbooks: building them, reading ledgers and registers, headless recalc."""
