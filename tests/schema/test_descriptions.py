"""The public schema is a documented contract: every type, field, argument, input field and
enum value a client developer sees in GraphiQL or generated code says what it is."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    specified_scalar_types,
)

from schema.schema import schema


def _missing(description: str | None) -> bool:
    return not (description or "").strip()


def _undocumented(built: GraphQLSchema) -> Iterator[str]:
    """The coordinates (`Type.field(argument:)`, `Enum.VALUE`) of every element of our own
    types without a description; graphql-core's introspection types and the built-in scalars
    are the specification's, not ours."""
    for name, named in sorted(built.type_map.items()):
        if name.startswith("__") or name in specified_scalar_types:
            continue
        yield from _of_type(named)


def _of_type(named: GraphQLNamedType) -> Iterator[str]:
    if _missing(named.description):
        yield named.name
    # Scalars and unions have only their own description.
    if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
        for field_name, field in named.fields.items():
            if _missing(field.description):
                yield f"{named.name}.{field_name}"
            for argument_name, argument in field.args.items():
                if _missing(argument.description):
                    yield f"{named.name}.{field_name}({argument_name}:)"
    elif isinstance(named, GraphQLInputObjectType):
        for field_name, input_field in named.fields.items():
            if _missing(input_field.description):
                yield f"{named.name}.{field_name}"
    elif isinstance(named, GraphQLEnumType):
        for value_name, value in named.values.items():
            if _missing(value.description):
                yield f"{named.name}.{value_name}"


def test_every_element_of_the_schema_has_a_description() -> None:
    missing = list(_undocumented(schema._schema))
    assert missing == [], f"{len(missing)} without a description: {', '.join(missing)}"


def test_the_check_sees_every_kind_of_element() -> None:
    # The walk itself must not miss a kind: a schema with one undocumented element of each.
    bare = build_schema(
        """
        type Query { find(term: String): Found }
        "Documented." type Found { hit: Kind, pick: Pick }
        "Documented." enum Kind { ONE }
        "Documented." input Pick { what: Int }
        scalar Stamp
        "Documented." interface Thing { id: ID }
        """
    )
    assert sorted(_undocumented(bare)) == [
        "Found.hit",
        "Found.pick",
        "Kind.ONE",
        "Pick.what",
        "Query",
        "Query.find",
        "Query.find(term:)",
        "Stamp",
        "Thing.id",
    ]
