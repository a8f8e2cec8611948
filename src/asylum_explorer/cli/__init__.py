"""The `asylum-explorer` command: subcommands on the core, and the desktop app."""
