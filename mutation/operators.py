"""Find the mutants of a Python module with `ast`, and build the code of any one of them.

A mutant is one small change a wrong implementation could make: a boundary (`<` for `<=`), an
operator (`+` for `-`, `and` for `or`), a constant, a removed statement (a notice not sent, a
refusal not raised) or a changed return value. It is found by walking the module's syntax tree;
the same walk over the same source finds the same node again, which is how a mutant is applied.

Left alone, because no rule reads them: docstrings (also a bare string under a module-level name),
annotations, the text of f-strings, and what only describes a refusal to a human: a problem
document's `detail` text (`DETAIL_ARGUMENTS`) and the JSON pointer of the field at fault (any
`pointer` argument, and any `base`: the pointer of the object a field is read from). The spec
fixes a refusal's status and rule, not its wording nor which field it points at.
"""

from __future__ import annotations

import ast
import copy
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import CodeType

from mutation.rewrites import ARITHMETIC_SWAPS, BOOL_SWAPS, CALL_SWAPS, COMPARE_SWAPS, constant_mutation, rewrite

__all__ = ["DETAIL_ARGUMENTS", "Mutant", "find_mutants", "mutated_code", "mutated_source"]

# Function name → position of its argument that is only human-readable text of a problem document.
DETAIL_ARGUMENTS = {
    **dict.fromkeys(("invalid", "conflict", "forbidden", "not_found", "unauthorized", "bad_request"), 0),
    "require_same_clock": 2,
}
# Parameters that hold a JSON pointer: the field at fault, or the object a field is read from (`base`).
_POINTERS = frozenset({"pointer", "base"})


@dataclass(frozen=True)
class Mutant:
    """One change to one node of a module; `key` names it stably across unrelated edits of the file."""

    path: str  # as given to find_mutants, e.g. reference_impl/services/offers.py
    module: str  # dotted name, e.g. reference_impl.services.offers
    node_index: int  # position of the node in the ast.walk order of the module
    operator: str
    scope: str  # qualified name of the enclosing function, or "<module>" for import-time code
    line: int
    end_line: int
    original: str
    mutated: str
    fingerprint: str  # of the node's syntax tree: the node found again must be the same
    occurrence: int = 1  # the n-th mutant of this scope with the same operator, original and mutated

    @property
    def key(self) -> str:
        suffix = f" #{self.occurrence}" if self.occurrence > 1 else ""
        return f"{self.path}:{self.scope}:{self.operator}: {self.original} -> {self.mutated}{suffix}"

    @property
    def at_import(self) -> bool:
        """True when the mutated code runs when the module is imported, not when a function is called."""
        return self.scope == "<module>" or self.scope.endswith(">")


@dataclass(frozen=True)
class _Site:
    node_index: int
    operator: str
    scope: str
    node: ast.AST
    original: str
    mutated: str


def find_mutants(path: Path, module: str, *, display_path: str | None = None) -> list[Mutant]:
    """Every mutant of the module at `path`, in source order."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    sites = list(_sites(tree))
    counts: dict[tuple[str, str, str, str], int] = {}
    mutants = []
    for site in sorted(sites, key=lambda s: (_line(s.node), _col(s.node), s.node_index, s.operator, s.mutated)):
        ident = (site.scope, site.operator, site.original, site.mutated)
        counts[ident] = counts.get(ident, 0) + 1
        mutants.append(
            Mutant(
                path=display_path or str(path),
                module=module,
                node_index=site.node_index,
                operator=site.operator,
                scope=site.scope,
                line=_line(site.node),
                end_line=getattr(site.node, "end_lineno", None) or _line(site.node),
                original=site.original,
                mutated=site.mutated,
                fingerprint=_fingerprint(site.node),
                occurrence=counts[ident],
            )
        )
    return mutants


def mutated_source(source: str, mutant: Mutant) -> str:
    """The module's source with `mutant` applied (for display and for tests)."""
    return ast.unparse(_mutated_tree(source, mutant))


def mutated_code(source: str, mutant: Mutant, filename: str) -> CodeType:
    """The compiled module with `mutant` applied; line numbers are those of the original file."""
    return compile(_mutated_tree(source, mutant), filename, "exec")


def _mutated_tree(source: str, mutant: Mutant) -> ast.Module:
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    node = nodes[mutant.node_index] if mutant.node_index < len(nodes) else None
    if node is None or _fingerprint(node) != mutant.fingerprint:
        raise LookupError(f"the source no longer holds the mutant {mutant.key}")
    rewrite(node, mutant.operator, tree)
    return tree


def _fingerprint(node: ast.AST) -> str:
    return hashlib.sha256(ast.dump(node).encode()).hexdigest()[:16]


# -- finding the sites -----------------------------------------------------------------------------


def _sites(tree: ast.Module) -> Iterator[_Site]:
    finder = _SiteFinder()
    finder.visit(tree)
    index = {id(node): i for i, node in enumerate(ast.walk(tree))}
    for node, operator, scope, original, mutated in finder.found:
        yield _Site(index[id(node)], operator, scope, node, original, mutated)


