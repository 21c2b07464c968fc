"""Excel-side packaging of the CB_ functions: the Windows add-in, xlwings Lite, docs."""
