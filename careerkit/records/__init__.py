"""Reading the records: the YAML 1.2 reader with line/column marks, the
record kinds, the loader, validation and the config file.  Nothing here
writes."""
