"""creditbook: a company's customer credit policy as Excel functions, workbooks and documents."""

__version__ = "0.1.0"
