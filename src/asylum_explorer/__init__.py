"""Asylum Explorer: explore UNHCR asylum and refugee statistics offline."""

__version__ = "0.1.0"

SOURCE_LINE = "Source: UNHCR Refugee Data Finder (unhcr.org/refugee-statistics), CC BY 4.0"
