"""docs/deploy.md's nginx site and units agree with the settings and with each other: the internal location is
the one PROTECTED_MEDIA_REDIRECT names and serves MEDIA_ROOT, no location serves the media by address, the body
limit is the portal's, the portal learns the client's address and scheme, and the worker runs the jobs."""
import math
import re
from pathlib import Path

from django.conf import settings

from socaid.middleware import largest_file_mb
from tests.support.deploy_doc import code_blocks, documented_exec_start, documented_nginx_site, documented_unit, documented_values


def directive(directives, name):
    found = [words[1:] for words in directives if words[0] == name]
    assert len(found) == 1, (name, directives)
    return found[0]


def test_the_internal_location_serves_the_media_folder_the_setting_names():
    site, values = documented_nginx_site(), documented_values()
    prefix = values["PROTECTED_MEDIA_REDIRECT"]
    location = site[f"location {prefix}"]
    assert ["internal"] in location
    media_root = values.get("MEDIA_ROOT") or str(Path(values["SOCAID_DATA_DIR"]) / "media")
    assert directive(location, "alias") == [media_root + "/"]
    # Nothing else reads the media folder: no /media/ location, no other alias or root into it.
    assert "location /media/" not in site
    others = [words for name, block in site.items() if name != f"location {prefix}" for words in block]
    assert not [words for words in others if words[0] in ("alias", "root") and words[1].startswith(media_root)]


def test_static_files_come_from_the_collected_folder():
    location, values = documented_nginx_site()[f"location {settings.STATIC_URL}"], documented_values()
    assert directive(location, "alias") == [values["STATIC_ROOT"] + "/"]


def test_the_proxy_refuses_what_the_portal_refuses():
    """client_max_body_size is the portal's limit (socaid.middleware), rounded up to a whole megabyte."""
    limit = largest_file_mb() + settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
    assert directive(documented_nginx_site()["server"], "client_max_body_size") == [f"{math.ceil(limit)}m"]


def test_the_portal_hears_the_clients_address_and_scheme_from_one_proxy():
    location, values = documented_nginx_site()["location /"], documented_values()
    headers = {words[1]: words[2] for words in location if words[0] == "proxy_set_header"}
    assert headers["X-Forwarded-Proto"] == "$scheme"  # SECURE_PROXY_SSL_HEADER
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"  # PROXY_COUNT counts from the right
    assert headers["Host"] == "$host"
    assert values["PROXY_COUNT"] == "1"
    bind = documented_exec_start()[documented_exec_start().index("--bind") + 1]
    assert directive(location, "proxy_pass") == [f"http://{bind}"]
    # nginx waits for a PDF as long as gunicorn lets it run.
    timeout = int(documented_exec_start()[documented_exec_start().index("--timeout") + 1])
    assert int(directive(documented_nginx_site()["server"], "proxy_read_timeout")[0].removesuffix("s")) > timeout


def test_the_worker_runs_the_jobs_as_the_web_server_does():
    web, worker = documented_unit("socaid.service"), documented_unit("socaid-worker.service")
    command = documented_exec_start("socaid-worker.service")
    assert command[1:3] == ["manage.py", "db_worker"] and "--no-reload" in command
    assert documented_values()["TASKS_BACKEND"] == "database"
    assert Path(command[0]).parent == Path(documented_exec_start()[0]).parent  # the same virtual environment
    for key in ("User", "Group", "WorkingDirectory", "EnvironmentFile"):
        assert worker[key] == web[key], key


def test_the_processes_that_draw_pdfs_are_replaced_before_their_memory_grows():
    # WeasyPrint keeps some memory of each PDF in the process that drew it: each process is bounded in what it draws.
    web, worker = documented_exec_start(), documented_exec_start("socaid-worker.service")
    assert int(web[web.index("--max-requests") + 1]) > 0 and "--max-requests-jitter" in web
    assert int(worker[worker.index("--max-tasks") + 1]) > 0
    assert documented_unit("socaid-worker.service")["Restart"] == "always"  # what starts the next one
    rq = next(line for block in code_blocks() for line in block.splitlines() if "rqworker" in line and "ExecStart" in line)
    assert "--max-jobs" in rq.split()


def test_the_certificate_exists_before_nginx_checks_the_site():
    """Read top to bottom, the recipe makes the files the site names before `nginx -t`, which refuses a site whose
    certificate is missing."""
    server, blocks = documented_nginx_site()["server"], code_blocks()
    check = next(index for index, block in enumerate(blocks) if "nginx -t" in block)
    for name in ("ssl_certificate", "ssl_certificate_key"):
        path = directive(server, name)[0]
        written = [index for index, block in enumerate(blocks) if re.search(rf"-(key)?out {re.escape(path)}\b", block)]
        assert written and written[0] < check, (name, path)
