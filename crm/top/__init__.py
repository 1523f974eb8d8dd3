"""crm's top floor: what may read every app.

The start page (``dashboard/``), bulk imports of partner lists (``imports/``), the monitoring
of the regional programme (``monitoring/``), the demo data (``demo/``) and the management
commands that write across apps. Nothing below imports from here: the ground floor (the rest
of ``crm``) and the apps (contacts, then networks and interactions) only offer what this floor
uses, and ``tests/test_layering.py`` holds that.
"""
