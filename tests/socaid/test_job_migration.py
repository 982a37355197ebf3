"""The jobs' table moved from reporting to the jobs app: the rows, the permissions and the waiting tasks follow."""
import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from socaid.jobs.models import Job

BEFORE = [("reporting", "0006_background_jobs"), ("jobs", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_a_job_asked_for_before_the_move_is_still_its_requesters_and_its_queued_task_still_runs():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    user = User.objects.create(username="officer")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="jobs", codename="view_job"))
    try:
        old = _migrate(BEFORE)
        assert ContentType.objects.get(model="job").app_label == "reporting"
        job = old.get_model("reporting", "Job").objects.create(
            kind="appendix", title="Phụ lục", requested_by_id=user.pk, expires_at=timezone.now(),
        )
        DBTaskResult.objects.create(task_path="reporting.jobs.tasks.run_job", args_kwargs={"args": [str(job.pk)], "kwargs": {}},
                                    backend_name="default", queue_name="default", run_after=timezone.now())
        _migrate(leaves)
        moved = Job.objects.get(pk=job.pk)
        assert (moved.title, moved.requested_by) == ("Phụ lục", user)
        assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == ["socaid.jobs.tasks.run_job"]
        assert User.objects.get(pk=user.pk).has_perm("jobs.view_job")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
