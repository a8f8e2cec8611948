"""The frozen bundle's entry script: the same entry point as the `asylum-explorer` command."""

from asylum_explorer.cli.main import main

raise SystemExit(main())
