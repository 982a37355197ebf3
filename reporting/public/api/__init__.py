"""The open-data API (/api/v1/): published projects, their programmes, sectors and administrative units, read-only.

Django REST framework with drf-spectacular's OpenAPI description; settings.REST_FRAMEWORK makes it anonymous and
sessionless. Every project it serves comes from Project.objects.public().
"""
