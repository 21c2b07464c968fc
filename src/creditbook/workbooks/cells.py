"""Moved to ``creditbook.inputs.cells``; this name stays importable for existing callers."""

import sys
from typing import TYPE_CHECKING

from creditbook.inputs import cells as _moved

sys.modules[__name__] = _moved

if TYPE_CHECKING:  # the type checker does not follow the sys.modules swap
    from creditbook.inputs.cells import *  # noqa: F403
