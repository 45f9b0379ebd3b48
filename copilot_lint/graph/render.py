"""Draw a :class:`copilot_lint.graph.elements.Graph` as Mermaid (for Markdown and job summaries)
or as Graphviz DOT. Node ids are generated (``n0``, ``g0``…), so no name from a workspace ever
reaches the syntax unescaped; labels are escaped for each language. Elements with findings are
outlined in the colour of their worst severity and say how many findings they carry."""
from __future__ import annotations

from copilot_lint.graph.elements import Element, Graph
from copilot_lint.model.escape import visible

COLORS = {"error": "#d73a49", "warning": "#e36209", "info": "#0366d6"}
STYLE = {  # kind: (fill, border, mermaid shape open/close, dot shape)
    "lb-web-service": ("#dbeafe", "#1d4ed8", "{{", "}}", "hexagon"),
    "backend-service": ("#dbeafe", "#1d4ed8", "[", "]", "box"),
    "worker-service": ("#dbeafe", "#1d4ed8", "[/", "/]", "parallelogram"),
    "rd-web-service": ("#dbeafe", "#1d4ed8", "[\\", "\\]", "hexagon"),
    "static-site": ("#dbeafe", "#1d4ed8", "[/", "\\]", "trapezium"),
    "scheduled-job": ("#dbeafe", "#1d4ed8", "([", "])", "ellipse"),
    "workload": ("#dbeafe", "#1d4ed8", "[", "]", "box"),
    "environment": ("#ede9fe", "#6d28d9", "([", "])", "ellipse"),
    "env-stack": ("#ede9fe", "#6d28d9", "[[", "]]", "component"),
    "stack": ("#ede9fe", "#6d28d9", "[[", "]]", "component"),
    "database": ("#dcfce7", "#15803d", "[(", ")]", "cylinder"),
    "cache": ("#dcfce7", "#15803d", "[(", ")]", "cylinder"),
    "bucket": ("#dcfce7", "#15803d", "[(", ")]", "folder"),
    "queue": ("#dcfce7", "#15803d", ">", "]", "cds"),
    "secret": ("#fef9c3", "#a16207", "(", ")", "note"),
    "parameter": ("#fef9c3", "#a16207", "(", ")", "note"),
    "external-secret": ("#ffffff", "#a16207", "(", ")", "note"),
    "policy": ("#f3f4f6", "#4b5563", "[\\", "/]", "invtrapezium"),
    "pipeline": ("#e0f2fe", "#0369a1", "[[", "]]", "component"),
    "missing": ("#fee2e2", "#b91c1c", "[", "]", "box"),
}
EDGES = {  # kind: (mermaid arrow, dot style)
    "import": ("-->", "solid"), "secret": ("-.->", "dashed"), "policy": ("==>", "bold"),
    "grants": ("-->", "solid"), "uses": ("-->", "solid"), "subscribe": ("-->", "solid"),
    "deploy": ("-->", "dotted"),
}


def _lines_visible(text: str) -> str:
    """Each line of a label with its control and undecodable characters escaped visibly."""
    return "\n".join(visible(part) for part in text.split("\n"))


def _caption(graph: Graph, element: Element, label: str, mark: str) -> str:
    envs = graph.only_in(element)
    if envs:
        label += f"\nonly in {', '.join(envs)}"
    if element.findings:
        count = len(element.findings)
        label += f"\n{mark} {count} {element.worst}{'s' if count != 1 else ''}" \
            if all(f.severity == element.worst for f in element.findings) else \
            f"\n{mark} {count} findings"
    return label


def _tree(graph: Graph) -> tuple[dict[str | None, list[str]], dict[str | None, list[str]]]:
    """Child groups and member nodes of each group (``None``: the top level)."""
    children: dict[str | None, list[str]] = {}
    members: dict[str | None, list[str]] = {}
    for key, group in graph.groups.items():
        parent = group.parent if group.parent in graph.groups else None
        children.setdefault(parent, []).append(key)
    for key, node in graph.nodes.items():
        members.setdefault(node.group if node.group in graph.groups else None, []).append(key)
    for key, group in graph.groups.items():
        if key.startswith("wl-group:") and len(members.get(key, [])) == 1 \
                and not children.get(key) and not group.findings \
                and not graph.only_in(group):
            parent = group.parent if group.parent in graph.groups else None
            members.setdefault(parent, []).extend(members.pop(key))
    return children, members


def _occupied(children: dict[str | None, list[str]],
              members: dict[str | None, list[str]]) -> set[str]:
    """The groups that hold a node, directly or in a nested group (each group visited once)."""
    found: set[str] = set()

    def visit(key: str) -> bool:
        held = bool(members.get(key))
        for child in children.get(key, []):
            held = visit(child) or held
        if held:
            found.add(key)
        return held

    for top in children.get(None, []):
        visit(top)
    return found


# -- Mermaid ----------------------------------------------------------------------------------
def mermaid_text(text: str) -> str:
    """A label for a quoted Mermaid string: entities for the characters Mermaid reads."""
    text = _lines_visible(text)
    for char, entity in (("#", "#35;"), ("&", "#38;"), ('"', "#quot;"), ("<", "#lt;"),
                         (">", "#gt;"), ("|", "#124;"), ("`", "#96;")):
        text = text.replace(char, entity)
    return text.replace("\n", "<br/>")


