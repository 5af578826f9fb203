"""Safe parsing of a Hamiltonian written as text.

The text is parsed with :mod:`ast` and rebuilt node by node into SymPy objects;
nothing of it is ever executed (no ``eval``, no :func:`sympy.sympify`).  Allowed:
numbers, names, ``+ - * / **``, parentheses and a short list of functions
(``sqrt exp cos sin tan cosh sinh tanh log Abs re im conjugate``).  Names:

- ``k_x``, ``k_y``: the crystal momentum;
- ``sigma_0``, ``sigma_x``, ``sigma_y``, ``sigma_z``: the identity and the Pauli
  matrices (``s0 sx sy sz`` are accepted as short forms);
- ``I`` (imaginary unit), ``pi``;
- every other name is a real parameter (or positive, if listed in ``positive``).

A scalar added to a matrix means the scalar times the identity, as in
``kwant.continuum``.
"""

from __future__ import annotations

import ast
import difflib
import re

import sympy as sp

from semisym.errors import ModelError

PAULI = {
    "sigma_0": sp.eye(2),
    "sigma_x": sp.Matrix([[0, 1], [1, 0]]),
    "sigma_y": sp.Matrix([[0, -sp.I], [sp.I, 0]]),
    "sigma_z": sp.Matrix([[1, 0], [0, -1]]),
}
PAULI.update({"s0": PAULI["sigma_0"], "sx": PAULI["sigma_x"],
              "sy": PAULI["sigma_y"], "sz": PAULI["sigma_z"]})

FUNCTIONS = {
    "sqrt": sp.sqrt, "exp": sp.exp, "cos": sp.cos, "sin": sp.sin, "tan": sp.tan,
    "cosh": sp.cosh, "sinh": sp.sinh, "tanh": sp.tanh, "log": sp.log,
    "Abs": sp.Abs, "re": sp.re, "im": sp.im, "conjugate": sp.conjugate,
}

#: names that semisym uses itself and that may not be parameters
RESERVED = {"k", "theta", "z", "zp", "epsilon_F", "u_0", "e"}

#: names that are always positive symbols
ALWAYS_POSITIVE = {"hbar"}

K_X = sp.Symbol("k_x", real=True)
K_Y = sp.Symbol("k_y", real=True)

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MAX_LENGTH = 2000
#: bounds checked on the syntax tree before SymPy sees anything: a short text must not be able to
#: make SymPy expand a huge power, build a huge number or recurse without end
MAX_POWER = 64
MAX_DEPTH = 60
MAX_DIGITS = 60


def _is_matrix(x):
    return isinstance(x, sp.MatrixBase)


def _promote(x):
    return x if _is_matrix(x) else x * sp.eye(2)


class _Builder:
    def __init__(self, positive=(), symbols=None):
        self.positive = set(positive)
        self.symbols = dict(symbols or {})

    def symbol(self, name):
        if name in ("k_x",):
            return K_X
        if name in ("k_y",):
            return K_Y
        if name in PAULI:
            return PAULI[name]
        if name == "I":
            return sp.I
        if name == "pi":
            return sp.pi
        if name in FUNCTIONS:
            raise ModelError(f"'{name}' is a function: write {name}(...)")
        if name.lower().startswith("sigma") or name.lower() in ("sx", "sy", "sz", "s0") and name not in PAULI:
            pauli = [n for n in PAULI if n.startswith("sigma")]
            hint = [n for n in pauli if n == name.lower()] or difflib.get_close_matches(name, pauli, n=1, cutoff=0.3)
            raise ModelError(f"'{name}' is not a Pauli matrix (sigma_0, sigma_x, sigma_y, sigma_z)"
                             + (f": did you mean {hint[0]}?" if hint else ""))
        if name.lower().replace("_", "") in ("kx", "ky"):
            right = "k_" + name.lower().replace("_", "")[-1]
            raise ModelError(f"'{name}' is not a momentum component: did you mean {right}?")
        if name in RESERVED:
            raise ModelError(f"'{name}' is reserved by semisym and cannot be a parameter name")
        if name.startswith("_") or not _NAME.match(name):
            raise ModelError(f"'{name}' is not an allowed parameter name")
        if name not in self.symbols:
            if name in self.positive or name in ALWAYS_POSITIVE:
                self.symbols[name] = sp.Symbol(name, positive=True)
            else:
                self.symbols[name] = sp.Symbol(name, real=True)
        return self.symbols[name]

    def build(self, node):
        if isinstance(node, ast.Expression):
            return self.build(node.body)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ModelError(f"constant {node.value!r} is not a number")
            return sp.nsimplify(node.value) if isinstance(node.value, float) else sp.Integer(node.value)
        if isinstance(node, ast.Name):
            return self.symbol(node.id)
        if isinstance(node, ast.UnaryOp):
            val = self.build(node.operand)
            if isinstance(node.op, ast.USub):
                return -val
            if isinstance(node.op, ast.UAdd):
                return val
            raise ModelError("only + and - are allowed as unary operators")
        if isinstance(node, ast.BinOp):
            a, b = self.build(node.left), self.build(node.right)
            op = node.op
            if isinstance(op, ast.Add):
                return _promote(a) + _promote(b) if (_is_matrix(a) or _is_matrix(b)) else a + b
            if isinstance(op, ast.Sub):
                return _promote(a) - _promote(b) if (_is_matrix(a) or _is_matrix(b)) else a - b
            if isinstance(op, ast.Mult):
                return a * b
            if isinstance(op, ast.Div):
                if _is_matrix(b):
                    raise ModelError("division by a matrix is not allowed")
                return a / b
            if isinstance(op, ast.Pow):
                if _is_matrix(b):
                    raise ModelError("a matrix cannot be an exponent")
                if _is_matrix(a):
                    if not (b.is_Integer and b >= 0):
                        raise ModelError("a matrix can only be raised to a non-negative integer power")
                    return a ** int(b)
                return a ** b
            raise ModelError(f"operator {type(op).__name__} is not allowed")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                name = getattr(node.func, "id", None) or ast.unparse(node.func)
                raise ModelError(f"function '{name}' is not allowed (allowed: {', '.join(sorted(FUNCTIONS))})")
            if node.keywords or len(node.args) != 1:
                raise ModelError(f"{node.func.id}() takes exactly one argument")
            arg = self.build(node.args[0])
            if _is_matrix(arg):
                raise ModelError(f"{node.func.id}() of a matrix is not allowed")
            return FUNCTIONS[node.func.id](arg)
        raise ModelError(f"'{_shown(node)}' is not allowed in a Hamiltonian (numbers, names, + - * / **, "
                         "parentheses and the functions " + ", ".join(sorted(FUNCTIONS)) + ")")


