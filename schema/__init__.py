"""The public GraphQL API: thin Strawberry adapters over the models/ functions."""
