"""The domain layer: datasets, schema, store, readers, queries. No Qt imports here."""
