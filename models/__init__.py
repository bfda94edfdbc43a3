"""The PASS domain: Tortoise tables and the operations on them, free of any web framework."""
