"""`python -m schema.export`: writes the GraphQL schema (SDL) to schema.graphql."""

from pathlib import Path

from schema.schema import schema

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "schema.graphql"
    target.write_text(schema.as_str() + "\n")
    print(f"wrote {target}")
