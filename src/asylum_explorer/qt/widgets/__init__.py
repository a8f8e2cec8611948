"""Widgets that show models and emit signals."""
