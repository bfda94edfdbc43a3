"""Completing prepared objects without graphql-core's per-field machinery.

The API's types are built once from domain values (schema.offers.types), so almost every
field below a resolver is a plain attribute. graphql-core still spends ~5 µs on each: a
resolve info, a path, a resolver call through Strawberry, a completion dispatch. A search page
has ~600 of them, which made the GraphQL page 10x slower than the same page as plain JSON.

For an object whose whole selection (fragments expanded) holds only such fields, this
executor compiles the selection once into a plan of attribute reads and scalar conversions,
kept with the operation (documents are cached by text, see schema.validation, so a repeated
document finds its plans), and completes the object with it. A plan is one generated Python
function per object type and selection, the reads and the checks that a string or a number
needs no conversion written out in it: a call per object rather than several per field
(its source holds the schema's attribute names only: the response keys the document chose
are values it is given, never code). Anything else takes graphql-core's path unchanged: a
field with a resolver or arguments, an abstract type, a directive (its effect may depend on
variables), @defer, resolve middleware. So does any value the plan does not
expect (a null for a non-null field, a value a scalar refuses): the plan gives up and
graphql-core completes the object again from the start, reporting the error as it always did.
Reading attributes twice is harmless; nothing else happened.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
import keyword
import threading
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeAlias

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLResolveInfoHelpers,
    GraphQLScalarType,
    GraphQLString,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import AwaitableOrValue, Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["PreparedObjectsExecutor"]

# Completes a value (the resolve info is only for an object type's `is_type_of`).
Info: TypeAlias = GraphQLResolveInfo[Any]
Complete = Callable[[Any, Info], Any]
# Plans are kept per operation, for as many operations as schema.validation keeps documents:
# a plan holds the document's nodes, and through their locations all its tokens.
_MAX_OPERATIONS = 256
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class _GiveUp(Exception):
    """The plan cannot complete this value as graphql-core would: let graphql-core do it."""


# Per operation (by id; the entry keeps the operation alive, so the id stays its own), the plan
# of each object type and field nodes (by ids: the nodes belong to that operation's document).
_PlanKey: TypeAlias = tuple[object, ...]
_plans: OrderedDict[int, tuple[OperationDefinitionNode, dict[_PlanKey, Complete | None]]] = (
    OrderedDict()
)
_lock = threading.Lock()


def _plans_of(operation: OperationDefinitionNode) -> dict[_PlanKey, Complete | None]:
    key = id(operation)
    with _lock:
        found = _plans.get(key)
        if found is not None and found[0] is operation:
            _plans.move_to_end(key)
            return found[1]
        plans: dict[_PlanKey, Complete | None] = {}
        _plans[key] = (operation, plans)
        if len(_plans) > _MAX_OPERATIONS:
            _plans.popitem(last=False)
        return plans


def _no_directives(
    node: SelectionSetNode | None, fragments: dict[str, Any], seen: set[str]
) -> bool:
    """Whether a selection, fragments expanded, carries no directive anywhere."""
    if node is None:
        return True
    for selection in node.selections:
        if selection.directives:
            return False
        if isinstance(selection, FieldNode | InlineFragmentNode):
            if not _no_directives(selection.selection_set, fragments, seen):
                return False
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen:
                continue
            seen.add(name)
            details = fragments.get(name)
            if details is None or details.variable_signatures or details.definition.directives:
                return False
            if not _no_directives(details.definition.selection_set, fragments, seen):
                return False
    return True


# How a generated plan checks, inline, that a value read from a source needs no completion: the
# bulk of a page's fields are strings and numbers that graphql-core's scalars return unchanged.
_NO_COMPLETION_NEEDED: dict[GraphQLScalarType, str] = {
    GraphQLString: "type({v}) is str",
    GraphQLID: "type({v}) is str",
    GraphQLBoolean: "type({v}) is bool",
    GraphQLInt: f"type({{v}}) is int and {_INT_MIN} <= {{v}} <= {_INT_MAX}",
}


@dataclass(frozen=True, slots=True)
class _PlannedField:
    response_key: str
    attribute: str | None  # None for __typename
    complete: Complete | None  # None for __typename
    type_: GraphQLOutputType
    # For a non-null list of non-null objects: the plan of its items.
    item: Complete | None = None


def _generate_object_plan(
    type_: GraphQLObjectType, fields: list[_PlannedField], is_type_of: Any
) -> Complete:
    """One function per object type and selection, with every read, check and call written
    out: no closure per field, no dict comprehension calling them, so that completing the
    ~160 objects of a search page costs a call each rather than several per field."""
    names: dict[str, Any] = {"_GiveUp": _GiveUp, "is_type_of": is_type_of}
    lines = ["def complete_object(source, info):"]
    if is_type_of is None:
        lines.append("    if source is None: raise _GiveUp")
    else:
        lines.append("    if source is None or is_type_of(source, info) is not True: raise _GiveUp")
    entries = []
    for index, field in enumerate(fields):
        value = f"v{index}"
        key = f"k{index}"
        names[key] = field.response_key
        if field.attribute is None:
            names[value] = type_.name
            entries.append(f"{key}: {value}")
            continue
        complete = f"c{index}"
        names[complete] = field.complete
        if field.attribute.isidentifier() and not keyword.iskeyword(field.attribute):
            lines.append(f"    {value} = source.{field.attribute}")
        else:
            names[f"r{index}"] = attrgetter(field.attribute)
            lines.append(f"    {value} = r{index}(source)")
        lines.extend(_completion_lines(field, value, complete, names, index))
        entries.append(f"{key}: {value}")
    lines.append("    return {" + ", ".join(entries) + "}")
    code = compile("\n".join(lines), f"<plan of {type_.name}>", "exec")
    exec(code, names)  # source built above from identifiers only
    plan: Complete = names["complete_object"]
    return plan


def _completion_lines(
    field: _PlannedField, value: str, complete: str, names: dict[str, Any], index: int
) -> list[str]:
    type_ = field.type_
    non_null = isinstance(type_, GraphQLNonNull)
    leaf = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    check = _NO_COMPLETION_NEEDED.get(leaf) if isinstance(leaf, GraphQLScalarType) else None
    if check is not None:
        needed = f"not ({check.format(v=value)})"
        if not non_null:
            needed = f"{value} is not None and {needed}"
        return [f"    if {needed}: {value} = {complete}({value}, info)"]
    if field.item is not None:
        item = f"i{index}"
        names[item] = field.item
        return [
            f"    if type({value}) is list: {value} = [{item}(x, info) for x in {value}]",
            f"    else: {value} = {complete}({value}, info)",
        ]
    return [f"    {value} = {complete}({value}, info)"]


def _leaf(type_: GraphQLLeafType) -> Complete:
    serialize = type_.serialize

    def complete(value: Any, _info: Info) -> Any:
        result = serialize(value)
        if result is None or result is Undefined:
            raise _GiveUp
        return result

    # graphql-core's own serializers return these values unchanged; skip the call.
    if type_ is GraphQLString or type_ is GraphQLID:

        def complete_string(value: Any, info: Info) -> Any:
            return value if type(value) is str else complete(value, info)

        return complete_string
    if type_ is GraphQLBoolean:

        def complete_boolean(value: Any, info: Info) -> Any:
            return value if type(value) is bool else complete(value, info)

        return complete_boolean
    if type_ is GraphQLInt:

        def complete_int(value: Any, info: Info) -> Any:
            if type(value) is int and _INT_MIN <= value <= _INT_MAX:
                return value
            return complete(value, info)

        return complete_int
    if isinstance(type_, GraphQLEnumType):
        # An enum's values are few and serialize the same every time (Strawberry's
        # serializer looks each one up afresh): each Python enum member's output is kept.
        known: dict[enum.Enum, Any] = {}

        def complete_enum(value: Any, info: Info) -> Any:
            if not isinstance(value, enum.Enum):
                return complete(value, info)
            found = known.get(value)
            if found is None:
                found = known[value] = complete(value, info)
            return found

        return complete_enum
    return complete


# Awaitables tracked for an executor that no longer exists, settled as it would have.
_orphans: set[asyncio.Future[list[Any]]] = set()


def _gather(values: Sequence[Awaitable[Any]]) -> Awaitable[list[Any]]:
    return gather_with_cancel(*values)


def _settle_orphans(values: Sequence[Any]) -> None:
    awaitables = [value for value in values if inspect.isawaitable(value)]
    if awaitables:
        future = asyncio.gather(*awaitables, return_exceptions=True)
        _orphans.add(future)
        future.add_done_callback(_orphans.discard)


class PreparedObjectsExecutor(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # graphql-core stores helpers bound to the executor on the executor: a reference cycle
        # that left every request's executor, with its context, request and loaders, to the
        # garbage collector (a collection every few requests, and now and then one walking
        # every object of the search index: 5 % of the search page's CPU). Bound weakly, the
        # executor goes as soon as the request is answered.
        track = weakref.WeakMethod(self.track_async_work)

        def track_weakly(values: Sequence[Any]) -> None:
            method = track()
            if method is None:
                _settle_orphans(values)
            else:
                method(values)

        self.async_helpers = GraphQLResolveInfoHelpers(gather=_gather, track=track_weakly)

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: Info,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        plan = self._plan(return_type, field_details_list)
        if plan is not None:
            try:
                completed: dict[str, Any] = plan(result, info)
                return completed
            except _GiveUp:
                pass
            except (GraphQLError, TypeError, ValueError, AttributeError):
                pass  # graphql-core reports it, located, when it completes the value again
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _plan(self, type_: GraphQLObjectType, details: FieldDetailsList) -> Complete | None:
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            return None
        plans = _plans_of(self.operation)
        nodes = [d.node for d in details]
        key = (type_, *map(id, nodes))
        if key in plans:
            return plans[key]
        plan: Complete | None = None
        plain = not any(d.defer_usage is not None or d.fragment_variable_values for d in details)
        if plain and all(_no_directives(n.selection_set, self.fragments, set()) for n in nodes):
            plan = self._compile_object(type_, details)
        plans[key] = plan
        return plan

    def _compile_object(
        self, type_: GraphQLObjectType, details: FieldDetailsList
    ) -> Complete | None:
        grouped, defer_usages, _ = self.collect_subfields(type_, details)
        if defer_usages:
            return None
        fields: list[_PlannedField] = []
        for response_key, field_details in grouped.items():
            name = field_details[0].node.name.value
            if name == "__typename":
                fields.append(_PlannedField(response_key, None, None, type_))
                continue
            definition = type_.fields.get(name)
            if definition is None:
                return None
            if not getattr(definition.resolve, "_is_default", False):
                return None  # a resolver of its own: graphql-core calls it
            strawberry_field = definition.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(strawberry_field, StrawberryField) or strawberry_field.extensions:
                return None
            if strawberry_field.default_resolver is not getattr:
                return None
            complete = self._compile_value(definition.type, field_details)
            if complete is None:
                return None
            item = None
            field_type = definition.type
            if (
                isinstance(field_type, GraphQLNonNull)
                and isinstance(field_type.of_type, GraphQLList)
                and isinstance(field_type.of_type.of_type, GraphQLNonNull)
                and isinstance(field_type.of_type.of_type.of_type, GraphQLObjectType)
            ):
                # The same plan _compile_value found for the items: an object's plan refuses
                # null itself.
                item = self._plan(field_type.of_type.of_type.of_type, field_details)
            fields.append(
                _PlannedField(
                    response_key, strawberry_field.python_name, complete, field_type, item
                )
            )
        return _generate_object_plan(type_, fields, type_.is_type_of)

    def _compile_value(
        self, type_: GraphQLOutputType, details: FieldDetailsList
    ) -> Complete | None:
        if isinstance(type_, GraphQLNonNull):
            inner = self._compile_nullable(type_.of_type, details)
            if inner is None or isinstance(type_.of_type, GraphQLObjectType):
                return inner  # an object's plan refuses null itself
            inner_non_null = inner

            def complete_non_null(value: Any, info: Info) -> Any:
                if value is None:
                    raise _GiveUp
                return inner_non_null(value, info)

            return complete_non_null
        complete = self._compile_nullable(type_, details)
        if complete is None:
            return None
        found = complete

        def complete_nullable(value: Any, info: Info) -> Any:
            return None if value is None else found(value, info)

        return complete_nullable

    def _compile_nullable(
        self, type_: GraphQLOutputType, details: FieldDetailsList
    ) -> Complete | None:
        if isinstance(type_, GraphQLList):
            item = self._compile_value(type_.of_type, details)
            if item is None:
                return None
            complete_item = item

            def complete_list(value: Any, info: Info) -> Any:
                if type(value) is not list and type(value) is not tuple:
                    raise _GiveUp
                return [complete_item(v, info) for v in value]

            return complete_list
        if isinstance(type_, GraphQLObjectType):
            return self._plan(type_, details)
        if isinstance(type_, GraphQLLeafType):
            return _leaf(type_)
        return None  # interfaces and unions: graphql-core resolves the runtime type
