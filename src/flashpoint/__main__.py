"""``python -m flashpoint`` runs the command line."""

from flashpoint.apps.cli import main

main()
