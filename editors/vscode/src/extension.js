// The VS Code client of `klappt lsp`: starts the server for *.rules (and the YAML files of a
// rule set: parameter/*.yaml, tests/*.yaml) and shows its diagnostics, hover, definitions,
// completion, formatting and the code lens „Auswerten“.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("klappt");
  const command = config.get("pfad") || "klappt";
  const serverOptions = { command, args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "klappt" },
      { scheme: "file", pattern: "**/parameter/*.yaml" },
      { scheme: "file", pattern: "**/tests/*.yaml" },
    ],
    initializationOptions: { stichtag: config.get("stichtag") || "" },
  };
  client = new LanguageClient("klappt", "klappt", serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
