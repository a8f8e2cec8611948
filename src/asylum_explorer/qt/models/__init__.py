"""Qt item models adapting the core (QAbstractTableModel and friends)."""
