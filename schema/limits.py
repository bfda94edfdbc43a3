"""Bounds on what one GraphQL document may ask, checked in time linear in its size.

graphql-core's standard validation has quadratic rules (OverlappingFieldsCanBeMerged compares
every pair of fields that share a response name) and Strawberry's depth and alias limiters
walk each fragment again at every spread, so a 1 KB chain of fragments that each spread the
next twice took seconds. This module analyses a parsed document once: each fragment is
summarised once (memoised) and a spread reuses the summary, so the work is proportional to
the document, whatever its fragments expand to. Only a document within every bound goes on
to the standard rules (see schema.extensions).

Cost model (documented in the README): a document costs the sum over its selected fields of
- 1 per field, times the number of objects it is selected on: a list of objects multiplies
  what is selected inside it by its expected length: a connection's `edges`/`nodes` by its
  page size (`first`, or the field's default), another list with a `first` argument by that,
  any other list by DEFAULT_LIST_SIZE;
- plus a weight for fields whose resolver does real work (FIELD_WEIGHTS): a search runs the
  query and all its facet counts, each facet list is its own computation, a lookup by id or
  reference is a database query, introspection walks the whole schema.
Introspection fields are counted once each (their lists are bounded by the schema, the
weight of `__schema` stands for them) and, as with Strawberry's limiter, not in the depth.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from models.offers import MAX_CHANGES_PAGE
from models.search import MAX_PAGE_SIZE

__all__ = [
    "COST_BUDGET",
    "DEFAULT_LIST_SIZE",
    "FIELD_WEIGHTS",
    "LIST_SIZES",
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_FIELDS",
    "MAX_REPEATS",
    "MAX_TOKENS",
    "DocumentAnalysis",
    "analyse_document",
    "limit_errors",
]

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2_000
# Field nodes once every fragment is expanded. GraphiQL's introspection query is ~230.
MAX_FIELDS = 600
# Field nodes merged into one response path (`{ a a a }`, or the same field in several
# fragments): OverlappingFieldsCanBeMerged compares them pairwise, 200 copies of
# `regions { code }` took 0.25 s.
MAX_REPEATS = 10
# Nesting beyond which the analysis stops (the parser's own recursion is the outer bound):
# it keeps this module's recursion far from Python's limit, whatever the document.
_MAX_NESTING = 100

COST_BUDGET = 15_000
DEFAULT_LIST_SIZE = 20
# Lists known to be shorter than the default.
LIST_SIZES: Mapping[tuple[str, str], int] = {("Offer", "attachments"): 5}
# Extra cost of fields whose resolver does more than read an attribute. A search computes
# every facet count whatever is selected (models.search.offers), so its weight covers them;
# each facet list selected adds its building and serialisation. Introspection costs more
# than half the budget: GraphiQL's query fits, two of them in one document do not.
SEARCH_WEIGHT = 2_000
FACET_WEIGHT = 100
LOOKUP_WEIGHT = 10
INTROSPECTION_WEIGHT = 9_000
# An empty search's relaxations count up to a search per criterion (facets from the search's
# own bitmaps, a keyword dropped by a search of the others); highlights scan an offer's text.
RELAXATIONS_WEIGHT = SEARCH_WEIGHT
HIGHLIGHTS_WEIGHT = 5
FIELD_WEIGHTS: Mapping[tuple[str, str], int] = {
    ("Query", "offers"): SEARCH_WEIGHT,
    ("Query", "offer"): LOOKUP_WEIGHT,
    # Two indexed reads (the journal's page, then its offers), whatever the page size.
    ("Query", "offerChanges"): 10 * LOOKUP_WEIGHT,
    # Bitmaps of a 90-day window kept in memory, like a search's (models.alerts.preview).
    ("Query", "alertPreview"): SEARCH_WEIGHT,
    ("SavedSearch", "expectedPerWeek"): FACET_WEIGHT,
    ("Query", "node"): LOOKUP_WEIGHT,
    ("Query", "me"): LOOKUP_WEIGHT,
    ("Query", "viewer"): LOOKUP_WEIGHT,
    ("Query", "__schema"): INTROSPECTION_WEIGHT,
    ("Query", "__type"): INTROSPECTION_WEIGHT // 50,
    ("OfferConnection", "relaxations"): RELAXATIONS_WEIGHT,
    ("OfferEdge", "highlights"): HIGHLIGHTS_WEIGHT,
    # The offer's row, then a few bitmaps and the rows shown.
    ("Offer", "similarOffers"): 2 * LOOKUP_WEIGHT,
    **{
        ("OfferFacets", name): FACET_WEIGHT
        for name in (
            "types",
            "diplomaLevels",
            "domains",
            "administrations",
            "regions",
            "departments",
            "countries",
        )
    },
}
_WEIGHTS_BY_PARENT: dict[str, dict[str, int]] = {}
for (_parent, _field), _weight in FIELD_WEIGHTS.items():
    _WEIGHTS_BY_PARENT.setdefault(_parent, {})[_field] = _weight
_PAGE_FIELDS = frozenset({"edges", "nodes"})
# Fields whose `first` may exceed the search's page size (the others are clamped to it).
_PAGE_LIMITS: Mapping[str, int] = {"offerChanges": MAX_CHANGES_PAGE}
# Counts are capped so that a fragment bomb does not build huge integers; any value this
# large is refused anyway.
_CAP = 1 << 40


@dataclass(frozen=True, slots=True)
class _Summary:
    """What a selection set asks, fragments expanded: nesting, aliases, field nodes, spreads
    and cost (for one object of its type)."""

    depth: int = 0
    aliases: int = 0
    fields: int = 0
    spreads: int = 0
    cost: int = 0

    def __add__(self, other: _Summary) -> _Summary:
        return _Summary(
            max(self.depth, other.depth),
            min(self.aliases + other.aliases, _CAP),
            min(self.fields + other.fields, _CAP),
            min(self.spreads + other.spreads, _CAP),
            min(self.cost + other.cost, _CAP),
        )


@dataclass(frozen=True, slots=True)
class DocumentAnalysis:
    depth: int
    aliases: int
    fields: int
    cost: int
    # The most field nodes merged into one response path (0 when not measured because the
    # document was already too big).
    repeats: int
    spreads: int = 0


class _TooDeep(Exception):
    pass


class _Analyser:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any] | None,
    ) -> None:
        self.schema = schema
        self.variables = variables if isinstance(variables, Mapping) else {}
        self.fragments: dict[str, FragmentDefinitionNode] = {}
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                self.fragments.setdefault(definition.name.value, definition)
        self.memo: dict[tuple[str, int | None], _Summary] = {}
        self.summarised: set[str] = set()
        # Fragments being summarised: a spread of one of them is a cycle, which the standard
        # rule NoFragmentCycles reports; here it just counts as nothing.
        self.open: set[str] = set()

    def selection_set(
        self,
        node: SelectionSetNode,
        parent: GraphQLNamedType | None,
        page: int | None,
        nesting: int,
    ) -> _Summary:
        if nesting > _MAX_NESTING:
            raise _TooDeep
        # Leaf fields, the bulk of any document, are added up here without building a
        # summary each (this loop is the hot path of a 2,000-token document).
        parent_name = parent.name if parent is not None else ""
        weights = _WEIGHTS_BY_PARENT.get(parent_name, {})
        leaves = leaf_aliases = leaf_cost = 0
        total = _Summary()
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                if selection.selection_set is None:
                    leaves += 1
                    leaf_cost += 1 + weights.get(selection.name.value, 0)
                    if selection.alias is not None:
                        leaf_aliases += 1
                else:
                    total += self.field(selection, parent, page, nesting)
            elif isinstance(selection, InlineFragmentNode):
                inner = parent
                if selection.type_condition is not None:
                    inner = self.schema.get_type(selection.type_condition.name.value)
                total += self.selection_set(selection.selection_set, inner, page, nesting + 1)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.spread(selection.name.value, page, nesting)
        return total + _Summary(0, leaf_aliases, leaves, 0, leaf_cost)

    def spread(self, name: str, page: int | None, nesting: int) -> _Summary:
        key = (name, page)
        found = self.memo.get(key)
        if found is None:
            fragment = self.fragments.get(name)
            if fragment is None or name in self.open:
                return _Summary(spreads=1)
            self.open.add(name)
            try:
                parent = self.schema.get_type(fragment.type_condition.name.value)
                found = self.selection_set(fragment.selection_set, parent, page, nesting + 1)
            finally:
                self.open.discard(name)
            self.memo[key] = found
            self.summarised.add(name)
        return found + _Summary(spreads=1)

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType | None,
        page: int | None,
        nesting: int,
    ) -> _Summary:
        name = node.name.value
        parent_name = parent.name if parent is not None else ""
        introspection = name.startswith("__") or parent_name.startswith("__")
        definition = _field_definition(self.schema, parent, name)
        own = 1 + FIELD_WEIGHTS.get((parent_name, name), 0)
        aliases = 1 if node.alias is not None else 0
        assert node.selection_set is not None  # leaves are counted by selection_set
        named: GraphQLNamedType | None = None
        is_list = False
        if definition is not None:
            named, is_list = _unwrap(definition.type)
        inner_page = self.page_size(node, definition, _PAGE_LIMITS.get(name, MAX_PAGE_SIZE))
        count = 1
        if is_list and not introspection:
            if name in _PAGE_FIELDS and parent_name.endswith("Connection") and page is not None:
                count = page
            elif inner_page is not None:
                count = inner_page
            else:
                count = LIST_SIZES.get((parent_name, name), DEFAULT_LIST_SIZE)
        inner = self.selection_set(node.selection_set, named, inner_page, nesting + 1)
        depth = 0 if name.startswith("__") else inner.depth + 1
        return _Summary(
            depth,
            min(inner.aliases + aliases, _CAP),
            min(inner.fields + 1, _CAP),
            inner.spreads,
            min(own + count * inner.cost, _CAP),
        )

    def page_size(
        self, node: FieldNode, definition: GraphQLField | None, largest: int
    ) -> int | None:
        """The page a field with a `first` argument asks for (its default when not given),
        clamped as the resolvers clamp or refuse it; None for a field without one."""
        if definition is None or "first" not in definition.args:
            return None
        value: Any = definition.args["first"].default_value
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value, value)
        if not isinstance(value, int) or isinstance(value, bool):
            value = DEFAULT_LIST_SIZE
        return max(0, min(int(value), largest))

    def repeats(self, document: DocumentNode) -> int:
        """The most field nodes that land on one response path, fragments expanded. Only
        called once the expanded size is known to be small, so expanding is cheap."""
        counts: Counter[tuple[str, ...]] = Counter()

        def walk(node: SelectionSetNode, path: tuple[str, ...], seen: frozenset[str]) -> None:
            for selection in node.selections:
                if isinstance(selection, FieldNode):
                    key = (*path, (selection.alias or selection.name).value)
                    counts[key] += 1
                    if selection.selection_set is not None:
                        walk(selection.selection_set, key, seen)
                elif isinstance(selection, InlineFragmentNode):
                    walk(selection.selection_set, path, seen)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if fragment is not None and name not in seen:
                        walk(fragment.selection_set, path, seen | {name})

        for index, definition in enumerate(document.definitions):
            if isinstance(definition, OperationDefinitionNode):
                walk(definition.selection_set, (str(index),), frozenset())
            elif isinstance(definition, FragmentDefinitionNode):
                # graphql-core also compares the fields of each fragment definition.
                walk(definition.selection_set, (definition.name.value,), frozenset())
        return max(counts.values(), default=0)


def _field_definition(
    schema: GraphQLSchema, parent: GraphQLNamedType | None, name: str
) -> GraphQLField | None:
    if name == "__schema" and parent is schema.query_type:
        return SchemaMetaFieldDef
    if name == "__type" and parent is schema.query_type:
        return TypeMetaFieldDef
    if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def _unwrap(type_: GraphQLOutputType) -> tuple[GraphQLNamedType, bool]:
    is_list = False
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        is_list = is_list or isinstance(type_, GraphQLList)
        type_ = type_.of_type
    return type_, is_list


_ROOTS = {
    OperationType.QUERY: "query_type",
    OperationType.MUTATION: "mutation_type",
    OperationType.SUBSCRIPTION: "subscription_type",
}


def analyse_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None = None,
) -> DocumentAnalysis:
    """Depth, aliases, field nodes and cost of the whole document (every operation and every
    fragment definition counted, since validation reads them all), in linear time."""
    analyser = _Analyser(schema, document, variables)
    total = _Summary()
    try:
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                root = getattr(schema, _ROOTS[definition.operation])
                total += analyser.selection_set(definition.selection_set, root, None, 0)
            elif (
                isinstance(definition, FragmentDefinitionNode)
                and definition.name.value not in analyser.summarised
            ):
                # A fragment nobody spreads is still validated: count its own size once.
                summary = analyser.spread(definition.name.value, None, 0)
                total += _Summary(0, summary.aliases, summary.fields, summary.spreads)
    except _TooDeep:
        return DocumentAnalysis(_MAX_NESTING, 0, 0, 0, 0)
    small = total.fields + total.spreads <= 2 * MAX_FIELDS
    repeats = analyser.repeats(document) if small else 0
    return DocumentAnalysis(
        total.depth, total.aliases, total.fields, total.cost, repeats, total.spreads
    )


def _error(message: str, code: str, **extensions: int) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **extensions})


def limit_errors(analysis: DocumentAnalysis) -> list[GraphQLError]:
    """The bounds the document breaks, each as an error with a machine code."""
    if analysis.depth > MAX_DEPTH:
        return [
            _error(
                f"Query is too deep: {analysis.depth} levels, at most {MAX_DEPTH}",
                "QUERY_TOO_DEEP",
                depth=analysis.depth,
                limit=MAX_DEPTH,
            )
        ]
    errors = []
    if analysis.aliases > MAX_ALIASES:
        errors.append(
            _error(
                f"Too many aliases: {analysis.aliases}, at most {MAX_ALIASES}",
                "TOO_MANY_ALIASES",
                aliases=analysis.aliases,
                limit=MAX_ALIASES,
            )
        )
    if analysis.fields > MAX_FIELDS:
        errors.append(
            _error(
                f"Too many fields once fragments are expanded: {analysis.fields}, "
                f"at most {MAX_FIELDS}",
                "TOO_MANY_FIELDS",
                fields=analysis.fields,
                limit=MAX_FIELDS,
            )
        )
    elif analysis.spreads > MAX_FIELDS:
        errors.append(
            _error(
                f"Too many fragment spreads once fragments are expanded: {analysis.spreads}, "
                f"at most {MAX_FIELDS}",
                "TOO_MANY_FIELDS",
                spreads=analysis.spreads,
                limit=MAX_FIELDS,
            )
        )
    elif analysis.repeats > MAX_REPEATS:
        errors.append(
            _error(
                f"The same field is requested {analysis.repeats} times at one place, "
                f"at most {MAX_REPEATS}",
                "TOO_MANY_FIELDS",
                repeats=analysis.repeats,
                limit=MAX_REPEATS,
            )
        )
    if analysis.cost > COST_BUDGET:
        errors.append(
            _error(
                f"Query is too complex: it costs {analysis.cost}, the budget is {COST_BUDGET} "
                f"(lower `first`, or ask fewer fields, facets or aliases per request)",
                "QUERY_TOO_COMPLEX",
                cost=analysis.cost,
                budget=COST_BUDGET,
            )
        )
    return errors
