"""Lists people can shape: page size, sort and columns remembered per user, and saved views.

Each app describes its list pages (``ListSpec``: the columns, the sorts, the filters a saved
view keeps) and registers them from its app config; this package holds the one mechanism every
list page uses (``list_state``), the models, the services and the pages that change them.
"""
