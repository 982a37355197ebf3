from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """DRF's pages, described the OpenAPI 3.1 way: DRF writes OpenAPI 3.0's "nullable" for the neighbouring pages,
    which JSON Schema (and so 3.1) ignores, and a client checking an answer would reject the first page's null."""

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            link = described["properties"][name]
            link.pop("nullable", None)
            link["type"] = [link["type"], "null"]
        return described
