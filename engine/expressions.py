"""The only evaluator of expressions written in diagrams.

A diagram comes from people, so its expressions must not reach Python's internals. Each expression
is checked against a whitelist of syntax before it is evaluated by simpleeval, with the instance's
data and a few pure functions as its whole world: no builtins, no attributes, no imports.

Nor may an expression build a huge value (a condition compares values; it need not make them):
- `%` is the remainder of two numbers only, never text formatting (`"%0300000000d" % 1`);
- `*` multiplies numbers only, never repeats text or a list (`"a" * 10**9`, `[1] * 10**9`);
- `**`, `<<` and the other bit operators are not allowed at all (`10 ** 10 ** 10`);
- `+` joins text or lists up to MAX_VALUE characters or items, and arithmetic stays within a double's range
  (integers up to about 1.8e308, as number fields hold); `round` rounds to at most ROUND_DIGITS digits.
Deploy refuses what the text shows (a `%` or `*` next to text or a list written out, a `round` to too many
digits); evaluation refuses the rest, whatever the data holds.
"""

import ast
import functools
import threading

import simpleeval

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from .errors import InvalidExpression

MAX_VALUE = 100_000   # characters of text or items of a list that `+` may build
ROUND_DIGITS = 15     # `round(x, n)` takes n from -15 to 15


class _TooBig(Exception):
    """An operation that would build a huge value; `evaluate` turns it into InvalidExpression(code)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


def _round(number, digits=None):
    if digits is not None and (not isinstance(digits, int) or abs(digits) > ROUND_DIGITS):
        raise _TooBig("expression.round_digits", digits=digits, limit=ROUND_DIGITS)
    return round(number) if digits is None else round(number, digits)


SAFE_FUNCTIONS = {
    "len": len,
    "int": int,
    "float": float,
    "str": str,
    "abs": abs,
    "min": min,
    "max": max,
    "round": _round,
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
_SYMBOLS = {ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
            ast.MatMult: "@", ast.Invert: "~"}
_TEXT_FUNCTIONS = ("str", "lower", "upper")


def check(expression):
    """Refuse an expression that uses anything outside the whitelist; return its parsed tree."""
    if not isinstance(expression, str):
        raise InvalidExpression("expression.empty")
    return _checked(expression)


@functools.lru_cache(maxsize=1024)  # a diagram's few conditions are evaluated at every step: parsed and checked once
def _checked(expression):
    if not expression.strip():
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
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _written_text(node.left):
        raise InvalidExpression("expression.formatting", expression=expression)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and \
            (_written_text(node.left) or _written_text(node.right)):
        raise InvalidExpression("expression.repetition", expression=expression)
    if isinstance(node, ast.Call) and node.func.id == "round" and len(node.args) > 1:
        digits, sign = node.args[1], 1
        if isinstance(digits, ast.UnaryOp) and isinstance(digits.op, ast.USub):
            digits, sign = digits.operand, -1
        if isinstance(digits, ast.Constant) and isinstance(digits.value, int) and abs(digits.value) > ROUND_DIGITS:
            raise InvalidExpression("expression.round_digits", expression=expression, digits=sign * digits.value,
                                    limit=ROUND_DIGITS)


def _written_text(node):
    """Is `node` text or a list as the expression writes it: a string, a list or tuple, str(), lower(), upper()."""
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(node, (ast.List, ast.Tuple)) \
        or (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _TEXT_FUNCTIONS)


def _describe(node):
    """The construct as the expression writes it: `.attr`, `lambda`, or Python's name for the node."""
    if isinstance(node, ast.Attribute):
        return f".{node.attr}"
    if type(node) in _SYMBOLS:
        return _SYMBOLS[type(node)]
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
        for kind in (ast.Pow, ast.LShift, ast.RShift, ast.BitOr, ast.BitAnd, ast.BitXor, ast.Invert):
            self.operators.pop(kind, None)
        self.operators.update({ast.Add: _add, ast.Sub: _arithmetic(lambda a, b: a - b),
                               ast.Mult: _arithmetic(lambda a, b: a * b, "expression.repetition"),
                               ast.Mod: _arithmetic(lambda a, b: a % b, "expression.formatting"),
                               ast.Div: _arithmetic(lambda a, b: a / b),
                               ast.FloorDiv: _arithmetic(lambda a, b: a // b)})


def _is_number(value):
    return isinstance(value, (int, float))  # bool is an int: True * 2 is 2


def _within_range(result):
    if isinstance(result, int) and result.bit_length() > 1024:  # beyond a double's range
        raise _TooBig("expression.number_too_large")
    return result


def _arithmetic(operation, code_for_other=None):
    """An operator on numbers; `code_for_other` refuses any other operands before Python repeats or formats."""
    def apply(a, b):
        if code_for_other and not (_is_number(a) and _is_number(b)):
            raise _TooBig(code_for_other)
        return _within_range(operation(a, b))
    return apply


def _add(a, b):
    if isinstance(a, (str, list, tuple)) and isinstance(b, (str, list, tuple)) and len(a) + len(b) > MAX_VALUE:
        raise _TooBig("expression.value_too_long", limit=MAX_VALUE)
    return _within_range(a + b)


_EVALUATORS = threading.local()   # one evaluator a thread, given each evaluation's names (making one: 15 us)


def evaluate(expression, data):
    """Evaluate `expression` with `data` (a dict of JSON values) as its only names."""
    tree = check(expression)
    names = {k: v for k, v in data.items() if isinstance(k, str) and not k.startswith("_")}
    evaluator = getattr(_EVALUATORS, "evaluator", None)
    if evaluator is None:
        evaluator = _EVALUATORS.evaluator = _Evaluator({})
    evaluator.names = {**CONSTANTS, **names}
    try:
        return evaluator.eval(expression, previously_parsed=tree.body)
    except _TooBig as refused:
        raise InvalidExpression(refused.code, expression=expression, **refused.params) from None
    except simpleeval.NameNotDefined as error:
        raise InvalidExpression("expression.unknown_name", expression=expression, name=error.name) from None
    except simpleeval.InvalidExpression as error:
        raise InvalidExpression("expression.invalid", expression=expression, detail=str(error)) from None
    except (TypeError, ValueError, ArithmeticError, KeyError, IndexError) as error:
        raise InvalidExpression("expression.failed", expression=expression, detail=str(error)) from None
    finally:
        evaluator.names = CONSTANTS   # the instance's data is not kept past its evaluation


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
