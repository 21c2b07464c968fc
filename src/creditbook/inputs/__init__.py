"""Reading what users bring: ledgers, registers and orders, in any ERP's words.

The header vocabulary (the names each ERP export gives a column) and the rules for rows
that are not data (合计, 承前页, footers) are data, in ``vocabulary.toml`` beside this file.
Every reader returns (records, problems), each problem naming file, sheet, row and column.
"""
