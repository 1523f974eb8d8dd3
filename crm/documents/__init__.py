"""Documents attached to records: agreements, statutes, appointment letters, attendance lists.

The ground floor keeps the table, the checks and the pages; each app names the records that
take documents (``register_attachable`` in its ``AppConfig.ready``), so this package imports no
app. Files go to the storage alias ``documents`` (the local folder, or an S3-compatible store
set by environment variables, config/settings.py) under a random key: the name a person gave
the file is kept in the row and given back on download, never used as a path.
"""
