"""pyqtgraph charts: built once, updated with setData."""
