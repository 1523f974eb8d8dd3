"""Safe CSV / XLSX exports of what a user may see (no live formulas, logged)."""
