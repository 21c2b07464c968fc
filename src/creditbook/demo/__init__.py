"""`creditbook demo`: the whole system run on the sample company, from ledger to archive."""

from creditbook.demo.result import DemoResult, Output
from creditbook.demo.run import MARKER, prepare_folder, run_demo

__all__ = ["MARKER", "DemoResult", "Output", "prepare_folder", "run_demo"]
