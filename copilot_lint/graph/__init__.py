"""The workspace graph: workloads, environments, data stores and their wiring, drawn as Mermaid or
Graphviz.
"""
