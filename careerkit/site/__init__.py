"""The site: every page and file rendered in memory (templates, record
pages, report.json), then written atomically by the writer."""
