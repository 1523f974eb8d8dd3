"""What every API resource shares: pagination, errors, permissions, the schema, base viewsets.

Resources live in each app's ``api.py``; ``config/api.py`` registers them on one router.
"""
