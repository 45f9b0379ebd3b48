"""What a workspace graph is made of: nodes, edges and groups, each with the source spans it
came from, and how findings are placed on the narrowest element whose lines hold them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from copilot_lint.model.finding import Finding
from copilot_lint.model.vocabulary import SEVERITY_RANK

WHOLE = 10 ** 9


Span = tuple[str, int, int]


@dataclass
class Element:
    """What nodes, edges and groups share: source spans, environments, findings."""

    spans: list[Span] = field(default_factory=list)
    envs: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)

    @property
    def worst(self) -> str | None:
        """The highest severity among the element's findings."""
        levels = [f.severity for f in self.findings]
        return max(levels, key=lambda s: SEVERITY_RANK.get(s, 0)) if levels else None


@dataclass
class GraphNode(Element):
    key: str = ""
    label: str = ""
    kind: str = ""
    group: str | None = None


@dataclass
class GraphEdge(Element):
    src: str = ""
    dst: str = ""
    label: str = ""
    kind: str = ""
    """``import``, ``secret``, ``policy``, ``grants``, ``uses``, ``subscribe`` or ``deploy``."""


@dataclass
class Group(Element):
    key: str = ""
    label: str = ""
    parent: str | None = None


@dataclass
class Graph:
    """Nodes, edges and nested groups, in insertion order."""

    title: str
    env_names: list[str]
    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: dict[tuple, GraphEdge] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    unplaced: list[Finding] = field(default_factory=list)

    def group(self, key: str, label: str, parent: str | None = None,
              spans: list[Span] | None = None) -> Group:
        if key not in self.groups:
            self.groups[key] = Group(key=key, label=label, parent=parent, spans=spans or [])
        return self.groups[key]

    def node(self, key: str, label: str, kind: str, group: str | None = None, *,
             env: str | None = None, spans: list[Span] | None = None) -> GraphNode:
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = GraphNode(key=key, label=label, kind=kind, group=group)
        for span in spans or []:
            if span not in node.spans:
                node.spans.append(span)
        if env:
            node.envs.add(env)
        return node

    def edge(self, src: str, dst: str, label: str, kind: str, *, env: str | None = None,
             span: Span | None = None) -> GraphEdge:
        key = (src, dst, label, kind)
        edge = self.edges.get(key)
        if edge is None:
            edge = self.edges[key] = GraphEdge(src=src, dst=dst, label=label, kind=kind)
        if span and span not in edge.spans:
            edge.spans.append(span)
        if env:
            edge.envs.add(env)
        return edge

    def only_in(self, element: Element) -> list[str]:
        """The environments an element is limited to, or ``[]`` when it holds in all."""
        if not element.envs or not self.env_names or element.envs >= set(self.env_names):
            return []
        return [e for e in self.env_names if e in element.envs]


def place_findings(graph: Graph, findings: list[Finding]) -> None:
    """Attach each finding to the narrowest element whose span holds it (the shortest span;
    on a tie an edge before a node before a group). Spans are indexed by file, so a finding is
    compared with the spans of its own file only: linear in findings and elements."""
    by_file: dict[str, list[tuple[int, int, int, int, Element]]] = {}
    elements: list[tuple[int, Element]] = \
        [(0, e) for e in graph.edges.values()] + [(1, n) for n in graph.nodes.values()] + \
        [(2, grp) for grp in graph.groups.values()]
    for rank, element in elements:
        for file, start, end in element.spans:
            by_file.setdefault(file, []).append((end - start, rank, start, end, element))
    for spans in by_file.values():
        spans.sort(key=lambda span: span[:2])
    for finding in findings:
        best = next((span[4] for span in by_file.get(finding.file, ())
                     if span[2] <= finding.line <= span[3]), None)
        if best is None:
            graph.unplaced.append(finding)
        else:
            best.findings.append(finding)
