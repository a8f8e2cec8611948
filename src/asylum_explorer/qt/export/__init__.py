"""Chart and table export from the window: PNG, SVG, PDF, clipboard."""
