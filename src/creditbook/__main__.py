"""`python -m creditbook` runs the command line."""

from creditbook.cli import main

main()
