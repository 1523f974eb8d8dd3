"""The cooperation graph: ties read in SQL, analysed and drawn with networkx."""

from crm.top.monitoring.graph.build import BuiltGraph, GraphQuery, build_graph
from crm.top.monitoring.graph.edges import EDGE_TYPES
from crm.top.monitoring.graph.metrics import GraphMetrics, graph_metrics

__all__ = ["EDGE_TYPES", "BuiltGraph", "GraphMetrics", "GraphQuery", "build_graph", "graph_metrics"]
