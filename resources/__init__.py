"""Icons and other application resources."""
