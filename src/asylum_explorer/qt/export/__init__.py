"""Chart and table export from the window.

Charts (PNG, SVG, PDF, clipboard): `export_dialog.export_chart_interactive(parent, data)`
or `ExportChartDialog(data, parent)`; without a dialog `chart_export.export_chart(data,
path, ExportSize...)` and `chart_export.copy_chart(data, size)`.
Tables (CSV, XLSX): `table_export_dialog.export_table_interactive(parent, table, rows,
columns, notes=..., on_done=...)`; the Qt-free writers are in core/table_export.py.
"""
