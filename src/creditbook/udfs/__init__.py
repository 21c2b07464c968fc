"""The CB_* worksheet functions (xlwings "UDF Modules" = creditbook.udfs)."""
