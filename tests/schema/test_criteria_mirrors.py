"""`OfferCriteria` (a relaxed search) and `SavedCriteria` (a saved search) give criteria back as
results that a client sends again as an `OfferFilter`: both must keep every field of the
filter, under its name, with the same shape."""

from __future__ import annotations

from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
)

from schema.schema import schema


def _shape(type_: GraphQLInputType | GraphQLOutputType) -> str:
    """A field's type with nullability left out (a result's empty list is the filter's null)
    and input and output place types taken as one (`Near` is sent, `NearCriteria` read)."""
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if isinstance(type_, GraphQLList):
        return f"[{_shape(type_.of_type)}]"
    assert isinstance(type_, GraphQLNamedType)
    return "place" if type_.name in ("Near", "NearCriteria", "SavedNear") else type_.name


def test_each_mirror_has_every_field_of_the_filter_with_its_shape() -> None:
    built = schema._schema
    filter_ = built.type_map["OfferFilter"]
    assert isinstance(filter_, GraphQLInputObjectType)
    wanted = {name: _shape(field.type) for name, field in filter_.fields.items()}
    assert len(wanted) >= 9
    for mirror in ("OfferCriteria", "SavedCriteria"):
        found = built.type_map[mirror]
        assert isinstance(found, GraphQLObjectType)
        assert {name: _shape(field.type) for name, field in found.fields.items()} == wanted


def test_the_places_of_both_mirrors_read_as_the_filter_takes_them() -> None:
    built = schema._schema
    near = built.type_map["Near"]
    assert isinstance(near, GraphQLInputObjectType)
    for mirror in ("NearCriteria", "SavedNear"):
        found = built.type_map[mirror]
        assert isinstance(found, GraphQLObjectType)
        assert set(near.fields) <= set(found.fields)
