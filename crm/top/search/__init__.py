"""One search box for everything (issue 16): organisations, people, events, networks and
partnerships, grouped by kind, each read through ``crm.access`` scoping."""
