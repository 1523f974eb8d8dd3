"""The import pipeline, one step per module: check, read, map headers, normalise, match, plan,
apply, report, revert. Services in ``crm.top.imports.services`` drive it."""