def to_mermaid(graph: Graph) -> str:
    """The graph as a Mermaid flowchart."""
    ids = {key: f"n{i}" for i, key in enumerate(graph.nodes)}
    gids = {key: f"g{i}" for i, key in enumerate(graph.groups)}
    children, members = _tree(graph)
    occupied = _occupied(children, members)
    lines = ["flowchart LR"]

    def emit(parent: str | None, depth: int) -> None:
        pad = "  " * depth
        for key in members.get(parent, []):
            node = graph.nodes[key]
            _, _, open_, close, _ = STYLE.get(node.kind, STYLE["workload"])
            label = mermaid_text(_caption(graph, node, node.label, "⚠"))
            lines.append(f'{pad}{ids[key]}{open_}"{label}"{close}')
        for key in children.get(parent, []):
            if key in occupied:
                group = graph.groups[key]
                label = mermaid_text(_caption(graph, group, group.label, "⚠"))
                lines.append(f'{pad}subgraph {gids[key]}["{label}"]')
                emit(key, depth + 1)
                lines.append(f"{pad}end")

    emit(None, 1)
    marked = []
    for index, edge in enumerate(graph.edges.values()):
        arrow = EDGES.get(edge.kind, EDGES["import"])[0]
        label = mermaid_text(_caption(graph, edge, edge.label, "⚠").replace("\n", " "))
        lines.append(f'  {ids[edge.src]} {arrow}|"{label}"| {ids[edge.dst]}')
        if edge.findings:
            marked.append(f"  linkStyle {index} stroke:{COLORS[edge.worst]},stroke-width:3px")
    for kind, (fill, border, *_rest) in STYLE.items():
        lines.append(f"  classDef {kind.replace('-', '_')} fill:{fill},stroke:{border},color:#111")
    for severity, color in COLORS.items():
        lines.append(f"  classDef {severity} stroke:{color},stroke-width:3px")
    for key, node in graph.nodes.items():
        kind = node.kind if node.kind in STYLE else "workload"
        lines.append(f"  class {ids[key]} {kind.replace('-', '_')}")
        if node.findings:
            lines.append(f"  class {ids[key]} {node.worst}")
    for key, group in graph.groups.items():
        if key in occupied:
            stroke = f"{COLORS[group.worst]},stroke-width:3px" if group.findings else "#94a3b8"
            lines.append(f"  style {gids[key]} fill:#f8fafc,stroke:{stroke}")
    lines.extend(marked)
    return "\n".join(lines) + "\n"


# -- DOT --------------------------------------------------------------------------------------
def dot_text(text: str) -> str:
    """A label for a quoted DOT string."""
    text = _lines_visible(text)
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(graph: Graph) -> str:
    """The graph as a Graphviz digraph."""
    ids = {key: f"n{i}" for i, key in enumerate(graph.nodes)}
    children, members = _tree(graph)
    occupied = _occupied(children, members)
    lines = ["digraph copilot {",
             f'  graph [rankdir=LR, fontname="Helvetica", fontsize=12, labelloc=t, '
             f'label="{dot_text("copilot application " + graph.title)}", compound=true, '
             f'nodesep=0.3, ranksep=0.9];',
             '  node [fontname="Helvetica", fontsize=10, style="filled", penwidth=1.2];',
             '  edge [fontname="Helvetica", fontsize=9, color="#555555"];']
    counter = iter(range(10 ** 6))

    def emit(parent: str | None, depth: int) -> None:
        pad = "  " * depth
        for key in members.get(parent, []):
            node = graph.nodes[key]
            fill, border, _, _, shape = STYLE.get(node.kind, STYLE["workload"])
            color, width = (COLORS[node.worst], 3) if node.findings else (border, 1.2)
            style = "filled,dashed" if node.kind in ("missing", "external-secret") else "filled"
            label = dot_text(_caption(graph, node, node.label, "(!)"))
            lines.append(f'{pad}{ids[key]} [label="{label}", '
                         f'shape={shape}, fillcolor="{fill}", color="{color}", penwidth={width}, '
                         f'style="{style}"];')
        for key in children.get(parent, []):
            if key not in occupied:
                continue
            group = graph.groups[key]
            color, width = (COLORS[group.worst], 3) if group.findings else ("#9ca3af", 1)
            lines.append(f"{pad}subgraph cluster_{next(counter)} {{")
            lines.append(f'{pad}  label="{dot_text(_caption(graph, group, group.label, "(!)"))}"; '
                         f'style="rounded,dashed"; color="{color}"; penwidth={width};')
            emit(key, depth + 1)
            lines.append(f"{pad}}}")

    emit(None, 1)
    for edge in graph.edges.values():
        style = EDGES.get(edge.kind, EDGES["import"])[1]
        color, width = (COLORS[edge.worst], 2.5) if edge.findings else ("#555555", 1)
        label = dot_text(_caption(graph, edge, edge.label, "(!)"))
        lines.append(f'  {ids[edge.src]} -> {ids[edge.dst]} [label="{label}", style={style}, '
                     f'color="{color}", fontcolor="{color}", penwidth={width}];')
    lines.append("}")
    return "\n".join(lines) + "\n"
