"""The standard credit workbooks: build them, and recalculate them without Excel."""
