"""Download the UNHCR datasets from the population statistics API (no Qt)."""
