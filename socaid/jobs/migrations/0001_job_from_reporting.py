"""The model of the table that reporting's migration 0007 renamed to jobs_job: nothing is created here. The jobs still
waiting in the database queue name their task by its new place, so that a worker of this version runs them."""
import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

OLD_TASK, NEW_TASK = "reporting.jobs.tasks.run_job", "socaid.jobs.tasks.run_job"


def waiting_tasks_follow(apps, schema_editor):
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=OLD_TASK).update(task_path=NEW_TASK)


def waiting_tasks_return(apps, schema_editor):
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=NEW_TASK).update(task_path=OLD_TASK)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("reporting", "0007_job_moves_to_jobs_app"),
        ("django_tasks_database", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('kind', models.CharField(max_length=40, verbose_name='kind')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('public_key', models.CharField(blank=True, db_index=True, max_length=200)),
                        ('params', models.JSONField(default=dict)),
                        ('language', models.CharField(default='vi', max_length=8, verbose_name='language')),
                        ('state', models.CharField(choices=[('queued', 'Waiting for a worker'), ('running', 'Running'), ('done', 'Finished'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='queued', max_length=10, verbose_name='state')),
                        ('cancel_requested', models.BooleanField(default=False)),
                        ('stage', models.CharField(blank=True, max_length=20)),
                        ('done', models.PositiveIntegerField(default=0)),
                        ('total', models.PositiveIntegerField(default=0)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked at')),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('expires_at', models.DateTimeField(verbose_name='kept until')),
                        ('file', models.CharField(blank=True, max_length=300)),
                        ('file_name', models.CharField(blank=True, max_length=200, verbose_name='file')),
                        ('size', models.PositiveBigIntegerField(default=0)),
                        ('outcome', models.JSONField(blank=True, default=dict)),
                        ('error', models.TextField(blank=True)),
                        ('error_values', models.JSONField(blank=True, default=dict)),
                        ('mailed', models.BooleanField(default=False)),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'verbose_name': 'background job',
                        'verbose_name_plural': 'background jobs',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['requested_by', '-created_at'], name='job_requester_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('state__in', ['queued', 'running', 'done', 'failed', 'cancelled'])), name='job_state_valid'), models.CheckConstraint(condition=models.Q(('total', 0), ('done__lte', models.F('total')), _connector='OR'), name='job_done_within_total'), models.CheckConstraint(condition=models.Q(('state', 'done'), ('file', ''), _connector='OR'), name='job_file_only_when_done'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'failed'), _negated=True), models.Q(('error', ''), _negated=True), _connector='OR'), name='job_failure_has_reason'), models.CheckConstraint(condition=models.Q(('requested_by__isnull', False), models.Q(('public_key', ''), _negated=True), _connector='OR'), name='job_has_reader')],
                    },
                ),
            ],
        ),
        migrations.RunPython(waiting_tasks_follow, waiting_tasks_return),
    ]
