"""Editor support: JSON Schema for record files and the settings that wire
it into the YAML language server (VS Code's YAML extension and others).

A record file holds one record or a list of them, so the schema of a file
is "one record, or an array of records", both built from the kind's shape
by :func:`careerkit.schema.json_schema` — the declaration the validator
uses, never a second copy.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..schema import RecordKind, json_schema

SCHEMAS_DIR = "schemas"
CONFIG_SCHEMA = "careerkit.schema.json"


def schema_file(name: str) -> str:
    """Where `careerkit schema` writes the schema of kind ``name``."""
    return f"{SCHEMAS_DIR}/{name}.schema.json"


def record_file_schema(kind: RecordKind) -> dict:
    """JSON Schema (2020-12) for a file under ``content/<kind.name>/``: one
    record, or a list of records (an empty list is allowed, as the loader
    allows it)."""
    record = json_schema(kind.shape, kind.title or kind.name, kind.shape.doc)
    header = {key: record.pop(key) for key in ("$schema", "title", "description") if key in record}
    title = header.get("title") or kind.name
    return {
        **header,
        "title": f"{title} file",
        "description": f"One {title} or a list of them. " + header.get("description", ""),
        "$defs": {"record": {"title": title, **record}},
        "oneOf": [
            {"$ref": "#/$defs/record"},
            {"type": "array", "items": {"$ref": "#/$defs/record"}},
        ],
    }


def vscode_settings(kinds: Iterable[RecordKind | str]) -> dict:
    """``.vscode/settings.json`` content mapping each kind's schema (as
    written by `careerkit schema`) to its record files, and the config's
    schema to careerkit.yaml."""
    names = sorted({getattr(kind, "name", kind) for kind in kinds})
    schemas: dict[str, list[str] | str] = {
        schema_file(name): [f"content/{name}/**/*.yaml", f"content/{name}/**/*.yml"] for name in names
    }
    schemas[f"{SCHEMAS_DIR}/{CONFIG_SCHEMA}"] = "careerkit.yaml"
    return {"yaml.schemas": schemas}


def schema_documents(kinds: Iterable[RecordKind]) -> dict[str, dict]:
    """Every schema file `careerkit schema` (and `careerkit init`) writes:
    ``<kind>.schema.json`` for each record kind and the config's."""
    from ..records.config import CONFIG

    documents = {f"{kind.name}.schema.json": record_file_schema(kind) for kind in kinds}
    documents[CONFIG_SCHEMA] = json_schema(CONFIG, "careerkit.yaml", "careerkit configuration")
    return documents
