"""A deterministic French demo catalogue of offers, and the candidate manual's example offer."""
