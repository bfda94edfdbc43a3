"""Building input objects without Strawberry's per-field type resolution.

Strawberry turns graphql-core's coerced input (a dict) into the input class by resolving each
field's type, checking whether it is generic, a leaf, an enum... on every request: ~28 calls
for an `OfferFilter`, a tenth of the search page's CPU. The values graphql-core hands over are
already coerced; for a leaf (scalar or enum) Strawberry keeps them as they are, and for a list
of leaves it copies the list (graphql-core shares a default between requests).

`fast_input` gives an input class a `from_input` (Strawberry's hook for types that build their
own value) that does exactly that for such fields, worked out once per class, and hands every
other field (nested inputs, `Maybe`, custom scalars, global ids, lazy types) back to
Strawberry's own conversion, located as Strawberry locates it.
"""

from __future__ import annotations

import dataclasses
import datetime
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias, TypeVar

from strawberry.types.arguments import InputContext
from strawberry.types.base import (
    StrawberryList,
    StrawberryOptional,
    StrawberryType,
    has_object_definition,
)
from strawberry.types.enum import has_enum_definition
from strawberry.types.unset import UNSET

__all__ = ["fast_input"]

T = TypeVar("T")
# Converts one field's value, given the context and the field's GraphQL name (its location).
_Convert: TypeAlias = Callable[[Any, InputContext, str], Any]
# GraphQL names, Python names and converters of a class's fields, and the implicit nulls.
_Plan: TypeAlias = tuple[tuple[tuple[str, str, _Convert], ...], dict[str, None]]

# Python types of the built-in scalars, whose coerced values Strawberry passes on unchanged.
_LEAVES: frozenset[object] = frozenset(
    {str, int, float, bool, datetime.datetime, datetime.date, datetime.time}
)
_plans: dict[tuple[type, int], tuple[object, _Plan]] = {}
_lock = threading.Lock()


def _unchanged(value: Any, _context: InputContext, _name: str) -> Any:
    return value


def _copied_list(value: Any, _context: InputContext, _name: str) -> Any:
    return value if value is None or value is UNSET else list(value)


def _is_leaf(type_: StrawberryType | type) -> bool:
    if type(type_) is StrawberryOptional:
        type_ = type_.of_type
    return isinstance(type_, type) and (type_ in _LEAVES or has_enum_definition(type_))


def _converter(type_: StrawberryType | type) -> _Convert:
    """What Strawberry's `convert_argument` does for a value of this type, when that is
    nothing or a copy; otherwise Strawberry's conversion itself."""
    bare = type_.of_type if type(type_) is StrawberryOptional else type_
    if _is_leaf(bare):
        return _unchanged
    if type(bare) is StrawberryList and _is_leaf(bare.of_type):
        return _copied_list

    def strawberry_conversion(value: Any, context: InputContext, name: str) -> Any:
        return context.convert(value, type_, name)

    return strawberry_conversion


def _plan(cls: type, context: InputContext) -> _Plan:
    key = (cls, id(context.config))
    found = _plans.get(key)
    if found is not None and found[0] is context.config:
        return found[1]
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    names = context.config.name_converter
    fields = tuple(
        (
            names.from_field(field),
            field.python_name,
            _converter(field.resolve_type(type_definition=definition)),
        )
        for field in definition.fields
    )
    # As Strawberry does: a field without a default is null unless given (graphql-core has
    # already refused a missing non-null one).
    nulls = {
        field.python_name: None
        for field in definition.fields
        if field.default_value is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    }
    plan = (fields, nulls)
    with _lock:
        _plans[key] = (context.config, plan)
    return plan


def _from_input(cls: type, value: Mapping[str, Any], context: InputContext) -> Any:
    fields, nulls = _plan(cls, context)
    kwargs: dict[str, Any] = dict(nulls)
    for graphql_name, python_name, convert in fields:
        if graphql_name in value:
            kwargs[python_name] = convert(value[graphql_name], context, graphql_name)
    return cls(**kwargs)


def fast_input(cls: type[T]) -> type[T]:
    """For a `@strawberry.input` class (applied after it)."""
    definition = cls.__strawberry_definition__ if has_object_definition(cls) else None
    if definition is None or not definition.is_input:
        raise TypeError(f"{cls.__name__} is not a Strawberry input type")
    definition.from_input = _from_input
    return cls
