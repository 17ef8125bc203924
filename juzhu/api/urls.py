"""The JSON API (django-ninja): /api/v1/, OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(title="居住 juzhu API", version="1.0.0", urls_namespace="api-v1")
