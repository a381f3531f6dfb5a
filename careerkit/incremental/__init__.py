"""The freshness model: one fingerprint of a file, the kept results on disk
(record cache, analyses, the site's marker) and the stat-only stamp in
front of them."""
