"""Backup and restore: the database (``pg_dump -Fc``), the uploaded files and the names of the
environment variables, in one folder; ``manage.py backup`` and ``manage.py restore``."""
