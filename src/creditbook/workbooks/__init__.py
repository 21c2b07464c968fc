"""Standard credit workbooks: reading the company's ledgers and registers, building workbooks."""
