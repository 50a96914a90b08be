"""The only evaluator of expressions written in diagrams.

A diagram comes from people, so its expressions must not reach Python's internals. Each expression
is checked against a whitelist of syntax before it is evaluated by simpleeval, with the instance's
data and a few pure functions as its whole world: no builtins, no attributes, no imports.
"""

import ast

import simpleeval

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from .errors import InvalidExpression

SAFE_FUNCTIONS = {
    "len": len,
    "int": int,
    "float": float,
    "str": str,
    "abs": abs,
    "min": min,
    "max": max,
    "round": round,
    "lower": lambda s: str(s).lower(),
    "upper": lambda s: str(s).upper(),
}
CONSTANTS = {"True": True, "False": False, "None": None, "true": True, "false": False}

_ALLOWED_NODES = (
    ast.Expression, ast.Name, ast.Load, ast.Constant, ast.Compare, ast.BoolOp, ast.And, ast.Or,
    ast.UnaryOp, ast.Not, ast.USub, ast.UAdd, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div,
    ast.Mod, ast.FloorDiv, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn,
    ast.Is, ast.IsNot, ast.IfExp, ast.Call, ast.Subscript, ast.Tuple, ast.List, ast.Slice,
)
MAX_LENGTH = 1000


def check(expression):
    """Refuse an expression that uses anything outside the whitelist; return its parsed tree."""
    if not isinstance(expression, str) or not expression.strip():
        raise InvalidExpression("expression.empty")
    if len(expression) > MAX_LENGTH:
        raise InvalidExpression("expression.too_long", limit=MAX_LENGTH)
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        raise InvalidExpression("expression.syntax", expression=expression, detail=error.msg) from None
    for node in ast.walk(tree):
        _check_node(node, expression)
    return tree


def _check_node(node, expression):
    if not isinstance(node, _ALLOWED_NODES):
        raise InvalidExpression("expression.forbidden", expression=expression, what=_describe(node))
    if isinstance(node, ast.Name) and node.id.startswith("_"):
        raise InvalidExpression("expression.underscore_name", expression=expression, name=node.id)
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in SAFE_FUNCTIONS:
            raise InvalidExpression("expression.call", expression=expression, choices=sorted(SAFE_FUNCTIONS))
        if node.keywords:
            raise InvalidExpression("expression.keywords", expression=expression)
    if isinstance(node, ast.Constant) and not isinstance(node.value, (str, int, float, bool, type(None))):
        raise InvalidExpression("expression.constant", expression=expression)


def _describe(node):
    """The construct as the expression writes it: `.attr`, `lambda`, or Python's name for the node."""
    if isinstance(node, ast.Attribute):
        return f".{node.attr}"
    if isinstance(node, (ast.Lambda, ast.ListComp, ast.GeneratorExp, ast.DictComp, ast.SetComp)):
        return "lambda" if isinstance(node, ast.Lambda) else "comprehension"
    return type(node).__name__


class _Evaluator(simpleeval.SimpleEval):
    def __init__(self, names):
        super().__init__(functions=dict(SAFE_FUNCTIONS), names={**CONSTANTS, **names})
        for kind in (ast.Attribute, ast.JoinedStr, ast.FormattedValue, ast.Assign, ast.AugAssign, ast.Import):
            self.nodes.pop(kind, None)
        self.nodes[ast.Tuple] = lambda node: tuple(self._eval(x) for x in node.elts)
        self.nodes[ast.List] = lambda node: [self._eval(x) for x in node.elts]


def evaluate(expression, data):
    """Evaluate `expression` with `data` (a dict of JSON values) as its only names."""
    check(expression)
    names = {k: v for k, v in data.items() if isinstance(k, str) and not k.startswith("_")}
    try:
        return _Evaluator(names).eval(expression.strip())
    except simpleeval.NameNotDefined as error:
        raise InvalidExpression("expression.unknown_name", expression=expression, name=error.name) from None
    except simpleeval.InvalidExpression as error:
        raise InvalidExpression("expression.invalid", expression=expression, detail=str(error)) from None
    except (TypeError, ValueError, ZeroDivisionError, KeyError, IndexError) as error:
        raise InvalidExpression("expression.failed", expression=expression, detail=str(error)) from None


class SafeEnvironment(BasePythonScriptEngineEnvironment):
    """SpiffWorkflow's script environment, reduced to the safe evaluator and no scripts at all."""

    def evaluate(self, expression, context, external_context=None):
        return evaluate(expression, context)

    def execute(self, script, context, external_context=None):
        raise InvalidExpression("expression.script")

    def call_service(self, context, **kwargs):
        raise InvalidExpression("expression.service")


def script_engine():
    return PythonScriptEngine(environment=SafeEnvironment())