def _shown(node):
    text = ast.unparse(node)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(node):
    """The value of an exponent written as a number (2, -1, 1/2, 0.5), or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _number(node.operand)
        return None if v is None else (-v if isinstance(node.op, ast.USub) else v)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        a, b = _number(node.left), _number(node.right)
        return None if a is None or b in (None, 0) else a / b
    return None


def _check_tree(tree):
    """Bounds on the syntax tree, before SymPy sees it: nesting depth, exponents (plain numbers of
    modulus at most MAX_POWER), integer literals (at most MAX_DIGITS digits)."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ModelError(f"the Hamiltonian is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            v = _number(node.right)
            if v is None:
                raise ModelError(f"an exponent must be a number, got '{_shown(node.right)}'")
            if abs(v) > MAX_POWER:
                raise ModelError(f"the exponent {_shown(node.right)} is larger than {MAX_POWER}")
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
            if abs(node.value) >= 10 ** MAX_DIGITS:
                raise ModelError(f"the number {_shown(node)} has more than {MAX_DIGITS} digits")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _build(text, what, builder):
    """``text`` parsed with :mod:`ast`, bounded (:func:`_check_tree`) and rebuilt by ``builder``;
    one-line ModelErrors naming ``what`` ("Hamiltonian", "disorder correlator")."""
    if not isinstance(text, str):
        raise ModelError(f"the {what} must be given as text (a str), not {type(text).__name__}")
    if not text.strip():
        raise ModelError(f"the {what} text is empty")
    if len(text) > MAX_LENGTH:
        raise ModelError(f"the {what} text is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ModelError(f"cannot parse the {what}: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise ModelError(f"the {what} is nested more than {MAX_DEPTH} levels deep") from None
    _check_tree(tree)
    try:
        return builder.build(tree)
    except ModelError:
        raise
    except (TypeError, ValueError, AttributeError, sp.ShapeError) as exc:
        raise ModelError(f"the text is not a {what}: {exc}") from None


def parse_hamiltonian(text: str, positive=(), symbols=None):
    """Parse ``text`` into a 2x2 SymPy Matrix and the dict of parameter symbols.

    Nothing in ``text`` is executed.  Raises :class:`ModelError` with a one-line
    message for anything that is not a Hamiltonian.
    """
    builder = _Builder(positive=positive, symbols=symbols)
    value = _promote(_build(text, "Hamiltonian", builder))
    return value, {n: s for n, s in builder.symbols.items()}


def parse_expression(text: str, extra=None, what="expression"):
    """Parse ``text`` into a scalar SymPy expression with the Hamiltonian's rules (nothing executed,
    the same bounds); ``extra``: name -> symbol for names with a meaning of their own (the Pauli
    pairs of a disorder correlator).  Other names are real parameters."""
    value = _build(text, what, _Builder(symbols=extra))
    if _is_matrix(value) or value.has(K_X, K_Y):
        raise ModelError(f"the {what} must be a scalar without k_x, k_y")
    return value
