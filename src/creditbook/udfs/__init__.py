"""The CB_* worksheet functions (xlwings "UDF Modules" = creditbook.udfs)."""

from creditbook.udfs.evaluation import *  # noqa: F403
from creditbook.udfs.evaluation import __all__ as _evaluation

__all__ = [*_evaluation]
