"""The address a request really came from, for django-axes' sign-in lockout.

Each reverse proxy appends the address it received the request from to X-Forwarded-For, so behind
PROXY_COUNT proxies the client is the PROXY_COUNT-th entry from the right. Entries further left were
written by the client itself and are not trusted: an attacker cannot choose the address he is locked at.
"""
from django.conf import settings
from python_ipware import IpWare


def client_address(request):
    if settings.PROXY_COUNT:
        # proxy_count counts the proxies listed in the header; the nearest one is REMOTE_ADDR instead.
        # Not strict: a chain longer than expected still yields the entry our own proxies wrote.
        reader = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=settings.PROXY_COUNT - 1)
        address, _trusted = reader.get_client_ip(request.META)
        if address is not None:
            return str(address)
    return request.META.get("REMOTE_ADDR")
