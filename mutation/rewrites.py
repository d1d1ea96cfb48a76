"""The changes a mutant makes: the swap tables, the constant tweak, and rewriting a node in place.

`operators` finds where each change applies; this module makes it on a freshly parsed tree.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

__all__ = [
    "ARITHMETIC_SWAPS",
    "BOOL_SWAPS",
    "CALL_SWAPS",
    "COMPARE_SWAPS",
    "constant_mutation",
    "rewrite",
]


COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
ARITHMETIC_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.BitAnd: ast.BitOr,  # set intersection and union
    ast.BitOr: ast.BitAnd,
}
BOOL_SWAPS: dict[type[ast.boolop], type[ast.boolop]] = {ast.And: ast.Or, ast.Or: ast.And}
CALL_SWAPS = {"min": "max", "max": "min", "any": "all", "all": "any"}


def constant_mutation(value: object) -> bool | int | float | str | None:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return f"XX{value}XX"
        return str(number + 1) if number.is_finite() else None
    return None


def _parents(tree: ast.AST) -> dict[int, tuple[ast.AST, str, int | None]]:
    parents: dict[int, tuple[ast.AST, str, int | None]] = {}
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for i, child in enumerate(value):
                    if isinstance(child, ast.AST):
                        parents[id(child)] = (parent, field, i)
            elif isinstance(value, ast.AST):
                parents[id(value)] = (parent, field, None)
    return parents


def _replace(tree: ast.AST, node: ast.AST, replacement: ast.AST) -> None:
    parent, field, index = _parents(tree)[id(node)]
    ast.copy_location(replacement, node)
    if index is None:
        setattr(parent, field, replacement)
    else:
        getattr(parent, field)[index] = replacement


def _rewrite_compare(node: ast.AST, operator: str, tree: ast.Module) -> None:
    assert isinstance(node, ast.Compare)
    i = int(operator.removeprefix("compare[").removesuffix("]"))
    node.ops[i] = COMPARE_SWAPS[type(node.ops[i])]()


def _rewrite_arithmetic(node: ast.AST, operator: str, tree: ast.Module) -> None:
    assert isinstance(node, ast.BinOp | ast.AugAssign)
    node.op = ARITHMETIC_SWAPS[type(node.op)]()


def _rewrite_boolean(node: ast.AST, operator: str, tree: ast.Module) -> None:
    assert isinstance(node, ast.BoolOp)
    node.op = BOOL_SWAPS[type(node.op)]()


def _rewrite_unary(node: ast.AST, operator: str, tree: ast.Module) -> None:
    assert isinstance(node, ast.UnaryOp)
    _replace(tree, node, node.operand)


def _rewrite_constant(node: ast.AST, operator: str, tree: ast.Module) -> None:
    assert isinstance(node, ast.Constant)
    node.value = constant_mutation(node.value)


def _rewrite_condition(node: ast.AST, operator: str, tree: ast.Module) -> None:
    assert isinstance(node, ast.expr)
    _replace(tree, node, ast.copy_location(ast.UnaryOp(op=ast.Not(), operand=node), node))


def _rewrite_statement(node: ast.AST, operator: str, tree: ast.Module) -> None:
    _replace(tree, node, ast.Pass())


def _rewrite_return(node: ast.AST, operator: str, tree: ast.Module) -> None:
    assert isinstance(node, ast.Return)
    node.value = ast.copy_location(ast.Constant(value=None), node.value or node)


def _rewrite_call(node: ast.AST, operator: str, tree: ast.Module) -> None:
    assert isinstance(node, ast.Name)
    node.id = CALL_SWAPS[node.id]


_Rewrite = Callable[[ast.AST, str, ast.Module], None]


class _Rewrites(dict[str, _Rewrite]):
    def __missing__(self, operator: str) -> _Rewrite:
        if operator.startswith("compare["):
            return _rewrite_compare
        raise KeyError(operator)


_REWRITES = _Rewrites(
    arithmetic=_rewrite_arithmetic,
    boolean=_rewrite_boolean,
    unary=_rewrite_unary,
    constant=_rewrite_constant,
    condition=_rewrite_condition,
    statement=_rewrite_statement,
    **{"return": _rewrite_return},
    call=_rewrite_call,
)


def rewrite(node: ast.AST, operator: str, tree: ast.Module) -> None:
    """Make the change `operator` names at `node`, in place in `tree`."""
    _REWRITES[operator](node, operator, tree)
