"""The Qt front end: models adapting the core, widgets, charts and the main window."""
