"""benchmark_load reads wrk's report: requests per second, the median and 99th percentile in milliseconds whatever
unit wrk chose, and the answers that were not 2xx or 3xx; it refuses to measure what is not production."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from projects.management.commands.benchmark_load import parse_wrk

WRK = """Running 3s test @ http://127.0.0.1:41233/bank/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   112.04ms   20.51ms 198.30ms   71.43%
    Req/Sec    17.21      5.12    30.00     68.00%
  Latency Distribution
     50%  850.00us
     75%  120.33ms
     90%  140.12ms
     99%    1.27s
  107 requests in 3.01s, 5.24MB read
  Non-2xx or 3xx responses: 3
Requests/sec:     35.55
Transfer/sec:      1.74MB
"""


def test_wrk_report_read_in_milliseconds():
    rate, p50, p99, errors = parse_wrk(WRK)
    assert (rate, p50, p99, errors) == (35.55, 0.85, 1270.0, 3)


def test_wrk_report_without_errors():
    assert parse_wrk(WRK.replace("  Non-2xx or 3xx responses: 3\n", ""))[3] == 0


@pytest.mark.django_db
def test_refuses_debug_settings(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("benchmark_load")


@pytest.mark.django_db
def test_every_page_loaded_answers_the_benchmark_user(client, settings):
    # wrk counts a redirect to the sign-in as a success: each page must answer 200 to the signed-in session.
    from projects.management.commands.benchmark_load import Command
    from projects.management.commands.benchmark_pages import Command as PageBenchmark

    settings.DEBUG = True  # the demo's accounts are refused in production
    call_command("demo", stdout=open("/dev/null", "w"))
    settings.DEBUG = False
    client.force_login(PageBenchmark().user())
    pages = Command().pages(None)
    assert [name for name, _path in pages][:2] == ["/healthz (bare view)", "signed-in floor: the USD rate form"]
    assert {path: client.get(path).status_code for _name, path in pages} == {path: 200 for _name, path in pages}