class _SiteFinder(ast.NodeVisitor):
    """Collects (node, operator, scope, original, mutated) for every mutation point."""

    def __init__(self) -> None:
        self.found: list[tuple[ast.AST, str, str, str, str]] = []
        self.scope: list[tuple[str, bool]] = []  # (name, is a function) from the outermost
        self.skip: set[int] = set()  # ids of nodes whose subtree is not mutated (docstrings, detail text)
        self.pointer_positions: dict[str, int] = {}

    @property
    def _scope(self) -> str:
        if not self.scope:
            return "<module>"
        name = ".".join(n for n, _ in self.scope)
        return name if self.scope[-1][1] else f"{name}<class body>"

    def _add(self, node: ast.AST, operator: str, original: str, mutated: str) -> None:
        self.found.append((node, operator, self._scope, original, mutated))

    def visit(self, node: ast.AST) -> None:
        if id(node) not in self.skip:
            super().visit(node)

    # Scopes. A function's defaults and decorators run at import: they belong to the enclosing scope.
    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for outer in (*node.decorator_list, node.args):
            self.visit(outer)
        self._skip_docstring(node)
        self.scope.append((node.name, True))
        for statement in node.body:
            self.visit(statement)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 - ast's naming

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for outer in (*node.decorator_list, *node.bases, *node.keywords):
            self.visit(outer)
        self._skip_docstring(node)
        self.scope.append((node.name, False))  # a class body runs at import
        for statement in node.body:
            self.visit(statement)
        self.scope.pop()

    def visit_Module(self, node: ast.Module) -> None:
        self._skip_docstring(node)
        # Where this module's own functions take a pointer positionally, that argument is skipped too.
        for function in node.body:
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
                for index, name in enumerate(names):
                    if name in _POINTERS:
                        self.pointer_positions.setdefault(function.name, index)
        self.generic_visit(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.args)
        self.scope.append(("lambda", True))
        self.visit(node.body)
        self.scope.pop()

    def visit_arguments(self, node: ast.arguments) -> None:
        positional = [*node.posonlyargs, *node.args]
        named = [
            *zip(positional[len(positional) - len(node.defaults) :], node.defaults, strict=True),
            *zip(node.kwonlyargs, node.kw_defaults, strict=True),
        ]
        for arg, default in named:
            if default is not None and arg.arg not in _POINTERS:
                self.visit(default)  # annotations are not visited

    # Not mutated: annotations, f-string text, imports, problem detail text.
    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)

    def visit_Import(self, node: ast.Import) -> None:
        return

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        return

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        for position in (DETAIL_ARGUMENTS.get(name or ""), self.pointer_positions.get(name or "")):
            if position is not None and len(node.args) > position:
                self.skip.add(id(node.args[position]))
        self.skip.update(id(k.value) for k in node.keywords if k.arg in _POINTERS)
        if isinstance(node.func, ast.Name) and node.func.id in CALL_SWAPS:
            self._add(node.func, "call", node.func.id, CALL_SWAPS[node.func.id])
        self.generic_visit(node)

    # Expressions.
    def visit_Compare(self, node: ast.Compare) -> None:
        for i, op in enumerate(node.ops):
            swap = COMPARE_SWAPS.get(type(op))
            if swap is not None:
                changed = copy.copy(node)
                changed.ops = [*node.ops[:i], swap(), *node.ops[i + 1 :]]
                self._add(node, f"compare[{i}]", ast.unparse(node), ast.unparse(changed))
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp | ast.AugAssign) -> None:
        swap = ARITHMETIC_SWAPS.get(type(node.op))
        if swap is not None:
            changed = copy.copy(node)
            changed.op = swap()
            self._add(node, "arithmetic", ast.unparse(node), ast.unparse(changed))
        if isinstance(node, ast.AugAssign):
            self._statement(node)
        self.generic_visit(node)

    visit_AugAssign = visit_BinOp  # noqa: N815 - ast's naming

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        changed = ast.BoolOp(op=BOOL_SWAPS[type(node.op)](), values=node.values)
        self._add(node, "boolean", ast.unparse(node), ast.unparse(changed))
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not | ast.USub):
            self._add(node, "unary", ast.unparse(node), ast.unparse(node.operand))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        mutated = constant_mutation(node.value)
        if mutated is not None:
            self._add(node, "constant", repr(node.value), repr(mutated))

    def visit_If(self, node: ast.If | ast.IfExp) -> None:
        # Only bare conditions: a comparison, `and`/`or` or `not` is already mutated by its own operator.
        if not isinstance(node.test, ast.Compare | ast.BoolOp | ast.UnaryOp):
            self._add(node.test, "condition", ast.unparse(node.test), f"not {ast.unparse(node.test)}")
        self.generic_visit(node)

    visit_IfExp = visit_If  # noqa: N815 - ast's naming

    def visit_comprehension(self, node: ast.comprehension) -> None:
        for test in node.ifs:
            if not isinstance(test, ast.Compare | ast.BoolOp | ast.UnaryOp):
                self._add(test, "condition", ast.unparse(test), f"not {ast.unparse(test)}")
        self.generic_visit(node)

    # Statements.
    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant):  # a bare string: the docstring of the name assigned above it
            return
        if isinstance(node.value, ast.Call):
            self._statement(node)
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        self._statement(node)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Attribute | ast.Subscript) for t in node.targets):  # a change of state
            self._statement(node)
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is None:
            self._statement(node)
        elif not (isinstance(node.value, ast.Constant) and node.value.value is None):
            self._add(node, "return", ast.unparse(node), "return None")
        self.generic_visit(node)

    def _statement(self, node: ast.stmt) -> None:
        self._add(node, "statement", _first_line(node), "pass")

    def _skip_docstring(self, node: ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            self.skip.add(id(node.body[0]))


def _first_line(node: ast.AST) -> str:
    text = ast.unparse(node).splitlines()[0]
    return text if len(text) <= 100 else text[:97] + "..."


def _line(node: ast.AST) -> int:
    return int(getattr(node, "lineno", 0))


def _col(node: ast.AST) -> int:
    return int(getattr(node, "col_offset", 0))
