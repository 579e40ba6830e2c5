"""A small, deterministic YAML writer for the generated rule files: block scalars (`|`) for multi-line PromQL,
double quotes only where plain YAML would be ambiguous, keys in insertion order, and `__comment__` entries
written as comments. Standard library only."""
import json
import re

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:/@-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    if re.fullmatch(r"\d+[smhdwy]", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _block(text, indent):
    pad = " " * indent
    body = text.rstrip("\n").split("\n")
    return ["|"] + [(pad + line) if line else "" for line in body]


def emit(obj, indent=0):
    """Lines of YAML for obj (dict, list or scalar), indented by `indent` spaces."""
    pad = " " * indent
    lines = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "__comment__":
                lines += [pad + "# " + c if c else pad + "#" for c in value.split("\n")]
                continue
            if isinstance(value, str) and "\n" in value:
                block = _block(value, indent + 2)
                lines.append("%s%s: %s" % (pad, key, block[0]))
                lines += block[1:]
            elif isinstance(value, dict) and value:
                lines.append("%s%s:" % (pad, key))
                lines += emit(value, indent + 2)
            elif isinstance(value, list) and value:
                if all(not isinstance(v, (dict, list)) for v in value) and len(value) <= 8:
                    lines.append("%s%s: [%s]" % (pad, key, ", ".join(scalar(v) for v in value)))
                else:
                    lines.append("%s%s:" % (pad, key))
                    lines += emit(value, indent + 2)
            elif isinstance(value, (dict, list)):
                lines.append("%s%s: %s" % (pad, key, "{}" if isinstance(value, dict) else "[]"))
            else:
                lines.append("%s%s: %s" % (pad, key, scalar(value)))
    elif isinstance(obj, list):
        for item in obj:
            if isinstance(item, dict):
                sub = emit(item, indent + 2)
                # the first non-comment line carries the "- "
                first = next(i for i, l in enumerate(sub) if not l.lstrip().startswith("#"))
                for i, l in enumerate(sub):
                    if i == first:
                        lines.append(pad + "- " + l[indent + 2:])
                    elif i < first:
                        lines.append(pad + l.lstrip())   # a comment above the item
                    else:
                        lines.append(l)
            else:
                lines.append(pad + "- " + scalar(item))
    else:
        lines.append(pad + scalar(obj))
    return lines


def dump(obj, header=""):
    return header + "\n".join(emit(obj)) + "\n"
