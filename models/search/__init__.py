"""Full-text and facet search over the published offers."""
