"""crm's top floor: pages and read models that combine every app (timeline, dashboards)."""
