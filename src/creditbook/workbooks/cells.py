"""Moved to ``creditbook.inputs.cells``; this name stays importable for existing callers."""

import sys

from creditbook.inputs import cells as _moved

sys.modules[__name__] = _moved
