"""Finds repository queries that do not filter by workspace (tests/shared/test_tenant_isolation.py).

Static, over the source of every class deriving `RepositoryBase` in services/: each SELECT,
UPDATE or DELETE — SQLAlchemy's select()/update()/delete(), `session.get()`, or SQL text — on a
table that has a `workspace_id` column must mention `workspace_id` in the statement (its chain
of `.where()`s, or its SQL). Tables without the column (reference data) need no filter.
"""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import MetaData

REPO = Path(__file__).resolve().parents[2]
MARKER = "# cross-tenant:"
_SQL = re.compile(r"^\s*(?:WITH|SELECT|UPDATE|DELETE)\b", re.IGNORECASE)
_TABLES = re.compile(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(?:(\w+)\.)?(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    where: str
    statement: str

    def message(self) -> str:
        return (f"{self.path}:{self.line} {self.where}: `{self.statement}` reads or writes rows of a "
                "table with workspace_id without filtering by it, so one tenant's call could reach "
                "another's rows. Add `<Model>.workspace_id == workspace_id` to its WHERE (or "
                "`AND workspace_id = $n` to its SQL), taking workspace_id from the caller's Principal; "
                f"if it must span every workspace (a maintenance job), put `{MARKER} <why>` on the "
                "line above its `def`.")


def repository_files() -> list[Path]:
    return sorted(p for p in (REPO / "services").rglob("*.py")
                  if "migrations" not in p.parts and "RepositoryBase" in p.read_text())


def _service_metadata(path: Path) -> MetaData:
    service = path.relative_to(REPO / "services").parts[0]
    return importlib.import_module(f"services.{service}.db").metadata  # type: ignore[no-any-return]


def _tenant_tables(metadata: MetaData) -> set[str]:
    return {t.name for t in metadata.tables.values() if "workspace_id" in t.c}


def _module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "sql" (also f-strings and concatenations, by their constant parts)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            text = _constant_text(node.value)
            if text:
                found[node.targets[0].id] = text
    return found


def _constant_text(node: ast.AST) -> str:
    return " ".join(n.value for n in ast.walk(node)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str))


def _chain_top(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> ast.AST:
    """The whole `select(...).where(...).order_by(...)` around a `select(...)`."""
    while True:
        parent = parents.get(node)
        if isinstance(parent, ast.Attribute) or (isinstance(parent, ast.Call) and parent.func is node):
            node = parent
        else:
            return node


def _entity_tables(call: ast.Call, module: object) -> set[str] | None:
    """Tables of the ORM entities named in select(X, Y.col …)/update(X)/delete(X); None if unknown."""
    tables: set[str] = set()
    for arg in call.args:
        root = arg
        while isinstance(root, ast.Attribute):
            root = root.value
        entity = getattr(module, root.id, None) if isinstance(root, ast.Name) else None
        table = getattr(entity, "__table__", None)
        if table is None:
            return None
        tables.add(table.name)
    return tables or None


def _mentions_workspace(node: ast.AST) -> bool:
    return "workspace_id" in ast.unparse(node)


def _later_filters(function: ast.AST, name: str) -> bool:
    """`query = query.where(X.workspace_id == …)` somewhere in the function."""
    for node in ast.walk(function):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("where", "filter", "filter_by")
                and isinstance(node.func.value, ast.Name) and node.func.value.id == name
                and _mentions_workspace(node)):
            return True
    return False


def findings_in(path: Path, source: str | None = None) -> list[Finding]:
    """`source`: the file's text as it would be edited (the walk's own tests), else the file's."""
    source = path.read_text() if source is None else source
    tree = ast.parse(source)
    lines = source.splitlines()
    module = importlib.import_module(".".join(path.relative_to(REPO).with_suffix("").parts))
    tenant = _tenant_tables(_service_metadata(path))
    strings = _module_strings(tree)
    rel = str(path.relative_to(REPO))
    found: list[Finding] = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        if not any(ast.unparse(b).endswith("RepositoryBase") for b in cls.bases):
            continue
        for fn in (n for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            if any(MARKER in lines[i] for i in range(max(fn.lineno - 2, 0), fn.lineno)):
                continue
            where = f"{cls.name}.{fn.name}"
            parents = {child: parent for parent in ast.walk(fn) for child in ast.iter_child_nodes(parent)}
            for node in ast.walk(fn):
                statement = _unfiltered(node, fn, parents, module, tenant, strings)
                if statement:
                    found.append(Finding(rel, node.lineno, where, statement))  # type: ignore[attr-defined]
    return found


def _unfiltered(node: ast.AST, fn: ast.AST, parents: dict[ast.AST, ast.AST], module: object,
                tenant: set[str], strings: dict[str, str]) -> str | None:
    """The statement's text when `node` starts one that lacks the workspace filter."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
            "select", "update", "delete"):
        tables = _entity_tables(node, module)
        if tables is not None and not tables & tenant:
            return None
        top = _chain_top(node, parents)
        if _mentions_workspace(top):
            return None
        assigned = parents.get(top)
        if isinstance(assigned, ast.Assign) and isinstance(assigned.targets[0], ast.Name) and (
                _later_filters(fn, assigned.targets[0].id)):
            return None
        return _short(ast.unparse(top))
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
            and ast.unparse(node.func.value).endswith("session") and node.args):
        tables = _entity_tables(ast.Call(func=node.func, args=node.args[:1], keywords=[]), module)
        if (tables is not None and not tables & tenant) or _mentions_workspace(node):
            return None  # a primary key that starts with workspace_id filters by it
        return _short(ast.unparse(node))
    text = None
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and not isinstance(
            parents.get(node), ast.JoinedStr | ast.Expr):
        text = node.value
    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in strings:
        text = strings[node.id]
    if text and _SQL.match(text):
        tables = {name for _, name in _TABLES.findall(text)}
        if tables & tenant and "workspace_id" not in text:
            return _short(" ".join(text.split()))
    return None


def _short(text: str) -> str:
    return text if len(text) <= 140 else text[:137] + "..."


def all_findings() -> list[Finding]:
    return [f for path in repository_files() for f in findings_in(path)]
