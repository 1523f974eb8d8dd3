"""Pages of monitoring: indicators, the yearly report, the cooperation graph, the catalogue."""
