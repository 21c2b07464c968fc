"""Moved to ``creditbook.inputs.tables``; this name stays importable for existing callers."""

import sys

from creditbook.inputs import tables as _moved

sys.modules[__name__] = _moved
