"""Long work off the request path: exports and imports as background jobs on the Tasks API (django-tasks).

kinds.py names what a job can be (each one's code, stages and reader rule); progress.py is what a running job
reports; tasks.py is the task the worker runs; the writes that start, cancel and retry a job are in
socaid/jobs/services.py, and its pages in socaid/jobs/views.py.
"""
