"""crm's ground floor: what every app stands on, importing none of them.

- ``territory/``: powiats, gminas and subregions (TERC codes, validity dates, the shipped data);
- ``access.py``: roles and the one place that decides who sees and changes what;
- ``audit/``: the action log and the field-history author;
- ``users.py``, ``base.py`` (shared model pieces), ``text.py`` (folding, Polish order),
  ``identifiers.py`` (NIP, REGON, KRS, phones);
- the shared toolkits every app uses: ``api/`` (base viewsets, permissions, errors, parsers,
  pagination, schema), ``exports/`` (formula-safe CSV / XLSX, the export registry the apps
  fill), ``web/`` (charts drawn from numbers, form and list helpers), ``services.py`` (the
  one way a service sets fields and saves).

``crm.top`` is the other floor: the start page, imports, monitoring and demo data, which may
read every app. ``tests/test_layering.py`` fails when a module here imports an app or the top
floor, also by name (``apps.get_model``, ``"app.Model"``).
"""
