"""Code lists and labels written by the Asylum Explorer project (no UNHCR data)."""
