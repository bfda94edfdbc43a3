"""The one home of search: criteria and facets, the keyword index, the facet index kept in
step with the offers table, and `search_offers` (one page of results with every facet's counts)."""
