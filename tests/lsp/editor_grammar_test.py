#!/usr/bin/env python3
"""The VS Code package (editors/vscode/) is valid, and its TextMate grammar highlights the
keywords of the rule language — the texts people read (rechenweg, wenn_nicht, urteil,
hinweis … when …) included — and the placeholders inside their strings.
(Python's `re` reads these simple patterns as Oniguruma does.)  Usage: editor_grammar_test.py SOURCE_DIR
"""
import json, os, re, sys

root = os.path.join(sys.argv[1], "editors", "vscode")
for name in ("package.json", "language-configuration.json", os.path.join("syntaxes", "klappt.tmLanguage.json")):
    json.load(open(os.path.join(root, name)))  # raises on invalid JSON
grammar = json.load(open(os.path.join(root, "syntaxes", "klappt.tmLanguage.json")))
repo = grammar["repository"]

def expect(cond, what):
    if not cond:
        raise SystemExit("FAILED: " + what)
    print("ok  " + what)

line = '  rechenweg "{rechenweg(stunden)} × {p4_je_ustd} = {pauschale}" when pruefungsgebuehren > 0 €'
m = re.search(repo["text_keyword"]["match"], line)
expect(m and m.group(1) == "rechenweg", "rechenweg at the start of a text is a keyword")
for word in ("wenn_nicht", "urteil", "hinweis"):
    expect(re.search(repo["text_keyword"]["match"], '  %s "text"' % word), word + " is a keyword")
expect(not re.search(repo["text_keyword"]["match"], "  = rechenweg + 1"), "a name rechenweg in an expression is not")
expect(re.search(repo["keyword"]["match"], line[line.index("when"):]), "when is a keyword")
placeholder = repo["placeholder"]
expect(re.match(placeholder["begin"], "{") and re.match(placeholder["end"], "}"), "placeholders are delimited by braces")
functions = next(p["match"] for p in placeholder["patterns"] if p.get("name") == "support.function.klappt")
expect(all(re.match(functions, f + "(x)") for f in ("rechenweg", "gruende", "code")), "placeholder functions")
builtin = repo["builtin"]["match"]
expect(re.match(builtin, "age(geburtsdatum, on: stichtag)") and re.match(builtin, "sum (k in kurse: k.betrag)"),
       "built-in functions before their parenthesis")
expect(not re.match(builtin, "age_ok") and not re.match(builtin, "days") and not re.search(builtin, "summe(x)"),
       "a name that only starts like a built-in, or one without a call, is not one")
expect("#builtin" in [p.get("include") for p in grammar["patterns"]] and
       "#builtin" in [p.get("include") for p in placeholder["patterns"]], "built-ins are highlighted, also in placeholders")
string_patterns = [p.get("include") for p in repo["string"]["patterns"]]
expect("#placeholder" in string_patterns, "strings contain placeholders")
expect(any(re.fullmatch(p.get("match", "^$"), "{{") for p in repo["string"]["patterns"]), "{{ is a brace itself")
expect("#text_keyword" in [p.get("include") for p in grammar["patterns"]], "text keywords are highlighted")
