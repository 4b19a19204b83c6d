// `klappt lsp`: a Language Server Protocol server for rule files, parameter YAML and rule
// tests.  The transport (stdio, Content-Length framing) is in cli/lsp_command.cpp; this
// class answers one JSON-RPC message at a time, so it is tested without pipes.
//
// Every answer comes from the engine: diagnostics are those of `klappt rules check` (with
// the open, unsaved texts), hover shows a definition's title, source and interpretation
// or a parameter's value on the check date, go to definition also jumps into parameter
// YAML, formatting is `klappt fmt`, and the code lens „Auswerten“ shows a definition's
// value for the rule set's first rule test case.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace klappt::authoring {

class LanguageServer {
public:
    LanguageServer();
    ~LanguageServer();
    // The messages to send back (responses and notifications), in order.
    std::vector<nlohmann::json> handle(const nlohmann::json& message);
    bool exited() const { return exited_; }

private:
    struct State;
    std::unique_ptr<State> state_;
    bool exited_ = false;
};

}  // namespace klappt::authoring
