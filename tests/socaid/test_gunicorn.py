"""The documented web server: the systemd unit's ExecStart line of docs/deploy.md, with its environment file,
starts gunicorn on the production settings, which answers /healthz with the production headers."""
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.deploy_doc import documented_environment, documented_exec_start
from tests.support.live_site import ROOT, free_port, wait_until_listening

# Variables of the test run that would override the documented ones (the suite's settings module among them).
OURS = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL"}


def fetch(url, **headers):
    """(status, headers, body) without following a redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=60) as response:  # a loaded CI machine
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_gunicorn_serves_the_portal_as_documented(tmp_path):
    command = documented_exec_start()
    assert Path(command[0]).name == "gunicorn" and "socaid.wsgi" in command
    port = free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), *(f"127.0.0.1:{port}" if arg == "127.0.0.1:8000" else arg for arg in command[1:])]
    environment = {k: v for k, v in os.environ.items() if k not in OURS} | documented_environment(tmp_path)
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(server, port, log, seconds=60)
        host = environment["ALLOWED_HOSTS"]
        # As the proxy forwards an HTTPS request.
        status, headers, body = fetch(f"http://127.0.0.1:{port}/healthz", Host=host, **{"X-Forwarded-Proto": "https"})
        assert (status, body) == (200, "ok"), log.read_text()
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        # Plain HTTP is sent to HTTPS; a host not allowed is refused.
        status, headers, _ = fetch(f"http://127.0.0.1:{port}/healthz", Host=host)
        assert (status, headers["Location"]) == (301, f"https://{host}/healthz")
        assert fetch(f"http://127.0.0.1:{port}/healthz", Host="attacker.example")[0] == 400
    finally:
        server.send_signal(signal.SIGTERM)  # what systemctl stop sends: gunicorn finishes and exits cleanly
        assert server.wait(timeout=30) == 0, log.read_text()
