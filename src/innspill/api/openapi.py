"""The OpenAPI 3.1 description of the read-only API, kept beside the views it describes."""

from typing import Any

from innspill.common.api import LANG_OPENAPI
from innspill.common.spreadsheet import XLSX_TYPE
from innspill.practices.api import OPENAPI_PATHS as PRACTICE_PATHS
from innspill.practices.api import OPENAPI_SCHEMAS as PRACTICE_SCHEMAS

SEP_PARAM = {
    "name": "sep",
    "in": "query",
    "required": False,
    "description": "CSV only: the column separator. Comma unless asked; `semicolon` (or `;`) "
    "is what Norwegian Excel splits on. Every CSV starts with a UTF-8 byte-order mark.",
    "schema": {"type": "string", "enum": ["comma", "semicolon", "tab", ",", ";"]},
}


def _list_param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description + " Repeat the parameter or separate values with commas.",
        "schema": schema,
    }


def openapi_document() -> dict[str, Any]:
    error = {"$ref": "#/components/schemas/Error"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "innspill archive API",
            "version": "1.0.0",
            "description": "Read-only access to every published input (innspill) since 2014. "
            "No personal data: inputs carry organisation type and region, never a person.",
            "license": {"name": "NLOD 2.0", "url": "https://data.norge.no/nlod/no/2.0"},
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/inputs": {
                "get": {
                    "operationId": "listInputs",
                    "summary": "Search inputs",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "description": "Free text; Norwegian stemming; every word must match. Operators are not interpreted.",
                            "schema": {"type": "string", "maxLength": 500},
                        },
                        _list_param(
                            "year",
                            "Year of the cycle.",
                            {"type": "string", "pattern": "^[0-9]{4}(,[0-9]{4})*$"},
                        ),
                        _list_param("theme", "Theme key (see /api/v1/themes).", {"type": "string"}),
                        _list_param(
                            "kind", "Kind key: tiltak, barriere, erfaring.", {"type": "string"}
                        ),
                        _list_param("actor", "Actor key, e.g. nav, kommunen.", {"type": "string"}),
                        _list_param(
                            "session",
                            "Session id.",
                            {"type": "string", "pattern": "^[0-9]+(,[0-9]+)*$"},
                        ),
                        _list_param(
                            "organisation_type",
                            "Organisation type of the giver.",
                            {"type": "string"},
                        ),
                        _list_param("region", "Region (county) of the giver.", {"type": "string"}),
                        {
                            "name": "page",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 1000000,
                                "default": 1,
                            },
                        },
                        {
                            "name": "page_size",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 500,
                                "default": 50,
                            },
                        },
                        {
                            "name": "format",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "string",
                                "enum": ["json", "csv", "xlsx"],
                                "default": "json",
                            },
                        },
                        SEP_PARAM,
                        LANG_OPENAPI,
                    ],
                    "responses": {
                        "200": {
                            "description": "A page of matching inputs.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/InputPage"}
                                },
                                "text/csv": {"schema": {"type": "string"}},
                                XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
                            },
                        },
                        "400": {
                            "description": "A parameter is invalid; `parameter` names it.",
                            "content": {"application/json": {"schema": error}},
                        },
                    },
                }
            },
            "/api/v1/followup": {
                "get": {
                    "operationId": "listFollowUps",
                    "summary": "What ministries and agencies answered, one object per followed-up input",
                    "parameters": [
                        _list_param(
                            "year",
                            "Year the input was raised.",
                            {"type": "string", "pattern": "^[0-9]{4}(,[0-9]{4})*$"},
                        ),
                        _list_param(
                            "ministry", "Short name, e.g. KD, AID, NAV.", {"type": "string"}
                        ),
                        _list_param(
                            "status",
                            "mottatt, under_vurdering, fulgt_opp, delvis_fulgt_opp, ikke_fulgt_opp.",
                            {"type": "string"},
                        ),
                        _list_param("theme", "Theme key of the input.", {"type": "string"}),
                        {
                            "name": "page",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "default": 1},
                        },
                        {
                            "name": "page_size",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 500,
                                "default": 50,
                            },
                        },
                        {
                            "name": "format",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "string",
                                "enum": ["json", "csv", "xlsx"],
                                "default": "json",
                            },
                        },
                        SEP_PARAM,
                        LANG_OPENAPI,
                    ],
                    "responses": {
                        "200": {
                            "description": "A page of follow-ups.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/FollowUpPage"}
                                },
                                "text/csv": {"schema": {"type": "string"}},
                                XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
                            },
                        },
                        "400": {
                            "description": "A parameter is invalid; `parameter` names it.",
                            "content": {"application/json": {"schema": error}},
                        },
                    },
                }
            },
            **PRACTICE_PATHS,
            "/api/v1/themes": {
                "get": {
                    "operationId": "listThemes",
                    "summary": "The theme vocabulary",
                    "parameters": [LANG_OPENAPI],
                    "responses": {
                        "200": {
                            "description": "Themes in display order.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Theme"},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "OpenAPI document",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "parameter"],
                    "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}},
                },
                "Theme": {
                    "type": "object",
                    "required": ["key", "name"],
                    "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
                },
                "Session": {
                    "type": ["object", "null"],
                    "properties": {
                        "id": {"type": "integer"},
                        "number": {"type": ["integer", "null"]},
                        "title": {"type": "string"},
                        "leader": {"type": "string"},
                        "leader_role": {"type": "string"},
                        "conference": {"type": ["string", "null"]},
                    },
                },
                "Input": {
                    "type": "object",
                    "required": [
                        "id",
                        "year",
                        "text",
                        "theme",
                        "themes",
                        "kind",
                        "actors",
                        "session",
                        "url",
                    ],
                    "properties": {
                        "id": {"type": "integer"},
                        "year": {"type": "integer"},
                        "text": {"type": "string"},
                        "theme": {"type": ["string", "null"]},
                        "themes": {"type": "array", "items": {"type": "string"}},
                        "kind": {"type": ["string", "null"]},
                        "actors": {"type": "array", "items": {"type": "string"}},
                        "session": {"$ref": "#/components/schemas/Session"},
                        "group": {"type": ["string", "null"]},
                        "organisation_type": {"type": ["string", "null"]},
                        "region": {"type": ["string", "null"]},
                        "url": {"type": "string"},
                    },
                },
                "FollowUp": {
                    "type": "object",
                    "required": ["input", "ministry", "status", "answer", "url", "date"],
                    "properties": {
                        "input": {"type": "integer", "description": "The input's id."},
                        "ministry": {"type": "string"},
                        "status": {
                            "type": "string",
                            "enum": [
                                "mottatt",
                                "under_vurdering",
                                "fulgt_opp",
                                "delvis_fulgt_opp",
                                "ikke_fulgt_opp",
                            ],
                        },
                        "answer": {"type": "string"},
                        "url": {"type": "string"},
                        "date": {"type": ["string", "null"], "format": "date"},
                        "year": {"type": "integer"},
                        "theme": {"type": ["string", "null"]},
                    },
                },
                "FollowUpPage": {
                    "type": "object",
                    "required": ["count", "results"],
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/FollowUp"},
                        },
                    },
                },
                **PRACTICE_SCHEMAS,
                "InputPage": {
                    "type": "object",
                    "required": ["count", "results"],
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Input"},
                        },
                    },
                },
            }
        },
    }
