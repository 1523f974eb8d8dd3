"""Bulk actions on the organisation and people lists (top floor: it writes through networks,
interactions and tags alike). Rows ticked on a list, or the whole filtered result, go into a
network, onto an event, under a tag, get a task each, or are exported."""
