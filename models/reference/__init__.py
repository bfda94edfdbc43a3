"""Reference data: offer types, diploma levels, geography, domains and administrations."""
