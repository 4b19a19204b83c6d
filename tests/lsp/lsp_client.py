#!/usr/bin/env python3
"""A scripted LSP client for `klappt lsp` (ctest: lsp.scripted_client).

Copies a small rule set to a temporary folder, opens a rule file with a mistake through the
server, and checks: the diagnostic arrives (with its suggested fix), hover shows title and
source, definition jumps into the parameter YAML, completion offers names, document symbols,
formatting, the texts people read (rechenweg: a placeholder mistake, hover, completion of the
keywords) and the code lens „Auswerten“.  Usage: lsp_client.py KLAPPT_BINARY SOURCE_DIR
"""
import json, os, shutil, subprocess, sys, tempfile

klappt, source = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()
try:
    shutil.copytree(os.path.join(source, "tests", "golden", "rule_tests"), os.path.join(work, "set"))
    rules = os.path.join(work, "set")
    path = os.path.join(rules, "pruefung.rules")
    uri = "file://" + path
    proc = subprocess.Popen([klappt, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(msg):
        body = json.dumps(msg).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def receive():
        length = 0
        while True:
            line = proc.stdout.readline()
            if not line:
                raise SystemExit("server closed the connection")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(proc.stdout.read(length))

    next_id = [0]
    def request(method, params):
        next_id[0] += 1
        send({"jsonrpc": "2.0", "id": next_id[0], "method": method, "params": params})
        while True:
            msg = receive()
            if msg.get("id") == next_id[0]:
                return msg["result"]

    def expect(cond, what):
        if not cond:
            raise SystemExit("FAILED: " + what)
        print("ok  " + what)

    caps = request("initialize", {"processId": None, "rootUri": "file://" + rules, "capabilities": {},
                                  "initializationOptions": {"stichtag": "2021-03-15"}})["capabilities"]
    expect(caps["hoverProvider"] and caps["definitionProvider"] and "codeLensProvider" in caps, "initialize: capabilities")
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    text = open(path).read().replace("k.stunden >= 10", "k.stunden >= 10 €")  # a mistake
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "klappt", "version": 1, "text": text}}})
    diagnostics = None
    while diagnostics is None:
        msg = receive()
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            diagnostics = msg["params"]["diagnostics"]
    expect(len(diagnostics) == 1 and "int und money" in diagnostics[0]["message"], "diagnostic for the mistake")
    expect(diagnostics[0]["range"]["start"]["line"] == 3, "diagnostic on line 4")

    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": open(path).read()}]}})
    while True:
        msg = receive()
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            expect(msg["params"]["diagnostics"] == [], "diagnostic gone after the fix")
            break

    lines = open(path).read().split("\n")
    line = next(i for i, l in enumerate(lines) if l.startswith("rule ok"))
    col = lines[line].index("volljaehrig, genug")
    hover = request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 2}})
    expect("volljährig bei Kursbeginn" in hover["contents"]["value"] and "Beispiel Nr. 1" in hover["contents"]["value"],
           "hover: title and source")
    satz_line = next(i for i, l in enumerate(lines) if "* satz" in l)
    hover = request("textDocument/hover", {"textDocument": {"uri": uri},
                                           "position": {"line": satz_line, "character": lines[satz_line].index("* satz") + 3}})
    expect("37,50" in hover["contents"]["value"], "hover: parameter value on the check date")
    locations = request("textDocument/definition", {"textDocument": {"uri": uri},
                                                     "position": {"line": satz_line, "character": lines[satz_line].index("* satz") + 3}})
    expect(any(l["uri"].endswith("parameter/saetze.yaml") for l in locations), "definition: into the parameter YAML")
    locations = request("textDocument/definition", {"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 2}})
    expect(locations and locations[0]["range"]["start"]["line"] == 2, "definition: the rule")
    refs = request("textDocument/references", {"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 2},
                                               "context": {"includeDeclaration": True}})
    expect(len(refs) >= 2, "references")
    items = request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 0}})
    labels = {i["label"] for i in items}
    expect({"volljaehrig", "genug_stunden", "satz", "geburtsdatum", "stunden"} <= labels, "completion: names, fields, parameters")
    details = {i["label"]: i.get("detail") for i in items}
    expect(details.get("age") == "age(birth: date, on: date): int" and details.get("value_or") == "value_or(…)" and
           details.get("sum") == "sum(x in liste …)" and details.get("count") == "count(…) oder count(x in liste …)",
           "completion: the built-in functions, from dsl/builtins.hpp")
    symbols = request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    expect([s["name"] for s in symbols] == ["volljaehrig", "genug_stunden", "ok", "betrag", "gruende"], "document symbols")
    edits = request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})
    expect(isinstance(edits, list), "formatting")

    # The texts people read: a mistake in a placeholder is a diagnostic on its line; hover on
    # a definition shows its rechenweg, hover on the keywords says what they do; completion
    # offers them and the placeholder functions.
    with_texts = open(path).read().replace(
        'output betrag: money "Betrag"',
        'output betrag: money "Betrag"\n  rechenweg "{k.stunden} Stunden × {satz_falsch}" when ok\n  rechenweg "keine Förderung"\n ')
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": with_texts}]}})
    while True:
        msg = receive()
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            d = msg["params"]["diagnostics"]
            expect(len(d) == 1 and "satz_falsch" in d[0]["message"] and d[0]["range"]["start"]["line"] == 6,
                   "diagnostic for a wrong name in a rechenweg placeholder")
            break
    with_texts = with_texts.replace("satz_falsch", "satz")
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": with_texts}]}})
    while True:
        msg = receive()
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            expect(msg["params"]["diagnostics"] == [], "rechenweg accepted after the fix")
            break
    tlines = with_texts.split("\n")
    betrag_line = next(i for i, l in enumerate(tlines) if l.startswith("output betrag"))
    hover = request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": betrag_line, "character": 9}})
    expect('Rechenweg: `"{k.stunden} Stunden × {satz}"` (+1 Fassungen mit when)' in hover["contents"]["value"],
           "hover: a definition's rechenweg as written")
    hover = request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": betrag_line + 1, "character": 4}})
    expect(hover and "Rechenweg" in hover["contents"]["value"] and "when" in hover["contents"]["value"],
           "hover: the keyword rechenweg")
    placeholder = tlines[betrag_line + 1].index("{satz}") + 2
    hover = request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": betrag_line + 1, "character": placeholder}})
    expect(hover and "37,50" in hover["contents"]["value"], "hover: a parameter inside a placeholder")
    items = request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": betrag_line + 1, "character": 2}})
    labels = {i["label"] for i in items}
    expect({"rechenweg", "wenn_nicht", "urteil", "hinweis", "rechenweg()", "gruende()", "code()"} <= labels,
           "completion: the keywords of the texts and the placeholder functions")

    ergebnis = os.path.join(rules, "ergebnis.rules")
    lenses = request("textDocument/codeLens", {"textDocument": {"uri": "file://" + ergebnis}})
    expect(lenses and lenses[0]["command"]["title"].startswith("Auswerten:"), "code lens „Auswerten“")
    request("shutdown", None)
    send({"jsonrpc": "2.0", "method": "exit"})
    expect(proc.wait(timeout=10) == 0, "exit")
finally:
    shutil.rmtree(work, ignore_errors=True)
